"""The audit trail, change metadata and document migration from Python."""

from __future__ import annotations

import copy
import json
import pickle
from datetime import datetime, timezone

import pytest

import valuepm

AT = "2026-03-01T09:30:00Z"


def project() -> valuepm.Project:
    return valuepm.Project("P-1", "Pilot", "EUR", "2026-01-01", "2026-12-31", 0.08)


def test_a_new_project_has_an_empty_trail_and_revision_0() -> None:
    p = project()
    assert p.revision == 0
    trail = p.audit_trail()
    assert len(trail) == 0 and trail.entries() == []
    assert trail.last_hash == "0" * 64
    assert p.change_meta() == {"actor": ""}


def test_update_is_audited_with_the_change_context() -> None:
    p = project()
    previous = p.set_change_meta("alice", reason="budget review", at=AT)
    assert previous == {"actor": ""}
    assert p.change_meta() == {"actor": "alice", "reason": "budget review", "at": AT}
    p.update(name="Pilot 2", discount_rate=0.1)
    assert p.revision == 1
    entries = p.audit_trail().entries()
    assert [(e["path"], e["op"], e["old"], e["new"]) for e in entries] == [
        ("discount_rate", "changed", 0.08, 0.1),
        ("name", "changed", "Pilot", "Pilot 2"),
    ]
    assert {(e["actor"], e["reason"], e["at"], e["project_id"]) for e in entries} == {
        ("alice", "budget review", AT, "P-1")
    }
    assert entries[0]["prev_hash"] == "0" * 64 and entries[1]["prev_hash"] == entries[0]["hash"]
    # An update that changes nothing records nothing and keeps the revision.
    p.update(name="Pilot 2")
    assert p.revision == 1 and len(p.audit_trail()) == 2


def test_update_may_not_set_the_library_fields_and_a_refused_change_records_nothing() -> None:
    p = project()
    for field, value in (("revision", 5), ("schema_version", 1), ("id", "P-2")):
        with pytest.raises(valuepm.ValidationError) as caught:
            p.update(**{field: value})
        assert caught.value.path == field
    with pytest.raises(valuepm.ValidationError):
        p.update(end_date="2025-01-01")
    assert p.revision == 0 and len(p.audit_trail()) == 0


def test_every_mutator_is_audited_and_a_transition_records_its_own_actor() -> None:
    p = project()
    p.set_change_meta({"actor": "importer", "at": datetime(2026, 2, 1, tzinfo=timezone.utc)})
    p.add_line_item(valuepm.LineItem.one_off("capex", "Servers", "capex", "2026-02-01", valuepm.Money("1000", "EUR")))
    p.record_actual("capex", "2026-02-03", valuepm.Money("990", "EUR"))
    p.transition("approved", by="cfo", at=AT, reason="business case")
    paths = [(e["path"], e["actor"]) for e in p.audit_trail().entries()]
    assert paths == [
        ("line_items[capex]", "importer"),
        ("line_items[capex].actuals[0]", "importer"),
        ("history[0]", "cfo"),
        ("state", "cfo"),
    ]
    assert p.revision == 3
    assert p.audit_trail().entries()[0]["at"] == "2026-02-01T00:00:00Z"


def test_change_context_manager_restores_the_context_and_rolls_back_on_error() -> None:
    p = project()
    p.set_change_meta("alice", at=AT)
    with p.change("bob", reason="tags", at=AT) as same:
        assert same is p
        assert p.change_meta()["actor"] == "bob"
        p.update(tags=["pilot"])
    assert p.change_meta() == {"actor": "alice", "at": AT}
    assert p.audit_trail().entries()[0]["actor"] == "bob"
    with pytest.raises(RuntimeError):
        with p.change("carol", at=AT):
            p.update(tags=["pilot", "north"])
            p.update(name="Renamed")
            raise RuntimeError("abandon")
    assert p.tags == ["pilot"] and p.name == "Pilot"
    assert p.revision == 1 and len(p.audit_trail()) == 1
    assert p.change_meta() == {"actor": "alice", "at": AT}


def test_trail_queries_csv_and_query_trails() -> None:
    a, b = project(), valuepm.Project("P-2", "Other", "EUR", "2026-01-01", "2026-12-31", 0.08)
    a.set_change_meta("alice", at="2026-03-01T00:00:00Z")
    a.update(name="A", tags=["x"])
    b.set_change_meta("bob", at="2026-02-01T00:00:00Z")
    b.update(name="B")
    trail = a.audit_trail()
    assert [e["path"] for e in trail.query(path_prefix="tags")] == ["tags[0]"]
    assert [e["seq"] for e in trail.query({"actor": "alice"}, path_prefix="name")] == [0]
    assert trail.query(actor="bob") == []
    assert trail.query(from_=datetime(2026, 3, 2, tzinfo=timezone.utc)) == []
    assert len(trail.query(to="2026-03-01T00:00:00Z")) == 2
    with pytest.raises(valuepm.ValidationError) as caught:
        trail.query(colour="red")
    assert caught.value.path.startswith("query")
    rows = trail.to_csv().splitlines()
    assert rows[0] == "seq,at,actor,project_id,path,op,old,new,reason,prev_hash,hash"
    assert rows[1].startswith("0,2026-03-01T00:00:00Z,alice,P-1,name,changed,")
    both = valuepm.query_trails([a.audit_trail(), b.audit_trail()])
    assert [(e["project_id"], e["path"]) for e in both] == [("P-2", "name"), ("P-1", "name"), ("P-1", "tags[0]")]
    assert [e["project_id"] for e in valuepm.query_trails([a.audit_trail(), b.audit_trail()], actor="bob")] == ["P-2"]


def test_saved_trails_load_verified_and_tampering_is_detected() -> None:
    p = project()
    p.set_change_meta("alice", at=AT)
    p.update(name="A")
    p.update(discount_rate=0.09)
    trail = p.audit_trail()
    assert valuepm.AuditTrail.from_json(trail.to_json()) == trail
    assert valuepm.AuditTrail.from_dict(trail.to_dict()) == trail
    assert pickle.loads(pickle.dumps(trail)) == trail
    trail.verify()
    document = trail.to_dict()
    document["entries"][1]["new"] = 0.5
    with pytest.raises(valuepm.TamperedError) as caught:
        valuepm.AuditTrail.from_dict(document)
    e = caught.value
    assert isinstance(e, ValueError) and e.kind == "tampered" and e.path == "entries[1].hash" and e.index == 1
    document = trail.to_dict()
    del document["entries"][0]
    with pytest.raises(valuepm.TamperedError) as caught:
        valuepm.AuditTrail.from_json(json.dumps(document))
    assert caught.value.path == "entries[0].seq"
    with pytest.raises(valuepm.ParseError):
        valuepm.AuditTrail.from_json("{")


def test_a_project_loads_with_its_trail_and_extends_it() -> None:
    p = project()
    p.set_change_meta("alice", at=AT)
    p.update(name="A")
    q = valuepm.Project.from_json_with_trail(p.to_json(), p.audit_trail().to_json())
    assert q.audit_trail() == p.audit_trail() and q.revision == 1
    q.set_change_meta("bob", at=AT)
    q.update(name="B")
    entries = q.audit_trail().entries()
    assert len(entries) == 2 and entries[1]["prev_hash"] == entries[0]["hash"]
    # Dicts work too; a trail of another project is refused.
    assert valuepm.Project.from_json_with_trail(p.to_dict(), p.audit_trail().to_dict()) == p
    other = valuepm.Project("P-9", "Other", "EUR", "2026-01-01", "2026-12-31", 0.08)
    with pytest.raises(valuepm.TamperedError) as caught:
        valuepm.Project.from_json_with_trail(other.to_json(), p.audit_trail().to_json())
    assert caught.value.path == "entries[0].project_id"
    # A copy carries the trail; its changes are its own.
    c = copy.copy(q)
    c.update(name="C")
    assert len(c.audit_trail()) == 3 and len(q.audit_trail()) == 2


def test_documents_of_version_1_are_migrated_on_load() -> None:
    v1 = json.loads(project().to_json())
    v1["schema_version"] = 1
    del v1["revision"]
    assert valuepm.Project.from_dict(v1).revision == 0
    assert valuepm.Project.from_json(json.dumps(v1)).to_dict()["schema_version"] == 2
    migrated = valuepm.migrate_document("project", v1)
    assert migrated["schema_version"] == 2 and migrated["revision"] == 0
    text = valuepm.migrate_document("project", json.dumps(v1))
    assert isinstance(text, str) and json.loads(text) == migrated
    assert valuepm.migrate_document("template", {"schema_version": 1, "id": "t"}) == {"schema_version": 1, "id": "t"}
    assert valuepm.migrate_document("audit_trail", {"schema_version": 1})["schema_version"] == 1
    portfolio = valuepm.migrate_document("portfolio", {"schema_version": 1, "projects": [{"project": v1}]})
    assert portfolio["schema_version"] == 2 and portfolio["projects"][0]["project"]["revision"] == 0
    with pytest.raises(valuepm.UnsupportedSchemaVersionError):
        valuepm.migrate_document("project", {"schema_version": 3})
    with pytest.raises(valuepm.ValidationError) as caught:
        valuepm.migrate_document("project", {"id": "x"})
    assert caught.value.path == "schema_version"
    with pytest.raises(valuepm.ParseError):
        valuepm.migrate_document("project", "{")
    with pytest.raises(valuepm.InvalidArgumentError) as caught:
        valuepm.migrate_document("spreadsheet", {})
    assert caught.value.path == "kind"

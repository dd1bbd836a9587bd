#!/usr/bin/env python3
"""Writes conformance/audit.json: the audit trail (entries recorded by a scripted sequence
of changes, their hash chain, CSV and queries), loading saved trails (tampered ones
refused) and document migrations.

Expected values are worked here, independently of the Rust code under test:
- every audit entry (path, op, old, new) is written by hand from the path rules in the
  module documentation of valuepm-core/src/audit.rs: id-keyed list paths, a money value
  compared whole, one more entry for a new order of an id-keyed list, `null` recorded
  as empty, `schema_version` and `revision` never recorded, nothing recorded for a
  change that fails or changes nothing; `new` is the core's JSON form of what was added
  (its defaults written out by hand: `actuals: []`, `measurements: []`, `status: "open"`);
- each entry's hash is SHA-256 (Python's hashlib) of its canonical bytes as
  `AuditEntry::canonical_bytes` documents them: sorted keys at every depth, no
  whitespace, UTF-8, `old`/`new`/`reason` null when empty;
- the CSV as `AuditTrail::to_csv` documents it: a header row, then one row per entry;
  `old`/`new` as compact JSON with sorted keys (empty when empty); fields quoted only
  when they hold a comma, a quote or a line break, quotes doubled; `\\n` after each row
  (the csv crate's defaults);
- query results by filtering with the documented rules (every filter applies; time
  bounds inclusive; a path prefix matches whole segments), each also written by hand;
- migrations from the table in valuepm-core/src/document.rs, applied by hand to the
  saved version 1 documents in valuepm-core/tests/data/documents/.

Run from the repository root:

    python3 conformance/tools/make_audit_cases.py
"""
import copy
import hashlib
import json
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "conformance" / "audit.json"
DOCUMENTS = ROOT / "valuepm-core" / "tests" / "data" / "documents"
TEMPLATE = ROOT / "valuepm-core" / "src" / "template" / "builtin" / "software_development.json"

GENESIS = "0" * 64
PROJECT_ID = "AUD-7"
RULES = "the path rules of valuepm-core/src/audit.rs (module docs)"
HASHES = "SHA-256 over the canonical bytes documented by AuditEntry::canonical_bytes (hashlib)"


def eur(amount):
    return {"amount": amount, "currency": "EUR"}


# --- canonical JSON, hashes, CSV -------------------------------------------------------

def check_floats(value, at="value"):
    """serde_json writes floats as the shortest round trip, like Python's repr, except in
    exponent notation (`1e-7` vs `1e-07`, switching at other magnitudes): keep to the
    range where both write the same digits.

    Integral floats are fine: the canonical bytes write a float with an integral value
    below 2**53 as that integer (`1.0` as `1`), as JavaScript's JSON.stringify does, so
    trails keep their hashes through any JSON tool (see `integral`)."""
    if isinstance(value, float):
        assert value == 0 or 1e-4 <= abs(value) < 1e16, f"{at}: {value!r} may be written differently by serde_json"
    elif isinstance(value, dict):
        for k, v in value.items():
            check_floats(v, f"{at}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            check_floats(v, f"{at}[{i}]")


def integral(value):
    """Floats with an integral value below 2**53 as ints (the canonical bytes' rule)."""
    if isinstance(value, float) and value == int(value) and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        return {k: integral(v) for k, v in value.items()}
    if isinstance(value, list):
        return [integral(v) for v in value]
    return value


def canonical(value):
    check_floats(value)
    return json.dumps(integral(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(entry):
    content = {k: v for k, v in entry.items() if k != "hash"}
    assert sorted(content) == ["actor", "at", "new", "old", "op", "path", "prev_hash", "project_id", "reason", "seq"]
    return hashlib.sha256(canonical(content).encode("utf-8")).hexdigest()


def chain(entries):
    """Sets seq, prev_hash and hash of every entry, in order."""
    prev = GENESIS
    for seq, entry in enumerate(entries):
        entry["seq"] = seq
        entry["prev_hash"] = prev
        entry["hash"] = entry_hash(entry)
        prev = entry["hash"]
    return entries


CSV_COLUMNS = ["seq", "at", "actor", "project_id", "path", "op", "old", "new", "reason", "prev_hash", "hash"]


def csv_field(text):
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def to_csv(entries):
    def json_or_empty(v):
        return "" if v is None else canonical(v)

    rows = [CSV_COLUMNS]
    for e in entries:
        rows.append([str(e["seq"]), e["at"], e["actor"], e["project_id"], e["path"], e["op"], json_or_empty(e["old"]),
                     json_or_empty(e["new"]), e["reason"] or "", e["prev_hash"], e["hash"]])
    return "".join(",".join(csv_field(f) for f in row) + "\n" for row in rows)


# --- the scripted project ---------------------------------------------------------------

BUILD = {"id": "build", "name": "Build", "kind": "capex",
         "plan": {"type": "one_off", "date": "2026-03-01", "amount": eur("90000.00")}, "actuals": []}
SAVINGS = {"id": "savings", "name": "Process savings", "kind": "cost_saving",
           "plan": {"type": "recurring", "frequency": "yearly", "start": "2027-01-01", "end": "2028-12-31",
                    "amount": eur("60000.00")}, "actuals": []}
CYCLE_TIME = {"id": "cycle_time", "name": "Cycle time", "unit": "days", "direction": "lower_is_better",
              "baseline": {"value": 12.5, "date": "2026-01-01"}, "target": {"value": 4.5, "date": "2027-06-30"},
              "weight": 1.5, "measurements": []}

PROJECT = {
    "schema_version": 2, "revision": 3, "id": PROJECT_ID, "name": "Audit pilot",
    "description": "Conformance script of the audit trail", "owner": "", "currency": "EUR",
    "start_date": "2026-01-01", "end_date": "2028-12-31", "discount_rate": 0.075,
    "day_count": "thirty_360_european", "state": "proposed", "history": [],
    "line_items": [BUILD, SAVINGS], "metrics": [CYCLE_TIME], "risks": [], "tags": ["pilot"],
}

# What the steps pass in, and the JSON form the core records (defaults written out).
LICENCES_ARG = {"id": "licences", "name": "Licences", "kind": "licence", "category": "software",
                "plan": {"type": "recurring", "frequency": "yearly", "start": "2026-04-01", "end": "2028-03-31",
                         "amount": eur("7500.50"), "escalation": "0.03"}}
LICENCES = {**LICENCES_ARG, "actuals": []}
ACTUAL = {"date": "2026-01-31", "amount": eur("45250.75"), "note": "invoice 2026-017"}
BUILD_WITH_ACTUAL = {**BUILD, "actuals": [ACTUAL]}
MEASUREMENT = {"date": "2026-02-14", "value": 10.25}
NPS_ARG = {"id": "nps", "name": "Net promoter score", "unit": "points", "direction": "higher_is_better",
           "baseline": {"value": 12.5, "date": "2026-01-01"}, "target": {"value": 35.5, "date": "2027-12-31"},
           "weight": 0.75}
NPS = {**NPS_ARG, "measurements": []}
VENDOR_DELAY_ARG = {"id": "vendor_delay", "description": "Vendor delivers late", "probability": 0.35,
                    "cost_impact": eur("15000.00"), "schedule_impact_days": 30, "mitigation_cost": eur("2500.00")}
VENDOR_DELAY = {**VENDOR_DELAY_ARG, "status": "open"}
LICENCES_RAISED = {**LICENCES, "plan": {**LICENCES["plan"], "amount": eur("8000.00")}}
SCOPE_CREEP = {"id": "scope_creep", "description": "Scope grows without budget", "probability": 0.25,
               "cost_impact": eur("20000.00"), "schedule_impact_days": 0, "status": "mitigating",
               "mitigation_cost": eur("1000.00"), "residual_probability": 0.125, "expected_date": "2026-09-30",
               "owner": "PMO"}
APPROVAL = {"from": "proposed", "to": "approved", "at": "2026-03-10T12:00:00Z", "by": "dave",
            "reason": "business case accepted"}


def meta(actor, at, reason=None):
    m = {"actor": actor, "at": at}
    if reason is not None:
        m["reason"] = reason
    return m


def added(path, new):
    return (path, "added", None, new)


def changed(path, old, new):
    return (path, "changed", old, new)


def removed(path, old):
    return (path, "removed", old, None)


# Each step: the step as the case passes it, and the entries it records (by hand).
SCRIPT = [
    ({"action": "update", "meta": meta("alice", "2026-01-10T09:00:00Z", "steering committee, 9 January"),
      "changes": {"name": "Audit pilot (phase 1)", "discount_rate": 0.085}},
     # Top-level fields in key order; revision (3 → 4) is bookkeeping, not an entry.
     [changed("discount_rate", 0.075, 0.085), changed("name", "Audit pilot", "Audit pilot (phase 1)")]),
    ({"action": "add_line_item", "meta": meta("bob", "2026-01-15T14:30:00Z", 'vendor quote, "final"'),
      "item": LICENCES_ARG},
     # Keyed by id; appended at the end, so no order entry; the whole item as one value.
     [added("line_items[licences]", LICENCES)]),
    ({"action": "record_actual", "meta": meta("carol", "2026-02-01T08:15:00Z"),
      "line_item_id": "build", "actual": ACTUAL},
     # Actuals are not keyed: by position. No reason given: null.
     [added("line_items[build].actuals[0]", ACTUAL)]),
    ({"action": "record_measurement", "meta": meta("alice", "2026-02-15T10:00:00Z", "Überprüfung Q1"),
      "metric_id": "cycle_time", "measurement": MEASUREMENT},
     [added("metrics[cycle_time].measurements[0]", MEASUREMENT)]),
    ({"action": "update", "meta": meta("carol", "2026-02-20T11:00:00Z", "typo"),
      "changes": {"discount_rate": -1.5}, "expect_error": "validation"},
     []),  # Refused: not applied, nothing recorded.
    ({"action": "record_measurement", "meta": meta("dave", "2026-02-21T09:00:00Z"),
      "metric_id": "lead_time", "measurement": MEASUREMENT, "expect_error": "not_found"},
     []),
    ({"action": "update", "meta": meta("alice", "2026-02-22T09:00:00Z", "re-save"),
      "changes": {"name": "Audit pilot (phase 1)", "tags": ["pilot"]}},
     []),  # The data as it was: no entry, no revision.
    ({"action": "add_metric", "meta": meta("bob", "2026-03-01T09:00:00Z", "customer survey"), "metric": NPS_ARG},
     [added("metrics[nps]", NPS)]),
    ({"action": "add_risk", "meta": meta("carol", "2026-03-05T16:45:30.250Z", "risk workshop"),
      "risk": VENDOR_DELAY_ARG},
     [added("risks[vendor_delay]", VENDOR_DELAY)]),
    ({"action": "transition", "meta": meta("dave", "2026-03-10T12:00:00Z", "business case accepted"),
      "to": "approved"},
     [added("history[0]", APPROVAL), changed("state", "proposed", "approved")]),
    ({"action": "update", "meta": meta("alice", "2026-04-01T09:00:00Z", "savings moved to the operations budget"),
      "changes": {"line_items": [BUILD_WITH_ACTUAL, LICENCES]}},
     # Removed from the middle of a keyed list: one entry holding all of it; the kept
     # items keep their order, so no order entry.
     [removed("line_items[savings]", SAVINGS)]),
    ({"action": "update", "meta": meta("bob", "2026-04-02T10:30:00Z", "budget 2027"),
      "changes": {"owner": "Finance office", "tags": ["finance", "pilot"],
                  "line_items": [BUILD_WITH_ACTUAL, LICENCES_RAISED]}},
     # Money compared whole; an empty string is a value (not empty); tags by position.
     [changed("line_items[licences].plan.amount", eur("7500.50"), eur("8000.00")),
      changed("owner", "", "Finance office"),
      changed("tags[0]", "pilot", "finance"),
      added("tags[1]", "pilot")]),
    ({"action": "update", "meta": meta("carol", "2026-04-03T15:00:00Z"),
      "changes": {"line_items": [LICENCES_RAISED, BUILD_WITH_ACTUAL], "risks": [SCOPE_CREEP, VENDOR_DELAY]}},
     # A new order of a keyed list is one entry holding the ids; an item added before
     # the others is its own entry plus the new order.
     [changed("line_items", ["build", "licences"], ["licences", "build"]),
      added("risks[scope_creep]", SCOPE_CREEP),
      changed("risks", ["vendor_delay"], ["scope_creep", "vendor_delay"])]),
]
REVISION = 3 + sum(1 for _, entries in SCRIPT if entries)


def script_entries():
    entries = []
    for step, changes in SCRIPT:
        m = step["meta"]
        for path, op, old, new in changes:
            entries.append({"at": m["at"], "actor": m["actor"], "project_id": PROJECT_ID, "path": path, "op": op,
                            "old": old, "new": new, "reason": m.get("reason")})
    return chain(entries)


ENTRIES = script_entries()
STEPS = [step for step, _ in SCRIPT]
TRAIL = {"schema_version": 1, "entries": ENTRIES}


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def matches(query, e):
    """AuditQuery's documented filters, all together."""
    prefix = query.get("path_prefix")
    rest = e["path"][len(prefix):] if prefix is not None and e["path"].startswith(prefix) else None
    return (query.get("project_id") in (None, e["project_id"])
            and query.get("actor") in (None, e["actor"])
            and ("from" not in query or parse_time(e["at"]) >= parse_time(query["from"]))
            and ("to" not in query or parse_time(e["at"]) <= parse_time(query["to"]))
            and (prefix is None or (rest is not None and (prefix == "" or rest == "" or rest[0] in ".["))))


def case(cid, op, args, expect, source, note):
    return {"id": cid, "op": op, "args": args, "expect": expect, "source": source, "note": note}


def replay_cases():
    assert [e["seq"] for e in ENTRIES] == list(range(17)) and REVISION == 13
    cases = [case("audit_scripted_changes", "audit.replay", {"project": PROJECT, "steps": STEPS},
                  {"fields": {"entries": ENTRIES, "last_hash": ENTRIES[-1]["hash"], "revision": REVISION,
                              "csv": to_csv(ENTRIES)}},
                  f"entries written by hand from {RULES}; prev_hash/hash: {HASHES}; csv as AuditTrail::to_csv "
                  "documents it (csv crate defaults: quotes only when needed, \\n)",
                  "four actors, explicit times and reasons: an update of two fields, a line item, an actual, a "
                  "measurement, a metric, a risk, a transition, a line item removed by an update, a money change, "
                  "tags by position, new orders of keyed lists; a refused update, an unknown metric and an update "
                  "that changes nothing record nothing; revision 3 → 13")]

    # A version 1 document; an empty actor and a blank reason.
    v1 = {k: v for k, v in PROJECT.items() if k != "revision"}
    v1["schema_version"] = 1
    step = {"action": "update", "meta": meta("", "2026-05-01T00:00:00Z", "   "),
            "changes": {"description": "Audit pilot, first phase"}}
    entries = chain([{"at": "2026-05-01T00:00:00Z", "actor": "unspecified", "project_id": PROJECT_ID,
                      "path": "description", "op": "changed", "old": PROJECT["description"],
                      "new": "Audit pilot, first phase", "reason": None}])
    cases.append(case("audit_v1_project_unspecified_actor", "audit.replay", {"project": v1, "steps": [step]},
                      {"fields": {"entries": entries, "last_hash": entries[0]["hash"], "revision": 1,
                                  "csv": to_csv(entries)}},
                      f"ChangeMeta's docs (an empty actor is recorded as `unspecified`), AuditTrail::record (a blank "
                      f"reason is none), project v1 migrates with revision 0; {HASHES}",
                      "a version 1 project changed once: revision 0 → 1, actor `unspecified`, reason null"))

    queries = [
        ("audit_query_actor", {"actor": "bob"}, [2, 5, 10, 11, 12, 13], "bob's entries, oldest first"),
        ("audit_query_time_range", {"from": "2026-02-01T08:15:00Z", "to": "2026-03-10T12:00:00Z"},
         [3, 4, 5, 6, 7, 8], "both bounds inclusive: entries 3 and 7-8 are made exactly at them"),
        ("audit_query_path_prefix", {"path_prefix": "line_items"}, [2, 3, 9, 10, 14],
         "`line_items` matches the keyed items, an actual, a plan amount and the list's own order entry"),
        ("audit_query_path_prefix_whole_segments", {"path_prefix": "line_item"}, [],
         "`line_item` is not a whole segment of `line_items…`: nothing"),
        ("audit_query_other_project", {"project_id": "AUD-8"}, [], "another project's id: nothing"),
        ("audit_query_combined", {"project_id": PROJECT_ID, "actor": "bob", "from": "2026-02-01T00:00:00Z",
                                  "to": "2026-12-31T23:59:59Z", "path_prefix": "line_items[licences]"}, [10],
         "every filter together: bob's changes of the licences item after January (its amount, not its addition)"),
    ]
    for cid, query, seqs, note in queries:
        assert [e["seq"] for e in ENTRIES if matches(query, e)] == seqs, cid
        cases.append(case(cid, "audit.replay", {"project": PROJECT, "steps": STEPS, "query": query},
                          {"fields": {"query": seqs}},
                          "AuditQuery's docs (every filter applies; from/to inclusive; path prefixes by whole "
                          "segments) over the hand-written entries of audit_scripted_changes", note))
    return cases


def tampered(cid, edit, path, note):
    trail = copy.deepcopy(TRAIL)
    edit(trail["entries"])
    return case(cid, "audit.load", {"trail": trail}, {"error": "tampered", "path": path},
                "AuditTrail::verify checks each entry in order: seq is its position, then prev_hash the previous "
                "entry's hash (genesis for the first), then hash its content's hash, then an added value has no old "
                "value and a removed one no new value; the first failure names its field", note)


def load_cases():
    def edit_value(entries):
        entries[4]["new"]["value"] = 9.75

    def edit_value_rehash(entries):
        edit_value(entries)
        entries[4]["hash"] = entry_hash(entries[4])

    def remove_middle(entries):
        del entries[8]

    def remove_renumber(entries):
        del entries[8]
        for i, e in enumerate(entries):
            e["seq"] = i

    def reorder(entries):
        entries[10], entries[11] = entries[11], entries[10]

    def edit_hash(entries):
        entries[16]["hash"] = hashlib.sha256(b"forged").hexdigest()

    def first_not_genesis(entries):
        entries[0]["prev_hash"] = "f" * 64

    def added_with_old_value(entries):
        entries[2]["old"] = {"id": "licences"}
        chain(entries)  # a forger who re-chains every entry after it

    def unknown_field(trail):
        trail["entries"][3]["signature"] = "x"

    newer = {**TRAIL, "schema_version": 2}
    whole = copy.deepcopy(TRAIL)
    whole["entries"][4]["new"]["value"] = 10.0
    chain(whole["entries"])
    unknown = copy.deepcopy(TRAIL)
    unknown_field(unknown)
    return [
        case("audit_load_good_trail", "audit.load", {"trail": TRAIL},
             {"value": {"entries": len(ENTRIES), "last_hash": ENTRIES[-1]["hash"]}},
             f"the trail of audit_scripted_changes, chained here ({HASHES})", "an intact chain loads"),
        case("audit_load_empty_trail", "audit.load", {"trail": {"schema_version": 1, "entries": []}},
             {"value": {"entries": 0, "last_hash": GENESIS}},
             "AuditTrail::last_hash: the genesis hash (64 zeros) when there is no entry", "a trail with no entry"),
        case("audit_load_whole_number_float", "audit.load", {"trail": whole},
             {"value": {"entries": len(ENTRIES), "last_hash": whole["entries"][-1]["hash"]}},
             "AuditEntry::canonical_bytes: a float with an integral value below 2**53 is hashed as that integer, "
             "so `10.0` and `10` hash alike; chained here", "a measured value of 10.0 in a saved trail verifies in "
             "every runtime, JavaScript's JSON (which writes 10.0 as 10) included"),
        tampered("audit_load_edited_value", edit_value, "entries[4].hash",
                 "entry 4's new value edited: its hash no longer matches its content"),
        tampered("audit_load_edited_value_rehashed", edit_value_rehash, "entries[5].prev_hash",
                 "entry 4 edited and re-hashed: entry 5 no longer chains to it"),
        tampered("audit_load_entry_removed", remove_middle, "entries[8].seq",
                 "entry 8 removed: the entry now at position 8 has seq 9"),
        tampered("audit_load_entry_removed_renumbered", remove_renumber, "entries[8].prev_hash",
                 "entry 8 removed and the rest renumbered: the entry now at 8 chains to the removed one"),
        tampered("audit_load_entries_reordered", reorder, "entries[10].seq",
                 "entries 10 and 11 swapped: position 10 holds seq 11"),
        tampered("audit_load_hash_edited", edit_hash, "entries[16].hash", "the last entry's hash replaced"),
        tampered("audit_load_first_prev_hash_not_genesis", first_not_genesis, "entries[0].prev_hash",
                 "the first entry's prev_hash is not 64 zeros (entries cut off the front)"),
        tampered("audit_load_added_with_old_value", added_with_old_value, "entries[2].old",
                 "an `added` entry given an old value, every hash after it recomputed: the chain holds, but "
                 "verify refuses an added value with an old one (and a removed one with a new one)"),
        case("audit_load_unknown_field", "audit.load", {"trail": unknown},
             {"error": "validation", "path": "entries[3].signature"},
             "documents deny unknown fields (valuepm-core/src/document.rs), reported at the field's path",
             "a field the entry does not have"),
        case("audit_load_newer_version", "audit.load", {"trail": newer}, {"error": "unsupported_schema_version"},
             "audit trail documents are at version 1 (valuepm-core/src/document.rs)", "a version 2 trail"),
    ]


def load_json(path):
    return json.loads(path.read_text())


def migrate_cases():
    project_v1 = load_json(DOCUMENTS / "project_v1.json")
    portfolio_v1 = load_json(DOCUMENTS / "portfolio_v1.json")
    template = load_json(TEMPLATE)
    assert project_v1["schema_version"] == 1 and "revision" not in project_v1
    assert template["schema_version"] == 1

    def project_v2(doc):
        return {**doc, "schema_version": 2, "revision": 0}

    portfolio_v2 = {**portfolio_v1, "schema_version": 2,
                    "projects": [{**entry, "project": project_v2(entry["project"])}
                                 for entry in portfolio_v1["projects"]]}
    bad_portfolio = copy.deepcopy(portfolio_v1)
    bad_portfolio["projects"][1]["project"]["revision"] = 2
    source = "the version table of valuepm-core/src/document.rs, applied by hand"
    return [
        case("migrate_project_v1_fixture", "document.migrate", {"kind": "project", "document": project_v1},
             {"value": project_v2(project_v1)}, source + " to tests/data/documents/project_v1.json",
             "project v1 → v2 adds revision 0; nothing else changes"),
        case("migrate_portfolio_v1_fixture", "document.migrate", {"kind": "portfolio", "document": portfolio_v1},
             {"value": portfolio_v2}, source + " to tests/data/documents/portfolio_v1.json",
             "portfolio v1 → v2: every embedded project v1 → v2 with revision 0"),
        case("migrate_project_v2_unchanged", "document.migrate", {"kind": "project", "document": PROJECT},
             {"value": PROJECT}, source, "a current project (revision 3) is returned as it is"),
        case("migrate_project_v3_refused", "document.migrate",
             {"kind": "project", "document": {**PROJECT, "schema_version": 3}}, {"error": "unsupported_schema_version"},
             source + ": project documents go up to version 2", "a newer version than the library's"),
        case("migrate_project_without_version", "document.migrate",
             {"kind": "project", "document": {k: v for k, v in PROJECT.items() if k != "schema_version"}},
             {"error": "validation", "path": "schema_version"}, "document.rs: a missing version is a validation "
             "error at schema_version", "no schema_version"),
        case("migrate_project_v1_with_revision", "document.migrate",
             {"kind": "project", "document": {**project_v1, "revision": 5}}, {"error": "validation", "path": "revision"},
             "document.rs, project v1 → v2: version 1 had no revision, so one is an unknown field",
             "a version 1 project that claims a revision"),
        case("migrate_portfolio_v1_with_bad_project", "document.migrate",
             {"kind": "portfolio", "document": bad_portfolio},
             {"error": "validation", "path": "projects[1].project.revision"},
             "document.rs, portfolio v1 → v2 migrates each embedded project and names it in the error path",
             "the second embedded version 1 project claims a revision"),
        case("migrate_template_v1_unchanged", "document.migrate", {"kind": "template", "document": template},
             {"value": template}, source + " (templates are at version 1) to the built-in software_development "
             "template", "a current template is returned as it is"),
        case("migrate_audit_trail_v1_unchanged", "document.migrate", {"kind": "audit_trail", "document": TRAIL},
             {"value": TRAIL}, source + " (audit trails are at version 1)", "a current trail is returned as it is"),
    ]


def main():
    cases = replay_cases() + load_cases() + migrate_cases()
    doc = {"suite": "audit", "description": "Audit trail entries, hash chain, CSV and queries; saved trails "
           "verified on load; document migrations",
           "source": "worked independently by conformance/tools/make_audit_cases.py (see each case)",
           "cases": cases}
    OUT.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {OUT.name}: {len(cases)} cases")


if __name__ == "__main__":
    main()

"""`Project.simulate`: progress, cancellation, exceptions from the callback, the GIL,
thread-count independence, the result class, and spec errors with field paths."""

from __future__ import annotations

import copy
import json
import pickle
import threading
import time
from typing import Any, Dict, List

import pytest

import valuepm
from conftest import CONFORMANCE
from test_gil import _ticks_inside

CHUNK = 10_000  # iterations per chunk (valuepm_core::risk::simulation::CHUNK)

# The reference model of conformance/monte_carlo.json: invest triangular(800k, 1.0M, 1.5M)
# now, a yearly benefit PERT(120k, 180k, 260k) for 10 years, the rate normal(8%, 2%).
_REFERENCE = next(
    c for c in json.loads((CONFORMANCE / "monte_carlo.json").read_text(encoding="utf-8"))["cases"]
    if c["id"] == "monte_carlo_reference_bits"
)


def project() -> valuepm.Project:
    return valuepm.Project.from_dict(_REFERENCE["args"]["project"])


def spec(iterations: int = 100_000, **changes: Any) -> Dict[str, Any]:
    s = copy.deepcopy(_REFERENCE["args"]["spec"])
    s.update(iterations=iterations, **changes)
    return s


def test_progress_reports_increasing_fractions_ending_at_one() -> None:
    seen: List[float] = []
    valuepm.Project.simulate(project(), spec(200_000, threads=1), seen.append)
    # One thread: a report after each of the 20 chunks, the last one 1.0 (reported once).
    assert seen == pytest.approx([k / 20 for k in range(1, 21)])

    seen.clear()
    result = project().simulate(spec(200_000), lambda f: seen.append(f) or True)
    assert result.iterations == 200_000
    assert seen and seen[-1] == 1.0 and seen.count(1.0) == 1
    assert all(0.0 < f <= 1.0 for f in seen)
    assert all(a <= b for a, b in zip(seen, seen[1:])), seen


def test_returning_false_cancels_promptly() -> None:
    total = 5_000_000
    calls: List[float] = []

    def stop(fraction: float) -> bool:
        calls.append(fraction)
        return False

    began = time.perf_counter()
    with pytest.raises(valuepm.CancelledError) as caught:
        project().simulate(spec(total), stop)
    took = time.perf_counter() - began
    e = caught.value
    assert isinstance(e, valuepm.ValuePMError) and e.kind == "cancelled" and e.path is None
    assert len(calls) == 1
    # Cancelled after the calling thread's first chunk; other workers stop within a chunk.
    assert CHUNK <= e.completed <= total // 20, e.completed
    assert f"after {e.completed} iterations" in str(e)
    print(f"cancelled after {e.completed} of {total} iterations in {took * 1e3:.1f} ms")


def test_none_and_true_continue_other_false_values_cancel() -> None:
    assert project().simulate(spec(30_000), lambda f: None).iterations == 30_000
    assert project().simulate(spec(30_000), lambda f: True).iterations == 30_000
    with pytest.raises(valuepm.CancelledError):
        project().simulate(spec(30_000), lambda f: 0)


def test_an_exception_in_the_callback_cancels_and_propagates() -> None:
    class Boom(Exception):
        pass

    calls: List[float] = []

    def explode(fraction: float) -> bool:
        calls.append(fraction)
        raise Boom(f"at {fraction}")

    with pytest.raises(Boom, match="at "):
        project().simulate(spec(1_000_000), explode)
    assert len(calls) == 1


def test_the_callback_may_use_the_project() -> None:
    p = project()
    names: List[str] = []

    def touch(fraction: float) -> None:
        p.update(name=f"at {fraction:.2f}")  # a write while the simulation runs
        names.append(p.name)

    p.simulate(spec(50_000, threads=1), touch)
    assert names[-1] == "at 1.00" and p.name == "at 1.00"


def test_the_gil_is_released_while_simulating() -> None:
    p = project()
    # Sized to run a few tenths of a second on a loaded machine.
    for iterations in (1_000_000, 4_000_000, 10_000_000):
        began = time.perf_counter()
        p.simulate(spec(iterations))
        if time.perf_counter() - began >= 0.3:
            break
    assert _ticks_inside(lambda: p.simulate(spec(iterations))) > 0, "simulate held the GIL for its whole run"
    # With a callback, the GIL is taken only to call it.
    assert _ticks_inside(lambda: p.simulate(spec(iterations), lambda f: None)) > 0


def test_two_python_threads_simulate_at_once() -> None:
    p = project()
    results: List[Any] = [None, None]

    def work(i: int) -> None:
        results[i] = p.simulate(spec(300_000, seed=i, threads=1))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results[0] == p.simulate(spec(300_000, seed=0, threads=1))
    assert results[1] == p.simulate(spec(300_000, seed=1, threads=1))
    assert results[0] != results[1]


def test_a_seed_gives_identical_results_for_any_thread_count() -> None:
    p = project()
    s = spec(123_457, irr_and_payback=True, sensitivity=True)
    one = p.simulate({**s, "threads": 1})
    default = p.simulate(s)
    three = p.simulate({**s, "threads": 3})
    assert one.to_dict() == default.to_dict() == three.to_dict()
    assert one == default
    assert p.simulate({**s, "seed": s["seed"] + 1}).to_dict() != one.to_dict()


def test_result_properties() -> None:
    p = project()
    plain = p.simulate(spec(40_000))
    assert isinstance(plain, valuepm.SimulationResult)
    assert plain.iterations == 40_000 and plain.seed == _REFERENCE["args"]["spec"]["seed"]
    assert plain.npv["count"] == 40_000 and plain.roi["count"] == 40_000
    assert set(plain.npv) >= {"mean", "sd", "p5", "p50", "p95", "probability_negative", "histogram_counts"}
    assert plain.npv["p5"] < plain.npv["p50"] < plain.npv["p95"]
    assert plain.irr is None and plain.payback_years is None
    assert plain.probability_irr_undefined is None and plain.probability_no_payback is None
    assert plain.sensitivity == []
    assert 0.0 <= plain.probability_roi_at_least_target <= 1.0
    assert plain.to_dict()["npv"] == plain.npv
    assert "SimulationResult(iterations=40000" in repr(plain)

    full = p.simulate(spec(40_000, irr_and_payback=True, sensitivity=True))
    assert full.irr is not None and 0.0 < full.irr["p50"] < 0.3
    assert full.payback_years is not None and full.payback_years["min"] > 0
    assert full.probability_irr_undefined is not None and full.probability_no_payback is not None
    assert [s["name"] for s in full.sensitivity][0] in {"investment", "benefit", "rate"}
    assert {s["name"] for s in full.sensitivity} == {"investment", "benefit", "rate"}
    swings = [s["swing"] for s in full.sensitivity]
    assert swings == sorted(swings, reverse=True)

    assert pickle.loads(pickle.dumps(full)) == full
    assert valuepm.SimulationResult.from_dict(full.to_dict()) == full
    assert valuepm.SimulationResult.from_json(full.to_json()) == full


def test_bad_specs_raise_validation_errors_with_paths() -> None:
    p = project()
    bad_type = spec()
    bad_type["inputs"][1]["distribution"]["mode"] = "high"
    with pytest.raises(valuepm.ValidationError) as e:
        p.simulate(bad_type)
    assert e.value.kind == "validation" and e.value.path is not None
    assert e.value.path.startswith("inputs[1].distribution"), e.value.path

    bad_value = spec()
    bad_value["inputs"][0]["distribution"]["mode"] = 2.0  # above max
    with pytest.raises(valuepm.ValidationError) as e:
        p.simulate(bad_value)
    assert e.value.path == "inputs[0].distribution.mode"

    with pytest.raises(valuepm.ValidationError) as e:
        p.simulate(spec(1))
    assert e.value.path == "iterations"

    missing = spec()
    del missing["seed"]
    with pytest.raises(valuepm.ValidationError) as e:
        p.simulate(missing)
    assert "seed" in str(e.value)

    with pytest.raises(valuepm.ValidationError) as e:
        p.simulate({**spec(), "confidence": float("nan")})
    assert e.value.path == "confidence"

    unknown = spec()
    unknown["inputs"][0]["line_item_id"] = "nope"
    with pytest.raises(valuepm.NotFoundError):
        p.simulate(unknown)


def test_a_bad_spec_is_reported_before_any_progress() -> None:
    calls: List[float] = []
    with pytest.raises(valuepm.ValidationError):
        project().simulate(spec(1), calls.append)
    assert calls == []

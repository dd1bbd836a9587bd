"""Shared paths for the tests: the repository's conformance suites and parity manifest."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
CONFORMANCE = Path(os.environ.get("VALUEPM_CONFORMANCE_DIR", REPO / "conformance"))


@pytest.fixture(scope="session")
def conformance_dir() -> Path:
    return CONFORMANCE

"""The Python guide shows code that runs: its snippets equal the tested example files."""

from __future__ import annotations

import re

import pytest

from conftest import REPO

GUIDE = REPO / "docs" / "python.md"
SNIPPET = re.compile(r"<!-- snippet: (?P<file>[^#]+)#(?P<name>\w+) -->\n```python\n(?P<code>.*?)\n```", re.S)


def marked(path: str, name: str) -> str:
    text = (REPO / path).read_text(encoding="utf-8")
    found = re.search(rf"# START {name}\n(.*?)# END {name}", text, re.S)
    assert found, f"{path} has no START/END {name} markers"
    return found.group(1).rstrip("\n")


def test_guide_snippets_match_examples() -> None:
    if not GUIDE.exists():
        pytest.skip("docs/python.md is not in this checkout")
    snippets = list(SNIPPET.finditer(GUIDE.read_text(encoding="utf-8")))
    assert snippets, "the guide pulls no snippet"
    for s in snippets:
        assert s.group("code") == marked(s.group("file"), s.group("name")), f"{s.group('file')}#{s.group('name')} is stale"

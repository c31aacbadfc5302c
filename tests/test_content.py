"""The built-in pack: it validates, it is faithful to the article, and it renders whole."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from placecli import export, render
from placecli.locate import builtin_pack
from placecli.model import Pack
from placecli.pack import load_packs

ROOT = Path(__file__).resolve().parent.parent
CHECK_QUOTES = ROOT.parent / "shared" / "tools" / "check_quotes.py"


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_packs([builtin_pack()])


def test_builtin_pack_is_the_checkout_content_or_its_shipped_copy() -> None:
    assert Path(builtin_pack(), "pack.yaml").is_file()


def test_source_is_fully_attributed(pack: Pack) -> None:
    assert pack.source is not None
    assert pack.source.title == "Place-based leadership: both opportunity and challenge"
    assert [(a.name, bool(a.role)) for a in pack.source.authors] == [
        ("Dr Darren Leech", True),
        ("Dr Rob Worrall", True),
    ]
    assert pack.source.publication == "National Health Executive, March/April 2018"
    assert pack.source.published is not None
    assert pack.source.published.isoformat() == "2018-03-28"


def test_concepts_cover_the_article_in_its_sections(pack: Pack) -> None:
    assert len(pack.concepts) >= 12
    assert [s for s, _ in pack.sections()] == [
        "Introduction: a new entry in the lexicon",
        "What is it, and what's the background?",
        "Why is this relevant to today's health and care sectors?",
        "Why does this present a leadership challenge?",
    ]
    for concept in pack.concepts:
        assert concept.points, concept.id
        assert 1 <= concept.summary.count(".") <= 4, concept.id


def test_glossary_has_the_jargon(pack: Pack) -> None:
    assert len(pack.terms) >= 12
    assert {"stp", "place-based-leadership", "ics", "system-leadership"} <= {
        t.id for t in pack.terms
    }
    assert all(t.aliases for t in pack.terms if t.id in {"stp", "ics", "sense-of-place"})


def test_nothing_from_the_page_furniture(pack: Pack) -> None:
    words = json.dumps(export.summary_data(pack, pack.concepts, brief=False)).lower()
    for furniture in ("rostering", "covid", "hancock", "scalpel", "comments", "people plan"):
        assert furniture not in words


@pytest.mark.skipif(not CHECK_QUOTES.exists(), reason="shared/tools is not beside the project")
def test_quotes_are_verbatim() -> None:
    result = subprocess.run(
        [sys.executable, str(CHECK_QUOTES), str(ROOT / "content")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    assert " 0 not found" in result.stdout


def test_every_concept_is_rendered(pack: Pack) -> None:
    console = Console(file=io.StringIO(), width=80, color_system=None)
    console.print(render.summary_view(pack, pack.concepts, brief=False))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    for concept in pack.concepts:
        assert concept.title in out
        assert concept.id in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_markdown_and_json_parse(pack: Pack) -> None:
    markdown = export.summary_markdown(pack, pack.concepts, brief=False)
    headings = [line for line in markdown.splitlines() if line.startswith("### ")]
    assert [h.removeprefix("### ") for h in headings] == [export.md(c.title) for c in pack.concepts]
    assert "See also: Place as bonds between people; The greatest conundrum is cultural" in markdown
    data = json.loads(json.dumps(export.summary_data(pack, pack.concepts, brief=False)))
    assert [c["id"] for c in data["concepts"]] == [c.id for c in pack.concepts]

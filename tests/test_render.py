"""Rendering with a fixed-width Console: exact text, no escapes, literal pack text."""

from __future__ import annotations

import io

from rich.console import Console, RenderableType

from placecli import render
from placecli.model import Concept, Pack, Source, Term

PACK = Pack(
    id="p",
    title="Tiny [b]pack[/b]",
    source=Source(title="An article", publication="A journal"),
    concepts=(
        Concept(
            id="a",
            title="Alpha",
            summary="The first idea.",
            section="One",
            points=("A point that is long enough to wrap onto a second line here.",),
            quote="a short quote",
            terms=("t",),
        ),
        Concept(id="b", title="Beta", summary="The second idea.", section="Two"),
    ),
    terms=(Term(id="t", term="Term", definition="Means a thing.", aliases=("tee",)),),
)


def text_of(renderable: RenderableType, width: int = 50) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(renderable)
    out: str = console.file.getvalue()  # type: ignore[attr-defined]
    return "".join(line.rstrip() + "\n" for line in out.splitlines())


def test_concept_view_hangs_wrapped_points() -> None:
    out = text_of(render.concept_view(PACK.concepts[0], PACK))
    assert out == (
        "Alpha  a\n"
        "  The first idea.\n"
        "    • A point that is long enough to wrap onto a\n"
        "      second line here.\n"
        "    ▌ “a short quote”\n"
        "      Terms: Term\n"
        "\n"
    )


def test_summary_view_numbers_sections_and_keeps_markup_literal() -> None:
    out = text_of(render.summary_view(PACK, [PACK.concepts[1]], brief=True))
    assert "Tiny [b]pack[/b]" in out
    assert " 2 · Two " in out
    assert "b  Beta" in out
    assert "Alpha" not in out


def test_markdown_escapes_syntax_in_pack_text() -> None:
    assert render.md("a *b* [c] _d_ #e") == r"a \*b\* \[c\] \_d\_ \#e"
    out = render.summary_markdown(PACK, PACK.concepts, brief=False)
    assert out.startswith("# Tiny \\[b\\]pack\\[/b\\]\n\nA study guide to *An article*\n")


def test_term_view() -> None:
    out = text_of(render.term_view(PACK.terms[0]), width=40)
    assert "Term" in out.splitlines()[0]
    assert "Means a thing." in out
    assert "Also: tee" in out


def test_counts_line_uses_singulars() -> None:
    assert PACK.counts_line() == "2 concepts, 0 questions, 0 prompts, 1 term"

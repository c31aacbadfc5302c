"""Rendering with a fixed-width Console: exact text, no escapes, literal pack text."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

from placecli.packs.locate import builtin_pack
from placecli.packs.model import Concept, Pack, Source, Term
from placecli.packs.pack import load_packs
from placecli.packs.qtypes import Unreadable
from placecli.quiz.engine import Quiz, draw
from placecli.terminal.theme import rich_theme
from placecli.views import layout, plain, render

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
    console = Console(file=io.StringIO(), width=width, color_system=None, theme=rich_theme("dark"))
    console.print(renderable)
    out: str = console.file.getvalue()  # type: ignore[attr-defined]
    return "".join(line.rstrip() + "\n" for line in out.splitlines())


def test_concept_view_hangs_wrapped_points() -> None:
    out = text_of(Group(*render.concept_parts(PACK.concepts[0], PACK)))
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
    assert "  b\n      Beta\n" in out  # 50 columns: stacked, the title under its id
    wide = text_of(render.summary_view(PACK, [PACK.concepts[1]], brief=True), width=80)
    assert "  b  Beta\n" in wide
    assert "Alpha" not in out


def test_markdown_escapes_syntax_in_pack_text() -> None:
    assert plain.md("a *b* [c] _d_ #e") == r"a \*b\* \[c\] \_d\_ \#e"
    out = plain.summary_markdown(PACK, PACK.concepts, brief=False)
    assert out.startswith("# Tiny \\[b\\]pack\\[/b\\]\n\nA study guide to *An article*\n")


def test_term_view() -> None:
    out = text_of(render.term_view(PACK.terms[0]), width=40)
    assert "Term" in out.splitlines()[0]
    assert "Means a thing." in out
    assert "Also: tee" in out


def test_counts_line_uses_singulars() -> None:
    assert PACK.counts_line() == "2 concepts, 0 questions, 0 prompts, 1 term"


# `Hanging` wraps plain text itself; it must print exactly what plain Rich prints.


class RichHanging:
    """The straightforward Rich version of `layout.Hanging`: a Text per line, wrapped
    by Rich. Slower, obviously right: the reference the fast one is compared with."""

    def __init__(self, rows: Sequence[tuple[Text, Text]], indent: int = 0) -> None:
        self.rows = rows
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        marker_width = max((cell_len(marker.plain) for marker, _ in self.rows), default=0)
        gap = " " if marker_width else ""
        width = max(8, options.max_width - self.indent - marker_width - len(gap))
        for marker, body in self.rows:
            head = marker.copy()
            head.pad_right(marker_width - cell_len(marker.plain))
            for number, line in enumerate(body.wrap(console, width)):
                line.rstrip()
                first = head if number == 0 else " " * marker_width
                yield from Text.assemble(" " * self.indent, first, gap, line).render(console)
                yield Segment.line()


def styled_output(renderables: Sequence[RenderableType], width: int, color: bool = True) -> str:
    """What a terminal in colour receives; with `color=False`, what a pipe or a file
    receives (Hanging takes a shorter road there)."""
    console = Console(
        file=io.StringIO(),
        width=width,
        force_terminal=color,
        color_system="truecolor" if color else None,
        theme=rich_theme("dark"),
    )
    for renderable in renderables:
        console.print(renderable)
    out: str = console.file.getvalue()  # type: ignore[attr-defined]
    return out


def every_view() -> list[RenderableType]:
    pack = load_packs([builtin_pack()])
    asked = draw(pack, len(pack.questions), [], 5)
    game = Quiz(asked[:4])
    for typed in ("A", "t", "AB", "f"):
        with contextlib.suppress(Unreadable):
            game.answer(typed)
    return [
        render.summary_view(pack, list(pack.concepts), brief=False),
        render.answer_key_view(asked, pack, "Answer key"),
        render.prompts_view(list(pack.prompts), pack),
        render.result_view(game, pack),
        *(render.question_view(a, len(asked)) for a in asked[:5]),
        *(render.outcome_view(o, pack) for o in game.outcomes),
    ]


@pytest.mark.parametrize("width", [24, 41, 80, 100, 150])
def test_hanging_prints_what_rich_prints_for_every_view(
    width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = styled_output(every_view(), width)
    plain = styled_output(every_view(), width, color=False)
    monkeypatch.setattr(render, "Hanging", RichHanging)
    assert fast == styled_output(every_view(), width)
    assert "\x1b[3m" in fast  # italic quotes: the styles are compared too
    assert plain == styled_output(every_view(), width, color=False)
    assert "\x1b" not in plain and "Answer:" in plain


WORD = st.text(alphabet="abcdeé漢字–—'’ \t\n", min_size=1, max_size=14)
STYLE = st.sampled_from(["", "italic", "dim", "bold cyan"])


@st.composite
def rows(draw_: st.DrawFn) -> list[tuple[Text, Text]]:
    result = []
    for _ in range(draw_(st.integers(1, 3))):
        marker = Text(draw_(st.sampled_from(["", "•", "A", "12.", "漢"])), style=draw_(STYLE))
        words = draw_(st.lists(WORD, max_size=12))
        body = Text(draw_(st.sampled_from([" ", "  ", "\n"])).join(words), style=draw_(STYLE))
        if draw_(st.booleans()):
            body.append(" tail", style="dim")  # a span: Rich wraps that one
        result.append((marker, body))
    return result


@settings(max_examples=300, deadline=None)
@given(rows=rows(), width=st.integers(10, 60), indent=st.integers(0, 4), color=st.booleans())
def test_hanging_prints_what_rich_prints_for_any_text(
    rows: list[tuple[Text, Text]], width: int, indent: int, color: bool
) -> None:
    fast = styled_output([layout.Hanging(rows, indent)], width, color)
    assert fast == styled_output([RichHanging(rows, indent)], width, color)

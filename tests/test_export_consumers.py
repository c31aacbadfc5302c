"""Each export read by the tool that will consume it: gift-pegjs (npm), Anki's own backend,
text2qti, poppler, an HTML5 parser, a CommonMark parser and a reader of .xlsx files that
shares nothing with the writer. Marked `consumer`: they need the `consumer` extra, Node
and poppler (`.ci/run` installs them); skip them with `-m "not consumer"`.

gift-pegjs is installed with npm into a folder named by $PLACE_GIFT_PEGJS (as `.ci/run`
does), else into a temporary folder for the session.
"""

from __future__ import annotations

import html
import itertools
import re
from pathlib import Path
from typing import Any

import pytest

from placecli.exporters import Exported, Options, kahoot, questions_of
from placecli.packs.model import Pack, Question
from placecli.packs.qtypes import Form, of

from .consumers import (
    GIFT_TYPES,
    anki_import,
    gift_parse,
    one_line,
    pdf_text,
    read_xlsx,
    text2qti_items,
)
from .exportkit import export, load_pack, with_order_and_match

pytestmark = pytest.mark.consumer
PACKS = ["builtin", "hostile", "facilitator"]


def exported_questions(pack: Pack, out: Exported) -> list[Question]:
    """The questions an export holds, in its order (concept by concept)."""
    skipped = {s.question for s in out.skipped}
    return [q for q in questions_of(pack, pack.concepts) if q.id not in skipped]


@pytest.fixture(params=PACKS)
def pack(request: pytest.FixtureRequest) -> Pack:
    return with_order_and_match(load_pack(request.param))


# GIFT: gift-pegjs


def test_gift_pegjs_parses_every_question(pack: Pack, gift_pegjs: Path) -> None:
    out = export("gift", pack)
    assert isinstance(out.data, str)
    parsed = gift_parse(out.data, gift_pegjs)
    questions = [q for q in parsed if q["type"] != "Category"]
    categories = [q["title"] for q in parsed if q["type"] == "Category"]
    written = exported_questions(pack, out)
    assert [q["title"] for q in questions] == [q.id for q in written]
    assert len(categories) == len(pack.concepts)
    for item, question in zip(questions, written, strict=True):
        assert item["stem"] == {"format": "html", "text": gift_html(question.question)}
        assert item["globalFeedback"]["text"] == gift_html(question.explanation)
        form = of(question).form
        assert item["type"] == GIFT_TYPES[form]
        if form in (Form.ONE, Form.SEVERAL):
            texts = [c["text"]["text"] for c in item["choices"]]
            assert texts == [gift_html(o) for o in question.options]


def gift_html(text: str) -> str:
    return re.sub(r"\r\n|\r|\n", "<br>", html.escape(text, quote=False).replace("\t", " "))


# Anki: its own backend


def test_anki_imports_then_adds_nothing_then_updates_a_reworded_note(
    pack: Pack, collection: Any, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(str(export("anki", pack).data), encoding="utf-8")
    first = anki_import(collection, notes)
    expected = len(pack.concepts) + len(pack.terms) + len(pack.questions)
    assert (len(first.new), len(first.updated)) == (expected, 0)
    assert collection.note_count() == expected
    assert collection.decks.by_name(pack.title.replace("::", ":").strip()) is not None
    note = collection.get_note(collection.find_notes("tag:place::concept")[0])
    assert note.fields[0] == html.escape(one_line(pack.concepts[0].title)).replace("\t", " ")

    again = anki_import(collection, notes)
    assert (len(again.new), len(again.updated)) == (0, 0)
    assert collection.note_count() == expected

    changed = pack.concepts[0]._replace(summary="Reworded & <new>")
    reworded = pack._replace(concepts=(changed, *pack.concepts[1:]))
    notes.write_text(str(export("anki", reworded).data), encoding="utf-8")
    third = anki_import(collection, notes)
    assert (len(third.new), len(third.updated)) == (0, 1)
    assert collection.note_count() == expected
    note = collection.get_note(note.id)
    assert note.fields[1].startswith("Reworded &amp; &lt;new&gt;")


# Canvas: text2qti


def test_text2qti_converts_every_question(pack: Pack, tmp_path: Path) -> None:
    out = export("qti", pack)
    quiz = tmp_path / "quiz.txt"
    quiz.write_text(str(out.data), encoding="utf-8")
    items = text2qti_items(quiz)
    written = exported_questions(pack, out)
    assert [i.get("title") for i in items] == [q.id for q in written]
    texts = [
        e.text or ""
        for i in items
        for e in i.iter()
        if e.tag.endswith("}mattext") and e.get("texttype") == "text/html"
    ]
    shown = one_line(html.unescape(" ".join(re.sub(r"<[^>]+>", " ", t) for t in texts)))
    for q in written:
        assert one_line(q.question) in shown


# PDF: poppler


@pytest.mark.parametrize("name", ["builtin", "hostile"])
def test_pdf_is_a4_with_every_concept_title_in_order(name: str, tmp_path: Path) -> None:
    pack = load_pack(name)
    pdf = tmp_path / "handout.pdf"
    data = export("pdf", pack).data
    assert isinstance(data, bytes)
    pdf.write_bytes(data)
    info, text = pdf_text(pdf)
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)$", info, re.M)
    flat, at = one_line(text), 0
    for concept in pack.concepts:
        found = flat.find(one_line(concept.title), at)
        assert found >= 0, concept.title
        at = found + 1


def test_pdf_is_the_same_each_time_with_a_fixed_source_date(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # as `place export` sets it
    pack = load_pack("facilitator")
    assert export("pdf", pack).data == export("pdf", pack).data


# HTML: html5lib


def test_html_is_valid_html5_holding_every_text(pack: Pack) -> None:
    import html5lib

    data = export("html", pack).data
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parse(data)
    assert parser.errors == []
    headings = [one_line("".join(h.itertext())) for h in tree.iter("h3")]
    for concept in pack.concepts:
        assert one_line(concept.title) in headings
    assert one_line("".join(tree.find("body/h1").itertext())) == one_line(pack.title)


# Markdown: markdown-it-py


def test_markdown_headings_round_trip_through_commonmark(pack: Pack) -> None:
    from markdown_it import MarkdownIt

    data = export("markdown", pack).data
    tokens = MarkdownIt("commonmark").parse(str(data))
    headings = [
        (int(open_.tag[1]), one_line(inline.content and text_of(inline)))
        for open_, inline in itertools.pairwise(tokens)
        if open_.type == "heading_open"
    ]
    assert headings[0] == (1, one_line(pack.title))
    titles = [text for level, text in headings if level == 3]
    assert [one_line(c.title) for c in pack.concepts] == titles[: len(pack.concepts)]
    sections = [text for level, text in headings if level == 2]
    for section in {c.section for c in pack.concepts if c.section}:
        assert one_line(section) in sections


def text_of(inline: Any) -> str:
    return "".join(
        child.content for child in inline.children if child.type in ("text", "code_inline")
    )


# Kahoot!: read back with the standard library alone


def test_kahoot_cells_hold_what_the_template_expects(pack: Pack) -> None:
    out = export("kahoot", pack)
    assert isinstance(out.data, bytes)
    cells = read_xlsx(out.data)
    assert [cells[f"{col}8"] for col in "BCDEFGH"] == list(kahoot.HEADINGS[1:])
    written = exported_questions(pack, out)
    assert written, "every question was skipped"
    for row, question in enumerate(written, start=9):
        assert cells[f"A{row}"] == str(row - 8)
        assert cells[f"B{row}"] == kahoot.cell(question.question)
        answers = [cells.get(f"{col}{row}", "") for col in "CDEF"]
        assert [a for a in answers if a] == [kahoot.cell(c) for c in question.options]
        assert int(cells[f"G{row}"]) in kahoot.TIME_LIMITS
        right = [question.options[int(n) - 1] for n in cells[f"H{row}"].split(",")]
        assert right == list(question.answer)
    assert f"A{9 + len(written)}" not in cells
    for value in cells.values():
        assert not value.startswith(("=", "+", "-", "@"))
        assert len(value) <= max(kahoot.QUESTION_MAX, len(kahoot.HEADINGS[6]))


def test_every_format_exports_the_chosen_concepts_only() -> None:
    pack = load_pack("builtin")
    from placecli.exporters import FORMATS

    chosen = [pack.concepts[-1]]
    for name in ("gift", "qti", "anki"):
        data = str(FORMATS[name].load()(pack, chosen, Options()).data)
        assert pack.concepts[0].title not in data
        assert pack.questions_for(chosen[0].id)[0].id in data or name == "anki"

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
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from placecli.exporters import Exported, Options, kahoot, questions_of
from placecli.packs.model import Pack, Question

from .exportkit import export, load_pack, with_order_and_match

pytestmark = pytest.mark.consumer
PACKS = ["builtin", "hostile", "facilitator"]


def exported_questions(pack: Pack, out: Exported) -> list[Question]:
    """The questions an export holds, in its order (concept by concept)."""
    skipped = {s.question for s in out.skipped}
    return [q for q in questions_of(pack, pack.concepts) if q.id not in skipped]


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(params=PACKS)
def pack(request: pytest.FixtureRequest) -> Pack:
    return with_order_and_match(load_pack(request.param))


# GIFT: gift-pegjs

PARSE = """
const {parse} = require(process.argv[1]);
const text = require("fs").readFileSync(0, "utf8");
process.stdout.write(JSON.stringify(parse(text)));
"""


@pytest.fixture(scope="session")
def gift_pegjs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("PLACE_GIFT_PEGJS")
    prefix = Path(folder) if folder else tmp_path_factory.mktemp("npm")
    module = prefix / "node_modules" / "gift-pegjs"
    if not module.exists():
        npm = shutil.which("npm")
        assert npm, "the gift consumer test needs Node and npm (or -m 'not consumer')"
        subprocess.run(
            [npm, "install", "--silent", "--no-save", "--prefix", str(prefix), "gift-pegjs@1"],
            check=True,
        )
    return module


def test_gift_pegjs_parses_every_question(pack: Pack, gift_pegjs: Path) -> None:
    out = export("gift", pack)
    assert isinstance(out.data, str)
    done = subprocess.run(
        ["node", "-e", PARSE, str(gift_pegjs)],
        input=out.data,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    parsed = json.loads(done.stdout)
    questions = [q for q in parsed if q["type"] != "Category"]
    categories = [q["title"] for q in parsed if q["type"] == "Category"]
    written = exported_questions(pack, out)
    assert [q["title"] for q in questions] == [q.id for q in written]
    assert len(categories) == len(pack.concepts)
    for item, question in zip(questions, written, strict=True):
        assert item["stem"] == {"format": "html", "text": gift_html(question.question)}
        assert item["globalFeedback"]["text"] == gift_html(question.explanation)
        kinds = {"single": "MC", "multiple": "MC", "true-false": "TF"}
        assert item["type"] == kinds.get(question.type, "Matching")
        if question.type in ("single", "multiple"):
            texts = [c["text"]["text"] for c in item["choices"]]
            assert texts == [gift_html(o) for o in question.options]


def gift_html(text: str) -> str:
    return re.sub(r"\r\n|\r|\n", "<br>", html.escape(text, quote=False).replace("\t", " "))


# Anki: its own backend


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Any]:
    from anki.collection import Collection

    col = Collection(str(tmp_path / "collection.anki2"))
    yield col
    col.close()


def anki_import(col: Any, path: Path) -> Any:
    from anki.collection import ImportCsvRequest

    metadata = col.get_csv_metadata(path=str(path), delimiter=None)
    return col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata)).log


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
    done = subprocess.run(
        [str(Path(sys.executable).parent / "text2qti"), quiz.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(tmp_path / "quiz.zip") as archive:
        name = next(
            n
            for n in archive.namelist()
            if n.endswith(".xml") and "assessment_meta" not in n and "manifest" not in n
        )
        xml = archive.read(name).decode()
    root = ElementTree.fromstring(xml)
    items = [e for e in root.iter() if e.tag.endswith("}item")]
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
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)$", info.stdout, re.M)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
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

NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def read_xlsx(data: bytes) -> dict[str, str]:
    """Cell reference -> shown value, from the sheet and shared strings XML."""
    return read_xlsx_styled(data)[0]


def read_xlsx_styled(data: bytes) -> tuple[dict[str, str], set[str]]:
    """The cells, and the references of those whose style is quote-prefixed (text that
    stays text when edited, as a leading apostrophe typed makes it)."""
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as book:
        strings = [
            "".join(t.text or "" for t in si.iter(f"{{{NS['x']}}}t"))
            for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall("x:si", NS)
        ]
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
        styles = ElementTree.fromstring(book.read("xl/styles.xml"))
    formats = styles.find("x:cellXfs", NS)
    prefixed = [xf.get("quotePrefix") == "1" for xf in (formats if formats is not None else [])]
    cells, quoted = {}, set()
    for c in sheet.iter(f"{{{NS['x']}}}c"):
        value = c.findtext("x:v", default="", namespaces=NS)
        ref = c.get("r", "")
        cells[ref] = strings[int(value)] if c.get("t") == "s" else value
        if c.get("t") == "s" and prefixed[int(c.get("s", "0"))]:
            quoted.add(ref)
    return cells, quoted


def test_kahoot_cells_hold_what_the_template_expects(pack: Pack) -> None:
    out = export("kahoot", pack)
    assert isinstance(out.data, bytes)
    cells, quoted = read_xlsx_styled(out.data)
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
    for ref, value in cells.items():
        assert (ref in quoted) == value.startswith(("=", "+", "-", "@")), (ref, value)
        assert not value.startswith("'")
        assert len(value) <= max(kahoot.QUESTION_MAX, len(kahoot.HEADINGS[6]))


def test_every_format_exports_the_chosen_concepts_only() -> None:
    pack = load_pack("builtin")
    from placecli.exporters import FORMATS

    chosen = [pack.concepts[-1]]
    for name in ("gift", "qti", "anki"):
        data = str(FORMATS[name].load()(pack, chosen, Options()).data)
        assert pack.concepts[0].title not in data
        assert pack.questions_for(chosen[0].id)[0].id in data or name == "anki"

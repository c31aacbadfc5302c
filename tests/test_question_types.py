"""Every question type through every command and every export, to prove that a type lives
in one home: the five built-in types, and a yes/no type that this file alone defines and
registers (`qtypes.register`), as docs/content-format.md ("Adding a question type") says.

Each type gets a pack of its own in the test's folder (two concepts, two questions each,
a prompt each: clean under `validate --strict`) and runs through the same list: the solo
quiz scripted and in JSON, `--missed` from the history it left, the answer key (rich,
markdown, json), the team quiz, every export format read back by its real consumer, and
`validate` with and without `--strict`. Where a format cannot hold a type, the export
says so on stderr, and the test says which formats those are.
"""

from __future__ import annotations

import html
import json
import re
import textwrap
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from placecli.cli import app
from placecli.exporters import FORMATS
from placecli.packs import qtypes, schema
from placecli.packs.model import Question
from placecli.packs.qtypes import Form, QType, Shown, Unreadable
from placecli.packs.schema import Draft, FileCheck
from placecli.packs.yamlread import Text

from .consumers import (
    GIFT_TYPES,
    anki_import,
    gift_parse,
    one_line,
    pdf_text,
    read_xlsx,
    text2qti_items,
)

# A type of this test's own.


def yes_or_no(check: FileCheck, node: Any, path: str) -> tuple[str, ...] | Any:
    word = str(node).strip().lower() if isinstance(node, Text) else None
    if word in ("yes", "no"):
        return ("Yes",) if word == "yes" else ("No",)
    return check.problem(
        schema.line_of(node), path, f"expected yes or no, got {schema.describe(node)}"
    )


class YesNo(QType):
    """A question answered yes or no, with y or n; shown as written, never shuffled."""

    name = "yes-no"
    form = Form.ONE
    shuffled = False
    OPTIONS = ("Yes", "No")

    def fields(self) -> dict[str, tuple[schema.Convert, bool]]:
        return {"answer": (yes_or_no, True), "feedback": (schema.any_node, False)}

    def build(self, check: FileCheck, draft: Draft) -> None:
        values = draft.values
        values["options"] = self.OPTIONS
        if "feedback" in values:
            where = f"{draft.path}.feedback"
            spelled = {"yes": "Yes", "no": "No"}
            values["feedback"] = schema.feedback(
                check, values["feedback"], where, self.OPTIONS, spelled
            )

    def sound(self, q: Question) -> bool:
        return q.options == self.OPTIONS and len(q.answer) == 1 and super().sound(q)

    def keys(self, shown: Shown) -> list[tuple[str, str]]:
        return [("y", "Yes"), ("n", "No")]

    def how_to_answer(self, shown: Shown) -> str:
        return "Answer y (yes) or n (no), or q to quit"

    def read(self, shown: Shown, text: str) -> tuple[str, ...]:
        word = text.strip().lower()
        if word in ("y", "yes"):
            return ("Yes",)
        if word in ("n", "no"):
            return ("No",)
        raise Unreadable("type y for yes or n for no")

    def choices(self, q: Question) -> tuple[str, ...]:
        return ()  # Yes and No are the type's, not the author's: no warning reads them


BUILT_IN = list(qtypes.TYPES)  # before any test registers its own
EVERY_TYPE = [*BUILT_IN, "yes-no"]

# Two questions on each of two concepts, as a pack author writes them: each type's own
# fields. A new built-in type needs its entry here (test_every_type_is_written_here).
WRITTEN: dict[str, list[str]] = {
    "single": [
        "options: [Harbour, Market, Library]\nanswer: Harbour\n"
        "feedback: {Market: The market came later.}",
        "options: [Bridge, Mill, Chapel]\nanswer: Mill",
        "options: [Orchard, Meadow, Quarry]\nanswer: Quarry",
        "options: [Ferry, Canal, Railway]\nanswer: Canal",
    ],
    "multiple": [
        "options: [Red, Green, Blue, Amber]\nanswer: [Red, Blue]",
        "options: [Oak, Ash, Elm]\nanswer: [Ash]\nfeedback: {Elm: Elm is not native here.}",
        "options: [North, South, East, West]\nanswer: [South, East]",
        "options: [Tin, Lead, Iron]\nanswer: [Tin, Iron]",
    ],
    "true-false": [
        "answer: true",
        "answer: false\nfeedback: {true: It closed in 1990.}",
        "answer: true",
        "answer: false",
    ],
    "order": [
        "items: [Survey, Consult, Decide]",
        "items: [Dawn, Noon, Dusk, Night]",
        "items: [Seed, Sprout, Flower]",
        "items: [Draft, Review, Publish]",
    ],
    "match": [
        "pairs: [[Harbour, boats], [Market, stalls], [Library, books]]",
        "pairs: [[Mill, flour], [Forge, iron], [Kiln, bricks]]",
        "pairs: [[Spring, lambs], [Summer, hay], [Autumn, apples]]",
        "pairs: [[Head, chair], [Clerk, minutes], [Treasurer, accounts]]",
    ],
    "yes-no": [
        "answer: yes",
        "answer: no\nfeedback: {yes: The board met in March.}",
        "answer: no",
        "answer: yes",
    ],
}
QUESTION_IDS = ["alpha-1", "alpha-2", "beta-1", "beta-2"]

# The formats that cannot hold a type: its questions are left out, and said so on stderr.
CANNOT_HOLD = {
    ("qti", "order"),
    ("qti", "match"),
    ("kahoot", "multiple"),
    ("kahoot", "order"),
    ("kahoot", "match"),
}

PACK = """\
format: 1
id: {kind}-pack
title: A pack of {kind} questions
"""
CONCEPTS = """\
concepts:
  - id: alpha
    title: Alpha idea
    summary: Alpha in a sentence.
  - id: beta
    title: Beta idea
    summary: Beta in a sentence.
prompts:
  - id: alpha-prompt
    concept: alpha
    prompt: Where have you seen alpha at work?
  - id: beta-prompt
    concept: beta
    prompt: Where have you seen beta at work?
"""


def questions_yaml(kind: str) -> str:
    lines = ["questions:"]
    for ident, own in zip(QUESTION_IDS, WRITTEN[kind], strict=True):
        lines += [
            f"  - id: {ident}",
            f"    concept: {ident.split('-')[0]}",
            f"    type: {kind}",
            f"    question: Question {ident} of the {kind} kind?",
            f"    explanation: Why {ident} is answered so.",
            textwrap.indent(own, "    "),
        ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def yes_no() -> Iterator[None]:
    """The yes/no type, registered for one test and forgotten after it."""
    qtypes.register(YesNo())
    try:
        yield
    finally:
        qtypes.unregister("yes-no")


@pytest.fixture(params=EVERY_TYPE)
def kind(request: pytest.FixtureRequest) -> Iterator[str]:
    name: str = request.param
    if name == "yes-no":
        request.getfixturevalue("yes_no")
    yield name


@pytest.fixture
def pack(kind: str, tmp_path: Path) -> Path:
    folder = tmp_path / kind
    folder.mkdir()
    (folder / "pack.yaml").write_text(PACK.format(kind=kind), encoding="utf-8")
    (folder / "concepts.yaml").write_text(CONCEPTS, encoding="utf-8")
    (folder / "questions.yaml").write_text(questions_yaml(kind), encoding="utf-8")
    return folder


def place(pack: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, ["--content", str(pack), *args], input=input)


def answer_key(pack: Path, *args: str) -> list[dict[str, Any]]:
    """The questions a quiz with these options asks, as its answer key's JSON has them."""
    done = place(pack, "quiz", "--answer-key", "--format", "json", *args)
    assert done.exit_code == 0, done.stderr
    questions: list[dict[str, Any]] = json.loads(done.stdout)["questions"]
    return questions


def typed(entry: dict[str, Any], texts: Sequence[str]) -> str:
    """What a player types to give these option texts: their keys, in order."""
    key = {option["text"]: option["key"] for option in entry["options"]}
    return "".join(key[t] for t in texts)


def wrong(kind: str, entry: dict[str, Any]) -> str:
    """A wrong answer the type reads: a wrong option, or the right order reversed."""
    if qtypes.TYPES[kind].form.chosen:
        return next(str(o["key"]) for o in entry["options"] if o["text"] not in entry["answer"])
    return typed(entry, entry["answer"])[::-1]


def right_then_wrong(kind: str, asked: list[dict[str, Any]]) -> list[str]:
    return [typed(e, e["answer"]) if n % 2 == 0 else wrong(kind, e) for n, e in enumerate(asked)]


def test_every_type_is_written_here() -> None:
    assert set(WRITTEN) == {*BUILT_IN, "yes-no"}
    assert "yes-no" not in qtypes.TYPES  # registered by the tests that use it, then forgotten


def test_registering_a_name_twice_is_refused(yes_no: None) -> None:
    with pytest.raises(ValueError, match="'yes-no' is already registered"):
        qtypes.register(YesNo())


# The solo quiz.

SEED = ("--seed", "7", "--count", "4")


def test_solo_quiz_scripted_then_missed(kind: str, pack: Path) -> None:
    asked = answer_key(pack, *SEED)
    assert sorted(e["id"] for e in asked) == QUESTION_IDS
    answers = right_then_wrong(kind, asked)
    done = place(pack, "quiz", *SEED, input="\n".join(answers) + "\n")
    assert done.exit_code == 0, done.stderr
    assert done.stderr == ""  # every answer was read
    assert done.stdout.count("✓ Right.") == 2
    assert done.stdout.count("✗ Not this time.") == 2
    assert "Score: 2 of 4 (50%)" in done.stdout
    for entry in asked:
        assert entry["question"] in done.stdout
        for line in entry["answer_lines"]:
            assert line in done.stdout

    missed = answer_key(pack, "--missed", "--seed", "3")
    assert sorted(e["id"] for e in missed) == sorted(e["id"] for e in asked[1::2])
    again = [typed(e, e["answer"]) for e in missed]
    done = place(pack, "quiz", "--missed", "--seed", "3", input="\n".join(again) + "\n")
    assert done.exit_code == 0, done.stderr
    assert "Score: 2 of 2 (100%)" in done.stdout
    done = place(pack, "quiz", "--missed")
    assert done.exit_code == 0, done.stderr
    assert "No missed questions" in done.stdout


def test_solo_quiz_json(kind: str, pack: Path) -> None:
    asked = answer_key(pack, *SEED)
    answers = right_then_wrong(kind, asked)
    done = place(pack, "quiz", *SEED, "--format", "json", input="\n".join(answers) + "\n")
    assert done.exit_code == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["score"], result["total"], result["percent"]) == (2, 4, 50)
    assert [q["id"] for q in result["questions"]] == [e["id"] for e in asked]
    assert [q["type"] for q in result["questions"]] == [kind] * 4
    assert [q["correct"] for q in result["questions"]] == [True, False, True, False]
    chosen = qtypes.TYPES[kind].form.chosen  # several letters chosen come in any order
    for q, entry, line in zip(result["questions"], asked, answers, strict=True):
        assert q["answer"] == entry["answer"]
        given = typed(entry, q["given"])
        assert sorted(given) == sorted(line) if chosen else given == line


# The answer key.


def test_answer_key_rich_markdown_and_json(kind: str, pack: Path) -> None:
    asked = answer_key(pack, *SEED)
    assert [e["type"] for e in asked] == [kind] * 4
    rich = place(pack, "quiz", *SEED, "--answer-key")
    markdown = place(pack, "quiz", *SEED, "--answer-key", "--format", "markdown")
    assert (rich.exit_code, markdown.exit_code) == (0, 0)
    chosen = qtypes.TYPES[kind].form.chosen
    for entry in asked:
        assert entry["question"] in rich.stdout
        for line in entry["answer_lines"]:
            assert line in rich.stdout
        for option in entry["options"]:
            right = chosen and option["text"] in entry["answer"]
            row = f"{'✓' if right else ' '} {option['key']} {option['text']}"
            assert row in rich.stdout
            if chosen:
                mark = "✓" if right else "·"
                assert f"- {mark} **{option['key']}** {option['text']}" in markdown.stdout
        if chosen:
            keys = ", ".join(o["key"] for o in entry["options"] if o["text"] in entry["answer"])
            assert f"**Answer:** {keys}" in markdown.stdout
        else:
            assert all(text in markdown.stdout for text in entry["answer"])


# The team quiz.


def test_team_quiz(kind: str, pack: Path) -> None:
    asked = answer_key(pack, *SEED)
    lines = [line for e in asked for line in (typed(e, e["answer"]), wrong(kind, e))]
    args = ("quiz", *SEED, "--teams", "Red,Blue", "--format", "json")
    done = place(pack, *args, input="\n".join(lines) + "\n")
    assert done.exit_code == 0, done.stderr
    record = json.loads(done.stdout)
    assert [(t["name"], t["score"]) for t in record["teams"]] == [("Red", 4), ("Blue", 0)]
    for question, entry in zip(record["questions"], asked, strict=True):
        spread = question["distribution"]
        red = [key for key, names in spread.items() if "Red" in names]
        blue = [key for key, names in spread.items() if "Blue" in names]
        assert red and blue and not set(red) & set(blue)
        if qtypes.TYPES[kind].form.chosen:
            assert len(spread) == len(entry["options"])  # every option is counted
        else:
            assert red == [typed(entry, entry["answer"])] == list(spread)[:1]

    shown = place(pack, *args[:-2], input="\n".join(lines) + "\n")
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.count("How the room answered") == 4
    assert "Red  4" in shown.stdout and "Blue  0" in shown.stdout


# Validate.


def test_validate_and_strict(kind: str, pack: Path) -> None:
    for strict in ((), ("--strict",)):
        done = place(pack, "validate", str(pack), *strict)
        assert done.exit_code == 0, done.stderr + done.stdout
        assert "2 concepts, 4 questions, 2 prompts" in done.stdout
        assert "warning" not in done.stdout + done.stderr


def test_a_yes_no_question_with_a_bad_answer_is_named_with_its_line(
    yes_no: None, tmp_path: Path
) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "pack.yaml").write_text(PACK.format(kind="yes-no"), encoding="utf-8")
    (folder / "concepts.yaml").write_text(CONCEPTS, encoding="utf-8")
    written = questions_yaml("yes-no").replace("answer: no\n", "answer: maybe\n", 1)
    (folder / "questions.yaml").write_text(written, encoding="utf-8")
    done = place(folder, "validate", str(folder))
    assert done.exit_code == 1
    line = written.splitlines().index("    answer: maybe") + 1
    assert (
        f'questions.yaml:{line}: questions[1].answer: expected yes or no, got the text "maybe"'
        in (done.stderr)
    )


# Every export, read back by its real consumer.


def export_file(pack: Path, fmt: str, folder: Path) -> tuple[Path, int]:
    """`place export FMT --answer-key -o FILE`: the file, and how many questions it holds
    (none where the format cannot hold the type: then stderr names every one)."""
    out = folder / f"export.{FORMATS[fmt].extension}"
    done = place(pack, "export", fmt, "--answer-key", "--output", str(out))
    assert done.exit_code == 0, done.stderr
    kind = pack.name
    if (fmt, kind) in CANNOT_HOLD:
        assert done.stderr.startswith(f"place export {fmt}: left out 4 questions (")
        assert all(ident in done.stderr for ident in QUESTION_IDS)
        return out, 0
    assert done.stderr == ""
    return out, 4


def quiz_keys(pack: Path) -> dict[str, set[str]]:
    """Each question's keys, as the quiz shows them."""
    return {e["id"]: {o["key"] for o in e["options"]} for e in answer_key(pack, *SEED)}


def pack_questions(pack: Path) -> list[Question]:
    from placecli.packs.cache import load_packs_cached

    return list(load_packs_cached([pack], None).questions)


def keys_shown(form: Form) -> bool:
    """Does an export list the options with their keys? (A true-or-false statement is
    asked as such; an order or match question's items are listed without.)"""
    return form in (Form.ONE, Form.SEVERAL)


@pytest.mark.consumer
def test_gift_pegjs_reads_every_question(
    kind: str, pack: Path, tmp_path: Path, gift_pegjs: Path
) -> None:
    out, held = export_file(pack, "gift", tmp_path)
    parsed = gift_parse(out.read_text(encoding="utf-8"), gift_pegjs)
    questions = [q for q in parsed if q["type"] != "Category"]
    assert [q["title"] for q in questions] == QUESTION_IDS[:held]
    for item, question in zip(questions, pack_questions(pack), strict=True):
        form = qtypes.TYPES[kind].form
        assert item["type"] == GIFT_TYPES[form]
        assert item["globalFeedback"]["text"] == question.explanation
        if keys_shown(form):
            assert [c["text"]["text"] for c in item["choices"]] == list(question.options)
            right = [
                c["text"]["text"]
                for c in item["choices"]
                if c["isCorrect"] or (c["weight"] or 0) > 0
            ]
            assert right == [o for o in question.options if o in question.answer]


@pytest.mark.consumer
def test_anki_imports_every_note_keyed_as_the_quiz_keys(
    kind: str, pack: Path, tmp_path: Path, collection: Any
) -> None:
    out, held = export_file(pack, "anki", tmp_path)
    log = anki_import(collection, out)
    assert len(log.new) == 2 + held  # two concepts, the questions
    keys = quiz_keys(pack)
    form = qtypes.TYPES[kind].form
    for question in pack_questions(pack):
        ids = collection.find_notes(f"tag:place::question {question.question}")
        note = collection.get_note(ids[0])
        assert note.fields[0].startswith(html.escape(question.question))
        shown = set(re.findall(r"<b>([^<]+)</b>", note.fields[0]))
        assert shown == (keys[question.id] if keys_shown(form) else set())
        assert html.escape(question.explanation) in note.fields[1]


@pytest.mark.consumer
def test_text2qti_converts_what_canvas_can_hold(kind: str, pack: Path, tmp_path: Path) -> None:
    out, held = export_file(pack, "qti", tmp_path)
    if not held:  # text2qti refuses a quiz with no questions: nothing more to read
        assert "Title:" not in out.read_text(encoding="utf-8")
        return
    items = text2qti_items(out.rename(tmp_path / "quiz.txt"))
    assert [item.get("title") for item in items] == QUESTION_IDS


@pytest.mark.consumer
def test_html_is_valid_html5_with_the_answers_ticked(kind: str, pack: Path, tmp_path: Path) -> None:
    import html5lib

    out, _ = export_file(pack, "html", tmp_path)
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree = parser.parse(out.read_bytes())
    assert parser.errors == []
    page = one_line(" ".join(tree.find("body").itertext()))
    keys = quiz_keys(pack)
    form = qtypes.TYPES[kind].form
    for question in pack_questions(pack):
        assert question.question in page and question.explanation in page
        ticked = [li for li in tree.iter("li") if li.get("class") == "right"]
        if keys_shown(form) or form is Form.TRUE_OR_FALSE:
            for key, text in qtypes.keyed(question):
                if text in question.answer:
                    assert f"✓ {key} {text}" in page
            assert {k for k, _ in qtypes.keyed(question)} == keys[question.id]
        else:
            assert all(text in page for text in question.answer) and not ticked


@pytest.mark.consumer
def test_markdown_parses_as_commonmark_with_each_answer(
    kind: str, pack: Path, tmp_path: Path
) -> None:
    from markdown_it import MarkdownIt

    out, _ = export_file(pack, "markdown", tmp_path)
    tokens = MarkdownIt("commonmark").parse(out.read_text(encoding="utf-8"))
    inline = [t.children or [] for t in tokens if t.type == "inline"]
    text = one_line(" ".join("".join(c.content for c in children) for children in inline))
    keys = quiz_keys(pack)
    form = qtypes.TYPES[kind].form
    for question in pack_questions(pack):
        assert f"Why: {question.explanation}" in text
        if form.chosen:
            keyed = qtypes.keyed(question)
            right = ", ".join(k for k, o in keyed if o in question.answer)
            assert f"Answer: {right}" in text
            assert {k for k, _ in keyed} == keys[question.id]
        else:
            assert all(answer in text for answer in question.answer)


@pytest.mark.consumer
def test_pdf_holds_every_question_and_why(kind: str, pack: Path, tmp_path: Path) -> None:
    out, _ = export_file(pack, "pdf", tmp_path)
    info, text = pdf_text(out)
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)$", info, re.M)
    flat = one_line(text)
    for question in pack_questions(pack):
        assert question.question in flat and question.explanation in flat


@pytest.mark.consumer
def test_kahoot_sheet_holds_what_kahoot_can_hold(kind: str, pack: Path, tmp_path: Path) -> None:
    out, held = export_file(pack, "kahoot", tmp_path)
    cells = read_xlsx(out.read_bytes())
    questions = pack_questions(pack)[:held]
    for row, question in enumerate(questions, start=9):
        assert cells[f"B{row}"] == question.question
        answers = [cells.get(f"{col}{row}", "") for col in "CDEF"]
        assert [a for a in answers if a] == list(question.options)
        assert [question.options[int(n) - 1] for n in cells[f"H{row}"].split(",")] == list(
            question.answer
        )
    assert f"A{9 + held}" not in cells

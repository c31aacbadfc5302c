"""Hostile packs and paths: each refused with its exact message, none hangs, leaks a
linked file or grows without bound, and checking grows linearly with the records."""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Callable, Collection
from pathlib import Path
from types import MappingProxyType

import growth  # benchmarks/growth.py: the packs and the count of steps
import pytest
from typer.testing import CliRunner

from placecli import errors, safetext
from placecli.cli import app
from placecli.errors import MAX_SHOWN, ContentError, Problem
from placecli.packs import locate
from placecli.packs.model import Author, Concept, Pack, Prompt, Question, Source, Term
from placecli.packs.pack import load_packs

from .conftest import MANIFEST, MakePack, within

PROMPT = "prompts:\n  - id: p\n    prompt: Think.\n    minutes: {minutes}\n"
TRUE_FALSE = """\
questions:
  - id: q
    concept: alpha
    type: true-false
    question: Is it?
    answer: {answer}
    explanation: Because.
"""
OPTIONS = """\
questions:
  - id: q
    concept: alpha
    type: single
    question: Which?
    options: [{options}]
    answer: Place
    explanation: Because.
"""
ESC_NAME = "(a control character, which a terminal would obey rather than show); remove it"
BIDI = "(a bidirectional control, which makes text read differently from what it holds)"
INVISIBLE = "(an invisible character, which can make two texts look alike); remove it"


def concept_title(title: str) -> dict[str, str | bytes | None]:
    return {"concepts.yaml": f"concepts:\n  - id: alpha\n    title: {title}\n    summary: S\n"}


# One row per hostile pack: the files that differ from a good pack, and the exact first
# line of the report.
HOSTILE: list[tuple[str, dict[str, str | bytes | None], str]] = [
    (
        "osc52-clipboard",
        concept_title('"\\e]52;c;cm0gLXJmIH4=\\a"'),
        f"pack/concepts.yaml:3: contains U+001B ESCAPE {ESC_NAME}",
    ),
    (
        "c1-csi",
        concept_title('"\\x9b2J"'),
        f"pack/concepts.yaml:3: contains U+009B CONTROL SEQUENCE INTRODUCER {ESC_NAME}",
    ),
    (
        "bell-in-a-key",
        {
            "concepts.yaml": 'concepts:\n  - id: alpha\n    title: A\n    "x\\a": 1\n    summary: S\n'
        },
        f"pack/concepts.yaml:4: contains U+0007 BELL {ESC_NAME}",
    ),
    (
        "carriage-return",
        concept_title('"Fine\\rEvil"'),
        f"pack/concepts.yaml:3: contains U+000D CARRIAGE RETURN {ESC_NAME}",
    ),
    (
        "raw-escape-byte",
        {"concepts.yaml": b"concepts:\n  - id: alpha\n    title: \x1b[2J\n    summary: S\n"},
        "pack/concepts.yaml:3: contains U+001B ESCAPE, a control character",
    ),
    (
        "right-to-left-override",
        concept_title("Alpha \u202eaedi"),
        f"pack/concepts.yaml:3: contains U+202E RIGHT-TO-LEFT OVERRIDE {BIDI}; remove it",
    ),
    (
        "bidi-isolate",
        concept_title("Alpha \u2066idea\u2069"),
        f"pack/concepts.yaml:3: contains U+2066 LEFT-TO-RIGHT ISOLATE {BIDI}; remove it",
    ),
    (
        "zero-width-twin-options",
        {"questions.yaml": OPTIONS.format(options="Place, Pl\u200bace")},
        f"pack/questions.yaml:6: contains U+200B ZERO WIDTH SPACE {INVISIBLE}",
    ),
    (
        "soft-hyphen",
        concept_title("Al\u00adpha"),
        f"pack/concepts.yaml:3: contains U+00AD SOFT HYPHEN {INVISIBLE}",
    ),
    (
        "sexagesimal-minutes",
        {"prompts.yaml": PROMPT.format(minutes="1:30")},
        'pack/prompts.yaml:4: prompts[0].minutes: expected a whole number above 0, got the text "1:30"',
    ),
    (
        "hex-minutes",
        {"prompts.yaml": PROMPT.format(minutes="0x10")},
        'pack/prompts.yaml:4: prompts[0].minutes: expected a whole number above 0, got the text "0x10"',
    ),
    (
        "octal-minutes",
        {"prompts.yaml": PROMPT.format(minutes="0o17")},
        'pack/prompts.yaml:4: prompts[0].minutes: expected a whole number above 0, got the text "0o17"',
    ),
    (
        "binary-minutes",
        {"prompts.yaml": PROMPT.format(minutes="0b1")},
        'pack/prompts.yaml:4: prompts[0].minutes: expected a whole number above 0, got the text "0b1"',
    ),
    (
        "underscored-minutes",
        {"prompts.yaml": PROMPT.format(minutes="1_000")},
        'pack/prompts.yaml:4: prompts[0].minutes: expected a whole number above 0, got the text "1_000"',
    ),
    (
        "hex-format",
        {"pack.yaml": "format: 0x1\nid: test-pack\ntitle: T\n"},
        'pack/pack.yaml:1: format: expected a whole number above 0, got the text "0x1"',
    ),
    (
        "yes-is-not-true",
        {"questions.yaml": TRUE_FALSE.format(answer="yes")},
        'pack/questions.yaml:6: questions[0].answer: expected true or false, got the text "yes"',
    ),
    (
        "long-value-clipped",
        {"pack.yaml": f"format: 1\nid: {'A' * 100_000}\ntitle: T\n"},
        f'pack/pack.yaml:2: id: "{"A" * 80}…" is not a slug: use a-z, 0-9 and hyphens, '
        f'e.g. "{"a" * 80}…"',
    ),
    (
        "long-key-clipped",
        {"pack.yaml": MANIFEST + f"? {'k' * 100_000}\n: 1\n"},
        f"pack/pack.yaml:4: {'k' * 80}…: unknown field",
    ),
    (
        "file-over-the-limit",
        {"big.yaml": b"# " + b"x" * locate.MAX_FILE_BYTES},
        "pack/big.yaml: is larger than 4 MB (4,194,306 bytes), the most a pack file may be",
    ),
]


@pytest.mark.parametrize(
    ("files", "expected"), [r[1:] for r in HOSTILE], ids=[r[0] for r in HOSTILE]
)
def test_hostile_pack_is_refused_with_its_message(
    make_pack: MakePack,
    files: dict[str, str | bytes | None],
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = make_pack(files)
    monkeypatch.chdir(folder.parent)
    with pytest.raises(ContentError) as caught:
        within(10, lambda: load_packs([Path("pack")]))
    assert str(caught.value.problems[0]) == expected


def test_the_pack_as_a_whole_has_a_limit(
    make_pack: MakePack, monkeypatch: pytest.MonkeyPatch
) -> None:
    chunk = b"# " + b"x" * (3 * 1024 * 1024) + b"\nterms: []\n"
    folder = make_pack({"a.yaml": chunk, "b.yaml": chunk, "c.yaml": chunk})
    monkeypatch.chdir(folder.parent)
    with pytest.raises(ContentError) as caught:
        load_packs([Path("pack")])
    assert [str(p) for p in caught.value.problems] == [
        "pack/c.yaml: makes the pack larger than 8 MB in all; split it into several packs"
    ]


# Hostile paths: what is put in the pack folder in place of a file.


def link_out(folder: Path) -> None:
    secret = folder.parent / "secret.yaml"
    secret.write_text("concepts:\n  - token: ghp_SECRET\n")
    (folder / "concepts.yaml").unlink()
    (folder / "concepts.yaml").symlink_to(secret)


def link_zero(folder: Path) -> None:
    (folder / "pack.yaml").unlink()
    (folder / "pack.yaml").symlink_to("/dev/zero")


def fifo(folder: Path) -> None:
    os.mkfifo(folder / "concepts.yaml.tmp")
    (folder / "concepts.yaml").unlink()
    (folder / "concepts.yaml.tmp").rename(folder / "concepts.yaml")


def fifo_manifest(folder: Path) -> None:
    (folder / "pack.yaml").unlink()
    os.mkfifo(folder / "pack.yaml")


def link_inside(folder: Path) -> None:
    (folder / "real.txt").write_text((folder / "concepts.yaml").read_text())
    (folder / "concepts.yaml").unlink()
    (folder / "concepts.yaml").symlink_to("real.txt")


OUTSIDE = "is a link to a file outside the pack folder; copy the file into the pack"
NOT_REGULAR = "is not a regular file (a folder, device, pipe or socket); not read"
PATHS: list[tuple[str, Callable[[Path], None], str | None]] = [
    ("link-out-of-the-pack", link_out, f"pack/concepts.yaml: {OUTSIDE}"),
    ("link-to-dev-zero", link_zero, f"pack/pack.yaml: {OUTSIDE}"),
    ("fifo", fifo, f"pack/concepts.yaml: {NOT_REGULAR}"),
    ("fifo-manifest", fifo_manifest, f"pack/pack.yaml: {NOT_REGULAR}"),
    ("link-inside-the-pack", link_inside, None),
]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX links and FIFOs")
@pytest.mark.parametrize(("change", "expected"), [r[1:] for r in PATHS], ids=[r[0] for r in PATHS])
def test_only_regular_files_inside_the_pack_are_read(
    make_pack: MakePack,
    change: Callable[[Path], None],
    expected: str | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = make_pack()
    change(folder)
    monkeypatch.chdir(folder.parent)
    if expected is None:
        assert within(10, lambda: load_packs([Path("pack")])).concepts[0].id == "alpha"
        return
    with pytest.raises(ContentError) as caught:
        within(10, lambda: load_packs([Path("pack")]))
    assert str(caught.value.problems[0]) == expected
    assert "SECRET" not in str(caught.value)


def test_a_file_name_cannot_drive_the_terminal(make_pack: MakePack) -> None:
    folder = make_pack({"\x1b]0;owned\x07.yaml": "concepts: 1\n"})
    with pytest.raises(ContentError) as caught:
        load_packs([folder])
    line = str(caught.value.problems[0])
    assert line.endswith("/pack/␛]0;owned␇.yaml:1: concepts: expected a list, got a number (1)")


# Linear growth: the lines of Python run for 2,000 records against 1,000, counted exactly
# (the same count on any machine under any load; benchmarks/growth.py times the same
# work at 10,000 and 20,000 records).


def unknown_references(n: int) -> dict[str, str | bytes | None]:
    return dict(growth.unknown_references(n))


@pytest.mark.parametrize("name", list(growth.BROKEN))
def test_checking_grows_linearly(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Twice the records, at most twice the steps. Did-you-mean hints are left out here:
    their work has a budget of its own (the next test)."""
    monkeypatch.setattr(errors, "HINT_BUDGET", 0)
    small = growth.write(tmp_path / "small", growth.BROKEN[name](1_000))
    large = growth.write(tmp_path / "large", growth.BROKEN[name](2_000))
    with pytest.raises(ContentError):
        load_packs([small])  # every record is at fault
    small_steps = growth.steps(lambda: load_packs([small]))
    large_steps = growth.steps(lambda: load_packs([large]))
    assert large_steps / small_steps < 2.02, (small_steps, large_steps)


def test_hints_compare_no_more_candidates_than_their_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from placecli import words

    compared: list[int] = []
    hint = words.did_you_mean

    def counted(word: str, candidates: Collection[str]) -> str:
        compared.append(len(candidates))
        return hint(word, candidates)

    monkeypatch.setattr(words, "did_you_mean", counted)
    folder = growth.write(tmp_path / "pack", growth.many_concepts_unknown_related(2_000))
    with pytest.raises(ContentError) as caught:
        load_packs([folder])
    assert caught.value.count == 2_000
    assert 0 < len(compared) < 2_000  # hints while the budget lasts, then none
    assert sum(compared) <= errors.HINT_BUDGET < sum(compared) + 2_001


def test_only_the_first_problems_are_kept_and_all_are_counted(make_pack: MakePack) -> None:
    folder = make_pack(unknown_references(20_000))
    with pytest.raises(ContentError) as caught:
        load_packs([folder])
    error = caught.value
    assert (len(error.problems), error.count) == (MAX_SHOWN, 20_000)
    assert error.count_line() == "20,000 problems found in the pack; the first 100 are shown."
    assert [p.line for p in error.problems] == [3 + 3 * i for i in range(MAX_SHOWN)]
    assert error.problems[0].message == 'unknown concept "missing-0"'
    assert len(str(error).splitlines()) == MAX_SHOWN


def test_hints_are_given_while_their_budget_lasts(make_pack: MakePack) -> None:
    lines = ["concepts:"]
    for i in range(20_000):
        lines += [f"  - id: concept-{i}", "    title: T", "    summary: S"]
    lines += ["  - id: last", "    title: T", "    summary: S", "    related: [concept-1x]"]
    folder = make_pack({"concepts.yaml": "\n".join(lines) + "\n"})
    with pytest.raises(ContentError) as caught:
        load_packs([folder])
    assert caught.value.problems[0].message.startswith('unknown concept "concept-1x"; did you mean')


# safetext itself


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b]52;c;cm0=\x07", "␛]52;c;cm0=␇"),
        ("a\x9b2Jb", "a<U+009B>2Jb"),
        ("\u202eevil", "<U+202E>evil"),
        ("zero\u200bwidth", "zero<U+200B>width"),
        ("tag\U000e0041", "tag<U+E0041>"),
        ("del\x7f", "del␡"),
        ("lines\nand\ttabs stay", "lines\nand\ttabs stay"),
        ("café 🙂 [red]", "café 🙂 [red]"),
    ],
)
def test_neutral_shows_what_it_hides(text: str, shown: str) -> None:
    assert safetext.neutral(text) == shown


def test_json_escapes_keep_the_data() -> None:
    import json

    data = {"t": "a\x1b\x9b\u202e\u200b\U000e0041é"}
    escaped = safetext.json_escaped(json.dumps(data, ensure_ascii=False))
    assert escaped == '{"t": "a\\u001b\\u009b\\u202e\\u200b\\udb40\\udc41é"}'
    assert json.loads(escaped) == data


def test_a_problem_is_one_line_of_bounded_length() -> None:
    problem = Problem("f\x1b.yaml", 3, "a\nb", "x" * 5000 + "\x07")
    line = str(problem)
    assert "\n" not in line and "\x1b" not in line
    assert line.startswith("f␛.yaml:3: a␊b: xxx") and len(line) == 1001


# Every output, given one hostile model (built directly: the loader would refuse it).

EVIL = "A\x1b]52;c;cm0gLXJmIH4=\x07B\x1b[2J\x1bc\x9b31mC\u202eD\u2066E\u200bF\x08\rG\x7f"
CONTROLLING = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069]"
)
SGR = re.compile(r"\x1b\[[0-9;]*m")  # colour and style codes Rich writes on a terminal


def evil_pack() -> Pack:
    def evil(name: str) -> str:
        return f"{name} {EVIL}"

    options = (evil("right"), evil("wrong"))
    return Pack(
        id="evil",
        title=evil("title"),
        description=evil("description"),
        source=Source(
            title=evil("source"),
            authors=(Author(evil("author"), evil("role")),),
            publication=evil("publication"),
            url=evil("url"),
        ),
        concepts=(
            Concept(
                id="alpha",
                title=evil("concept"),
                summary=evil("summary"),
                section=evil("section"),
                points=(evil("point"),),
                quote=evil("quote"),
                terms=("t",),
            ),
        ),
        questions=(
            Question(
                id="q",
                concept="alpha",
                type="single",
                question=evil("question"),
                answer=(options[0],),
                explanation=evil("explanation"),
                options=options,
                feedback=MappingProxyType({options[1]: evil("feedback")}),
            ),
        ),
        prompts=(
            Prompt(id="p", prompt=evil("prompt"), concept="alpha", follow_ups=(evil("follow"),)),
        ),
        terms=(
            Term(
                id="t", term=evil("term"), definition=evil("definition"), aliases=(evil("alias"),)
            ),
        ),
    )


OUTPUTS = {
    "summary": ["summary"],
    "summary-brief": ["summary", "--brief"],
    "summary-markdown": ["summary", "--format", "markdown"],
    "summary-json": ["summary", "--format", "json"],
    "concepts": ["concepts"],
    "concepts-json": ["concepts", "--format", "json"],
    "glossary": ["glossary"],
    "glossary-term": ["glossary", "t"],
    "glossary-json": ["glossary", "--format", "json"],
    "answer-key": ["quiz", "--seed", "1", "--count", "1", "--answer-key"],
    "answer-key-json": ["quiz", "--seed", "1", "--count", "1", "--answer-key", "--format", "json"],
    "quiz": ["quiz", "--seed", "1", "--count", "1"],
    "quiz-json": ["quiz", "--seed", "1", "--count", "1", "--format", "json"],
    "reflect": ["reflect"],
    "validate": ["validate"],
    **{f"export-{name}": ["export", name] for name in ("html", "gift", "anki", "qti", "markdown")},
    "validate-json": ["validate", "--format", "json"],
    "unknown-id": ["summary", f"no-such {EVIL}"],
}


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "terminal"])
@pytest.mark.parametrize("args", list(OUTPUTS.values()), ids=list(OUTPUTS))
def test_no_output_lets_pack_text_drive_the_terminal(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, args: list[str], colour: bool
) -> None:
    from placecli.commands import checking, packs

    monkeypatch.setattr(packs, "load_paths", lambda paths, terminal: evil_pack())
    # the built-in pack's plans name its concepts, which the evil pack does not have
    monkeypatch.setattr(checking, "checked_plans", lambda paths, packs: [])
    if colour:
        monkeypatch.setenv("FORCE_COLOR", "1")
    answers = "B\n" if args[0] == "quiz" else ""
    result = runner.invoke(app, args, input=answers)
    assert result.exit_code == (2 if args[-1].startswith("no-such") else 0), result.output
    everything = result.stdout + result.stderr
    quotes_pack_text = args[0] != "validate"  # its warnings here name ids only
    if args[:2] == ["export", "html"]:  # and HTML, which is read by a browser, as well
        everything = html.unescape(everything)
    if quotes_pack_text:
        assert "A␛" in everything or "A\\u001b" in everything  # the text is shown ...
    assert CONTROLLING.findall(SGR.sub("", everything)) == []  # ... and nothing obeyed
    if args[-1] == "json" and quotes_pack_text:
        assert any(EVIL in text for text in strings(json.loads(result.stdout)))  # data kept


def strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in (*strings(k), *strings(v))]
    if isinstance(data, list):
        return [s for item in data for s in strings(item)]
    return []


def test_the_journal_keeps_no_control_characters(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from placecli.commands import packs

    monkeypatch.setattr(packs, "load_paths", lambda paths, terminal: evil_pack())
    journal = tmp_path / "journal.md"
    typed = f"pasted {EVIL}\n\n"
    result = runner.invoke(app, ["reflect", "--journal", str(journal)], input=typed)
    assert result.exit_code == 0, result.output
    saved = journal.read_text(encoding="utf-8")
    assert "prompt A␛]52;c;cm0gLXJmIH4=␇B" in saved and "pasted A␛]52" in saved
    assert CONTROLLING.findall(saved) == []
    assert CONTROLLING.findall(SGR.sub("", result.stdout + result.stderr)) == []


@pytest.mark.parametrize("view", list(growth.views()))
def test_warnings_counts_and_links_grow_linearly(view: str) -> None:
    work = growth.views()[view]
    small, large = growth.big_model(1_000), growth.big_model(2_000)
    small_steps = growth.steps(lambda: work(small))
    large_steps = growth.steps(lambda: work(large))
    assert large_steps / small_steps < 2.02, (small_steps, large_steps)

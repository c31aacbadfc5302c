"""The loader against content-format.md: good packs load, every broken pack is refused
with one exact line per problem, and nothing hostile crashes or hangs it."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from placecli.cli import app
from placecli.errors import ContentError, UsageError
from placecli.packs import locate, yamlread
from placecli.packs.pack import load_packs

from .conftest import MANIFEST, MakePack

Q_SINGLE = """\
questions:
  - id: q1
    concept: alpha
    type: single
    question: Which?
    options: [Process, Place]
    answer: {answer}
    explanation: Because.
"""

ORDER = """\
questions:
  - id: q1
    concept: alpha
    type: order
    items: {items}
    question: In which order?
    explanation: Because.
"""
MATCH = ORDER.replace("type: order", "type: match").replace("items: {items}", "pairs: {pairs}")

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)

# One row per broken or hostile pack: the files that differ from a good pack, and the
# whole report, one line per problem.
BROKEN: list[tuple[str, dict[str, str | bytes | None], str]] = [
    ("no-manifest", {"pack.yaml": None}, "pack/pack.yaml: is missing: every pack needs one"),
    (
        "empty-manifest",
        {"pack.yaml": "# nothing yet\n"},
        "pack/pack.yaml:1: is empty: it needs format, id and title",
    ),
    (
        "newer-format",
        {"pack.yaml": MANIFEST.replace("1", "2")},
        "pack/pack.yaml:1: format: this pack is format 2, but this place reads format 1; "
        "install a newer place to use it",
    ),
    (
        "no-format",
        {"pack.yaml": "id: test-pack\ntitle: T\n"},
        'pack/pack.yaml:1: missing required field "format"',
    ),
    (
        "id-not-slug",
        {"pack.yaml": "format: 1\nid: My Pack\ntitle: T\n"},
        'pack/pack.yaml:2: id: "My Pack" is not a slug: use a-z, 0-9 and hyphens, e.g. "my-pack"',
    ),
    (
        "unknown-manifest-key",
        {"pack.yaml": MANIFEST + "titel: x\n"},
        'pack/pack.yaml:4: titel: unknown field; did you mean "title"?',
    ),
    (
        "unknown-concept-key",
        {"concepts.yaml": "concepts:\n  - id: a\n    title: A\n    summary: S\n    sumary: x\n"},
        'pack/concepts.yaml:5: concepts[0].sumary: unknown field; did you mean "summary"?',
    ),
    (
        "duplicate-key",
        {"concepts.yaml": "concepts:\n  - id: a\n    title: A\n    title: B\n    summary: S\n"},
        'pack/concepts.yaml:4: duplicate key "title" (first at line 3)',
    ),
    (
        "duplicate-id-across-files",
        {"more.yaml": "concepts:\n  - id: alpha\n    title: A\n    summary: S\n"},
        'pack/more.yaml:2: concepts[0].id: duplicate concept id "alpha" (first at pack/concepts.yaml:2)',
    ),
    (
        "dangling-question-concept",
        {
            "questions.yaml": Q_SINGLE.format(answer="Place").replace(
                "concept: alpha", "concept: alpah"
            )
        },
        'pack/questions.yaml:3: questions[0].concept: unknown concept "alpah"; did you mean "alpha"?',
    ),
    (
        "dangling-term",
        {"concepts.yaml": "concepts:\n  - id: a\n    title: A\n    summary: S\n    terms: [stp]\n"},
        'pack/concepts.yaml:5: concepts[0].terms[0]: unknown term "stp"',
    ),
    (
        "dangling-related",
        {"concepts.yaml": "concepts:\n  - id: a\n    title: A\n    summary: S\n    related: [b]\n"},
        'pack/concepts.yaml:5: concepts[0].related[0]: unknown concept "b"',
    ),
    (
        "answer-not-option",
        {"questions.yaml": Q_SINGLE.format(answer="Proccess")},
        'pack/questions.yaml:7: questions[0].answer: "Proccess" is not one of the options; '
        'did you mean "Process"?',
    ),
    (
        "multiple-answer-not-list",
        {"questions.yaml": Q_SINGLE.format(answer="Place").replace("single", "multiple")},
        "pack/questions.yaml:7: questions[0].answer: a multiple-answer question's answer is a "
        "list of options",
    ),
    (
        "true-false-with-options",
        {"questions.yaml": Q_SINGLE.format(answer="true").replace("single", "true-false")},
        "pack/questions.yaml:6: questions[0].options: a true-false question has no such field "
        "(it has answer, feedback)",
    ),
    (
        "true-false-bad-answer",
        {
            "questions.yaml": Q_SINGLE.format(answer="maybe")
            .replace("type: single", "type: true-false")
            .replace("    options: [Process, Place]\n", "")
        },
        'pack/questions.yaml:6: questions[0].answer: expected true or false, got the text "maybe"',
    ),
    (
        "title-is-a-list",
        {"concepts.yaml": "concepts:\n  - id: a\n    title: [A]\n    summary: S\n"},
        "pack/concepts.yaml:3: concepts[0].title: expected text, got a list",
    ),
    (
        "missing-summary",
        {"concepts.yaml": "concepts:\n  - id: a\n    title: A\n"},
        'pack/concepts.yaml:2: concepts[0]: missing required field "summary"',
    ),
    (
        "empty-pack",
        {"concepts.yaml": None},
        "pack: the pack is empty: it has no concepts, questions, prompts or terms",
    ),
    (
        "python-tag",
        {"concepts.yaml": "concepts: !!python/object/apply:os.system [echo hi]\n"},
        "pack/concepts.yaml:1: the tag !!python/object/apply:os.system is not allowed here",
    ),
    (
        "alias-bomb",
        {"bomb.yaml": BOMB},
        "pack/bomb.yaml:6: aliases expand to more than 100,000 values",
    ),
    (
        "deep-nesting",
        {"deep.yaml": "concepts: " + "[" * 50_000},
        "pack/deep.yaml:1: values are nested more than 64 levels deep",
    ),
    (
        "not-utf8",
        {"concepts.yaml": b"concepts:\n  - id: caf\xe9\n"},
        "pack/concepts.yaml:2: is not UTF-8 text (byte 0xe9)",
    ),
    (
        "nul-byte",
        {"concepts.yaml": b"concepts:\n\x00\n"},
        "pack/concepts.yaml:2: contains a NUL byte; is it a text file?",
    ),
    (
        "impossible-date",
        {"pack.yaml": MANIFEST + "source:\n  title: T\n  published: 2009-13-45\n"},
        'pack/pack.yaml:6: "2009-13-45" is not a valid date (!!timestamp)',
    ),
    (
        "odd-bool-tag",
        {"pack.yaml": MANIFEST + "description: !!bool maybe\n"},
        'pack/pack.yaml:4: "maybe" is not a valid bool (!!bool)',
    ),
    (
        "two-documents",
        {"concepts.yaml": "concepts: []\n---\nterms: []\n"},
        "pack/concepts.yaml:2: holds more than one YAML document; a pack file holds one",
    ),
    (
        "syntax-error",
        {"concepts.yaml": "concepts: [a, b\nterms: []\n"},
        "pack/concepts.yaml:2: column 6: not valid YAML: did not find expected ',' or ']'",
    ),
    (
        "quote-too-long",
        {
            "concepts.yaml": "concepts:\n  - id: a\n    title: A\n    summary: S\n    quote: "
            + "word " * 41
            + "\n"
        },
        "pack/concepts.yaml:5: concepts[0].quote: has 41 words; a quote has at most 40",
    ),
    (
        "one-option",
        {"questions.yaml": Q_SINGLE.format(answer="Place").replace("[Process, Place]", "[Place]")},
        "pack/questions.yaml:6: questions[0].options: has 1 options; give 2 to 8",
    ),
    (
        "list-at-top",
        {"concepts.yaml": "- id: a\n"},
        "pack/concepts.yaml:1: expected a mapping of concepts, questions, prompts, terms; got a list",
    ),
    (
        "unknown-top-key",
        {"concepts.yaml": "concept:\n  - id: a\n"},
        'pack/concepts.yaml:1: concept: unknown key; did you mean "concepts"?',
    ),
    (
        "bad-audience",
        {"prompts.yaml": "prompts:\n  - id: p\n    prompt: Why?\n    audience: team\n"},
        'pack/prompts.yaml:4: prompts[0].audience: "team" is not one of: individual, pair, group',
    ),
    (
        "zero-minutes",
        {"prompts.yaml": "prompts:\n  - id: p\n    prompt: Why?\n    minutes: 0\n"},
        "pack/prompts.yaml:4: prompts[0].minutes: expected a whole number above 0, got a number (0)",
    ),
    (
        "feedback-for-no-option",
        {
            "questions.yaml": Q_SINGLE.format(answer="Place")
            + "    feedback:\n      Proces: Close.\n"
        },
        'pack/questions.yaml:10: questions[0].feedback.Proces: "Proces" is not one of the options; '
        'did you mean "Process"?',
    ),
    (
        "merge-key",
        {"concepts.yaml": "x: &x {title: A}\nconcepts:\n  - <<: *x\n"},
        "pack/concepts.yaml:3: merge keys (<<) are not supported; write the values out",
    ),
    (
        "order-too-few",
        {"questions.yaml": ORDER.format(items="[one, two]")},
        "pack/questions.yaml:5: questions[0].items: has 2 items; give 3 to 8",
    ),
    (
        "order-too-many",
        {"questions.yaml": ORDER.format(items="[a, b, c, d, e, f, g, h, i]")},
        "pack/questions.yaml:5: questions[0].items: has 9 items; give 3 to 8",
    ),
    (
        "order-repeated",
        {"questions.yaml": ORDER.format(items="[one, two, one]")},
        'pack/questions.yaml:5: questions[0].items: "one" is listed more than once',
    ),
    (
        "order-with-options",
        {"questions.yaml": ORDER.format(items="[a, b, c]\n    options: [a, b]")},
        "pack/questions.yaml:6: questions[0].options: a order question has no such field "
        "(it has items)",
    ),
    (
        "order-no-items",
        {"questions.yaml": ORDER.format(items="[a, b, c]").replace("    items: [a, b, c]\n", "")},
        'pack/questions.yaml:2: questions[0]: missing required field "items"',
    ),
    (
        "match-not-a-pair",
        {"questions.yaml": MATCH.format(pairs="[[a, 1], [b, 2], [c]]")},
        "pack/questions.yaml:5: questions[0].pairs[2]: expected a pair [left, right], got a list",
    ),
    (
        "match-too-few",
        {"questions.yaml": MATCH.format(pairs="[[a, 1], [b, 2]]")},
        "pack/questions.yaml:5: questions[0].pairs: has 2 pairs; give 3 to 8",
    ),
    (
        "match-repeated-left",
        {"questions.yaml": MATCH.format(pairs="[[a, 1], [b, 2], [a, 3]]")},
        'pack/questions.yaml:5: questions[0].pairs: the left text "a" is listed more than once',
    ),
    (
        "match-repeated-right",
        {"questions.yaml": MATCH.format(pairs="[[a, 1], [b, 2], [c, 1]]")},
        'pack/questions.yaml:5: questions[0].pairs: the right text "1" is listed more than once',
    ),
    (
        "match-not-a-list",
        {"questions.yaml": MATCH.format(pairs="a -> 1")},
        'pack/questions.yaml:5: questions[0].pairs: expected a list of pairs, got the text "a -> 1"',
    ),
    (
        "match-with-answer",
        {"questions.yaml": MATCH.format(pairs="[[a, 1], [b, 2], [c, 3]]\n    answer: a")},
        "pack/questions.yaml:6: questions[0].answer: a match question has no such field "
        "(it has pairs)",
    ),
    (
        "unknown-type",
        {"questions.yaml": ORDER.format(items="[a, b, c]").replace("type: order", "type: ranking")},
        'pack/questions.yaml:4: questions[0].type: "ranking" is not one of: single, multiple, '
        "true-false, order, match",
    ),
]


@pytest.mark.parametrize(("files", "expected"), [r[1:] for r in BROKEN], ids=[r[0] for r in BROKEN])
def test_broken_pack_is_refused_with_its_line(
    make_pack: MakePack,
    files: dict[str, str | bytes | None],
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = make_pack(files)
    monkeypatch.chdir(folder.parent)
    started = time.perf_counter()
    with pytest.raises(ContentError) as caught:
        load_packs([Path("pack")])
    assert time.perf_counter() - started < 5  # generous: a hang would take forever
    assert "\n".join(str(p) for p in caught.value.problems) == expected


def test_every_problem_of_a_pack_is_reported_together(make_pack: MakePack) -> None:
    folder = make_pack(
        {
            "pack.yaml": MANIFEST + "colour: red\n",
            "questions.yaml": Q_SINGLE.format(answer="Nope"),
            "terms.yaml": "terms:\n  - id: t\n    term: T\n",
        }
    )
    with pytest.raises(ContentError) as caught:
        load_packs([folder])
    messages = [p.message for p in caught.value.problems]
    assert messages == [
        "unknown field",
        '"Nope" is not one of the options',
        'missing required field "definition"',
    ]


def test_a_good_pack_loads_into_the_model(make_pack: MakePack) -> None:
    folder = make_pack(
        {
            "pack.yaml": MANIFEST + "source:\n  title: An article\n  published: 2018-03-28\n"
            "  authors:\n    - name: A. Writer\n      role: Editor\n",
            "questions.yaml": Q_SINGLE.format(answer="Place")
            + "    feedback:\n      Process: No.\n",
            "quiz.yml": """\
            questions:
              - id: q2
                concept: beta
                type: multiple
                question: Which two?
                options: [Yes, No, "2018"]
                answer: [Yes, "2018"]
                explanation: Both.
              - id: q3
                concept: beta
                type: true-false
                question: True?
                answer: false
                explanation: No.
                feedback: {true: Think again.}
              - id: q4
                concept: beta
                type: true-false
                question: Quoted keys?
                answer: true
                explanation: Yes.
                feedback: {"false": Look again.}
            """,
            "prompts.yaml": "prompts:\n  - id: p\n    prompt: Why?\n    minutes: 5\n    audience: pair\n",
        }
    )
    pack = load_packs([folder])
    assert pack.source is not None
    assert pack.source.published == dt.date(2018, 3, 28)
    assert pack.source.authors[0].role == "Editor"
    assert [c.id for c in pack.concepts] == ["alpha", "beta"]
    q1, q2, q3, q4 = pack.questions
    assert dict(q4.feedback) == {"False": "Look again."}
    assert (q1.answer, dict(q1.feedback)) == (("Place",), {"Process": "No."})
    assert q2.options == ("Yes", "No", "2018")  # YAML 1.1 would have made Yes a boolean
    assert q2.answer == ("Yes", "2018")
    assert (q3.options, q3.answer, dict(q3.feedback)) == (
        ("True", "False"),
        ("False",),
        {"True": "Think again."},
    )
    assert pack.prompts[0].minutes == 5
    assert pack.prompts[0].audience == "pair"


def test_files_are_joined_in_sorted_name_order(make_pack: MakePack) -> None:
    folder = make_pack(
        {
            "b.yaml": "concepts:\n  - id: from-b\n    title: B\n    summary: S\n",
            "a.yml": "concepts:\n  - id: from-a\n    title: A\n    summary: S\n",
        }
    )
    assert [c.id for c in load_packs([folder]).concepts] == ["from-a", "from-b", "alpha", "beta"]


def test_several_packs_join_and_must_keep_ids_unique(make_pack: MakePack) -> None:
    first = make_pack(name="first")
    extra = make_pack(
        {
            "pack.yaml": "format: 1\nid: extra\ntitle: Extra\n",
            "concepts.yaml": "concepts:\n  - id: gamma\n    title: G\n    summary: S\n    related: [alpha]\n",
        },
        name="extra",
    )
    pack = load_packs([first, extra])
    assert (pack.id, pack.title) == ("test-pack+extra", "Test pack + Extra")
    assert [c.id for c in pack.concepts] == ["alpha", "beta", "gamma"]
    clash = make_pack(name="clash")
    with pytest.raises(ContentError, match='duplicate concept id "alpha"'):
        load_packs([first, clash])


def test_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file or folder"):
        load_packs([tmp_path / "nowhere"])


def test_pack_yaml_path_names_its_folder(make_pack: MakePack) -> None:
    assert load_packs([make_pack() / "pack.yaml"]).id == "test-pack"


def test_pure_python_parser_is_as_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlread, "_Loader", yaml.SafeLoader)
    with pytest.raises(yamlread.YamlProblem, match="nested more than 64"):
        yamlread.read_yaml(b"[" * 10_000)
    with pytest.raises(yamlread.YamlProblem, match="aliases expand"):
        yamlread.read_yaml(BOMB.encode())
    _, duplicates = yamlread.read_yaml(b"a: 1\na: 2\n")
    assert duplicates == [(2, 'duplicate key "a" (first at line 1)')]


def test_a_huge_file_is_refused_quickly(make_pack: MakePack) -> None:
    folder = make_pack({"big.yaml": b"# " + b"x" * (locate.MAX_FILE_BYTES + 10)})
    with pytest.raises(ContentError, match="is larger than 4 MB"):
        load_packs([folder])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_a_pack_or_a_content_error(
    tmp_path_factory: pytest.TempPathFactory, body: str
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "pack.yaml").write_text(MANIFEST, encoding="utf-8")
    (folder / "concepts.yaml").write_text(body, encoding="utf-8", errors="surrogatepass")
    try:
        pack = load_packs([folder])
    except ContentError as error:
        assert error.problems
    else:
        assert pack.concepts


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_give_a_pack_or_a_content_error(
    tmp_path_factory: pytest.TempPathFactory, body: bytes
) -> None:
    folder = tmp_path_factory.mktemp("fuzzb")
    (folder / "pack.yaml").write_text(MANIFEST, encoding="utf-8")
    (folder / "concepts.yaml").write_bytes(b"concepts:\n" + body)
    try:
        load_packs([folder])
    except ContentError as error:
        assert error.problems


def test_the_loaded_model_is_read_only() -> None:
    from placecli.packs.locate import builtin_pack

    loaded = load_packs([builtin_pack()])
    question = next(q for q in loaded.questions if q.feedback)
    with pytest.raises(AttributeError):
        question.question = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        question.feedback["x"] = "changed"  # type: ignore[index]
    assert question == load_packs([builtin_pack()]).questions[loaded.questions.index(question)]


GLOSSARY = """\
terms:
  - id: stp
    term: STP
     definition: A partnership.
"""
CONCEPTS_USING_TERMS = """\
concepts:
  - id: alpha
    title: Alpha idea
    summary: Alpha in a sentence.
    terms: [stp, ics]
  - id: beta
    title: Beta idea
    summary: Beta in a sentence.
    terms: [stp]
"""


def test_a_syntax_error_comes_first_with_its_line_a_caret_and_a_hint(
    runner: CliRunner, make_pack: MakePack, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_pack({"concepts.yaml": CONCEPTS_USING_TERMS, "glossary.yaml": GLOSSARY})
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["validate", "pack"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "pack/glossary.yaml:4: column 16: not valid YAML: mapping values are not allowed in "
        "this context",
        "       definition: A partnership.",
        "                 ^",
        'hint: this line is indented 5 spaces; the key above it ("term") is at 4: line them up',
        "pack/glossary.yaml: and 3 unknown ids in other records, which may follow from it: "
        "pack/glossary.yaml could not be read, so nothing in it is known yet; fix that first",
        "2 problems found in the pack.",
    ]


BROKEN_CONCEPTS = """\
concepts:
  - id: alpha
      title: Alpha idea
"""


def test_concepts_that_cannot_be_read_are_not_reported_missing_before_the_cause(
    runner: CliRunner, make_pack: MakePack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bad indentation in concepts.yaml was listed after "pack: the pack has no
    concepts", a follow-on that is not even true, sorted first because "pack" < "pack/"."""
    glossary = "terms:\n  - id: stp\n    term: STP\n    definition: A partnership.\n"
    folder = make_pack({"concepts.yaml": BROKEN_CONCEPTS, "glossary.yaml": glossary})
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["validate", "pack"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "pack/concepts.yaml:3: column 12: not valid YAML: mapping values are not allowed in "
        "this context",
        "        title: Alpha idea",
        "             ^",
        'hint: this line is indented 6 spaces; the key above it ("id") is at 4: line them up',
        "1 problem found in the pack.",
    ]


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("concepts:\n\t- id: a\n", "hint: YAML does not allow tabs for indentation; use spaces"),
        ("concepts:\n  - id: a\n    title: Place: why\n", 'hint: text holding ": " needs quotes'),
        ('concepts:\n  - id: "a\n', "hint: a quote or bracket opened here is never closed"),
    ],
    ids=["tab", "colon-in-text", "unclosed-quote"],
)
def test_syntax_hints(make_pack: MakePack, text: str, hint: str) -> None:
    with pytest.raises(ContentError) as caught:
        load_packs([make_pack({"concepts.yaml": text})])
    detail = caught.value.problems[0].detail
    assert detail.splitlines()[-1].startswith(hint), detail
    assert "^" in detail

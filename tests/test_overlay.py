"""Overlay packs (issue 17): the merge rules, RFC 7396's own examples, broken overlays
with their messages, `validate --explain`, and an overlay of the built-in pack through
every command."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from placecli.cli import app
from placecli.errors import ContentError
from placecli.packs import cache, locate, pack, stored
from placecli.packs.model import Local
from placecli.packs.overlay import merge_patch
from placecli.packs.pack import load_packs

from .conftest import MakePack

# RFC 7396, Appendix A: (original, patch, result), every row.
RFC_7396 = [
    ({"a": "b"}, {"a": "c"}, {"a": "c"}),
    ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
    ({"a": "b"}, {"a": None}, {}),
    ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
    ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
    ({"a": "c"}, {"a": ["b"]}, {"a": ["b"]}),
    ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
    ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
    (["a", "b"], ["c", "d"], ["c", "d"]),
    ({"a": "b"}, ["c"], ["c"]),
    ({"a": "foo"}, None, None),
    ({"a": "foo"}, "bar", "bar"),
    ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
    ([1, 2], {"a": "b", "c": None}, {"a": "b"}),
    ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
]


@pytest.mark.parametrize(("target", "patch", "result"), RFC_7396, ids=[str(i) for i in range(15)])
def test_merge_patch_gives_rfc_7396_appendix_results(target: Any, patch: Any, result: Any) -> None:
    before = json.dumps(target)
    assert merge_patch(target, patch) == result
    assert json.dumps(target) == before  # pure: the target is not changed


def test_merge_patch_example_from_section_3() -> None:
    target = {
        "title": "Goodbye!",
        "author": {"givenName": "John", "familyName": "Doe"},
        "tags": ["example", "sample"],
        "content": "This will be unchanged",
    }
    patch = {
        "title": "Hello!",
        "phoneNumber": "+01-123-456-7890",
        "author": {"familyName": None},
        "tags": ["example"],
    }
    assert merge_patch(target, patch) == {
        "title": "Hello!",
        "author": {"givenName": "John"},
        "tags": ["example"],
        "content": "This will be unchanged",
        "phoneNumber": "+01-123-456-7890",
    }


BASE = {
    "pack.yaml": "format: 1\nid: base\ntitle: Base\ndescription: The base.\n",
    "concepts.yaml": """\
    concepts:
      - id: alpha
        title: Alpha idea
        section: First
        summary: Alpha in a sentence.
        points: [One, Two]
        quote: a short quote
        terms: [tee]
        related: [beta]
      - id: beta
        title: Beta idea
        summary: Beta in a sentence.
        related: [alpha]
    """,
    "questions.yaml": """\
    questions:
      - id: q1
        concept: alpha
        type: single
        question: Which one?
        options: [Process, Place, Person]
        answer: Place
        explanation: Because.
        feedback:
          Process: Not that.
          Person: Nor that.
      - id: q2
        concept: beta
        type: true-false
        question: True?
        answer: true
        explanation: Yes.
    """,
    "prompts.yaml": "prompts:\n  - id: p1\n    concept: beta\n    prompt: Why?\n    minutes: 5\n",
    "glossary.yaml": "terms:\n  - id: tee\n    term: T\n    definition: A term.\n",
}
OVER_MANIFEST = "format: 1\nid: ours\ntitle: Ours\noverlays: base\n"


def load_overlay(make_pack: MakePack, files: dict[str, str | None]) -> Any:
    base = make_pack(BASE, name="base")
    over = make_pack({"pack.yaml": OVER_MANIFEST, "concepts.yaml": None, **files}, name="over")
    return load_packs([base, over])


def test_an_overlay_changes_adds_and_removes_fields_by_id(make_pack: MakePack) -> None:
    loaded = load_overlay(
        make_pack,
        {
            "concepts.yaml": """\
            concepts:
              - id: beta
                title: Beta, here
              - id: alpha
                quote: null
                points: [Only this]
                local:
                  - text: Our trusts competed until 2019.
                    source: Board papers
                    as_of: 2024-03-01
                  - text: A second example.
            """,
        },
    )
    alpha, beta = loaded.concepts  # records merge by id, not by position: the order stays
    assert (beta.title, beta.summary) == ("Beta, here", "Beta in a sentence.")
    assert alpha.quote is None  # null removes
    assert alpha.points == ("Only this",)  # a list of plain values is replaced whole
    assert alpha.local == (
        Local("Our trusts competed until 2019.", "Board papers", dt.date(2024, 3, 1)),
        Local("A second example."),
    )
    assert (alpha.title, alpha.terms, alpha.related) == ("Alpha idea", ("tee",), ("beta",))
    assert (loaded.id, loaded.title, loaded.description) == ("ours", "Ours", "The base.")


def test_an_overlay_adds_records_and_hides_them(make_pack: MakePack) -> None:
    loaded = load_overlay(
        make_pack,
        {
            "questions.yaml": """\
            questions:
              - id: q2
                hidden: true
              - id: q3
                concept: beta
                type: true-false
                question: Local?
                answer: false
                explanation: No.
            """,
            "prompts.yaml": "prompts:\n  - id: p2\n    prompt: Where, here?\n",
            "terms.yaml": "terms:\n  - id: tee\n    hidden: true\n",
        },
    )
    assert [q.id for q in loaded.questions] == ["q1", "q3"]
    assert [p.id for p in loaded.prompts] == ["p1", "p2"]
    assert loaded.terms == ()
    assert loaded.concept("alpha").terms == ()  # a hidden term leaves the concepts' lists


def test_hiding_a_concept_takes_its_questions_and_prompts(make_pack: MakePack) -> None:
    loaded = load_overlay(
        make_pack, {"concepts.yaml": "concepts:\n  - id: beta\n    hidden: true\n"}
    )
    assert [c.id for c in loaded.concepts] == ["alpha"]
    assert loaded.concept("alpha").related == ()
    assert [q.id for q in loaded.questions] == ["q1"]
    assert loaded.prompts == ()


def test_a_question_merges_its_feedback_key_by_key(make_pack: MakePack) -> None:
    loaded = load_overlay(
        make_pack,
        {
            "questions.yaml": """\
            questions:
              - id: q1
                feedback:
                  Process: In our place, it was the process.
                  Person: null
            """,
        },
    )
    assert dict(loaded.questions[0].feedback) == {"Process": "In our place, it was the process."}


def test_a_question_may_change_its_type_when_it_removes_the_old_fields(
    make_pack: MakePack,
) -> None:
    loaded = load_overlay(
        make_pack,
        {
            "questions.yaml": """\
            questions:
              - id: q1
                type: order
                options: null
                answer: null
                feedback: null
                items: [First, Second, Third]
            """,
        },
    )
    q1 = loaded.questions[0]
    items = ("First", "Second", "Third")
    assert (q1.type, q1.options, q1.answer, dict(q1.feedback)) == ("order", items, items, {})


def test_overlays_apply_in_the_order_given(make_pack: MakePack) -> None:
    base = make_pack(BASE, name="base")
    first = make_pack(
        {"pack.yaml": OVER_MANIFEST, "concepts.yaml": "concepts:\n  - id: beta\n    title: One\n"},
        name="first",
    )
    second = make_pack(
        {
            "pack.yaml": "format: 1\nid: second\ntitle: Second\noverlays: ours\n",
            "concepts.yaml": "concepts:\n  - id: beta\n    title: Two\n",
        },
        name="second",
    )
    assert load_packs([base, first, second]).concept("beta").title == "Two"


def test_an_overlay_must_come_after_the_pack_it_names(make_pack: MakePack) -> None:
    base = make_pack(BASE, name="base")
    first = make_pack(
        {"pack.yaml": OVER_MANIFEST, "concepts.yaml": "concepts:\n  - id: beta\n    title: One\n"},
        name="first",
    )
    second = make_pack(
        {
            "pack.yaml": "format: 1\nid: second\ntitle: Second\noverlays: ours\n",
            "concepts.yaml": "concepts:\n  - id: beta\n    title: Two\n",
        },
        name="second",
    )
    with pytest.raises(ContentError) as caught:
        load_packs([base, second, first])
    assert [str(p) for p in caught.value.problems] == [
        f'{locate.shown(second / "pack.yaml")}:4: overlays: no pack "ours" in use; the packs in '
        'use are: base ("builtin" names the built-in pack; add others with --content)'
    ]


# One row per broken overlay of BASE: its files, and the whole report.
BROKEN: list[tuple[str, dict[str, str | None], str]] = [
    (
        "unknown-target",
        {"pack.yaml": OVER_MANIFEST.replace("base", "bsae"), "terms.yaml": BASE["glossary.yaml"]},
        'over/pack.yaml:4: overlays: no pack "bsae" in use; did you mean "base"? '
        '("builtin" names the built-in pack; add others with --content)',
    ),
    (
        "id-matching-nothing",
        {"concepts.yaml": "concepts:\n  - id: alpah\n    title: Changed\n"},
        'over/concepts.yaml:2: concepts[0].id: no concept "alpah" to change; did you mean '
        '"alpha"? (a new concept needs summary)',
    ),
    (
        "hide-unknown",
        {"questions.yaml": "questions:\n  - id: q2x\n    hidden: true\n"},
        'over/questions.yaml:2: questions[0].id: no question "q2x" to hide; did you mean "q2"?',
    ),
    (
        "hidden-not-true",
        {"questions.yaml": "questions:\n  - id: q2\n    hidden: no\n"},
        'over/questions.yaml:3: questions[0].hidden: expected true, got the text "no" '
        "(leave hidden out to keep the record)",
    ),
    (
        "hidden-with-fields",
        {"questions.yaml": "questions:\n  - id: q2\n    hidden: true\n    question: Why?\n"},
        "over/questions.yaml:4: questions[0].question: a hidden record takes only id and "
        "hidden: remove this field",
    ),
    (
        "unknown-field",
        {"concepts.yaml": "concepts:\n  - id: alpha\n    locale: []\n"},
        'over/concepts.yaml:3: concepts[0].locale: unknown field; did you mean "local"?',
    ),
    (
        "field-the-type-lacks",
        {"questions.yaml": "questions:\n  - id: q2\n    options: [A, B]\n"},
        "over/questions.yaml:3: questions[0].options: a true-false question has no such "
        "field (it has answer, feedback)",
    ),
    (
        "type-change-leaves-fields",
        {"questions.yaml": "questions:\n  - id: q1\n    type: order\n    items: [a, b, c]\n"},
        "\n".join(
            f'over/questions.yaml:3: questions[0].type: a order question has no field "{f}" '
            f"(from base/questions.yaml:{line}): set {f}: null here"
            for f, line in (("options", 6), ("answer", 7), ("feedback", 9))
        ),
    ),
    (
        "required-set-to-null",
        {"concepts.yaml": "concepts:\n  - id: alpha\n    summary: null\n"},
        "over/concepts.yaml:3: concepts[0].summary: a concept needs its summary: it cannot "
        "be removed, only changed",
    ),
    (
        "given-twice",
        {"concepts.yaml": "concepts:\n  - id: alpha\n    title: A\n  - id: alpha\n    title: B\n"},
        'over/concepts.yaml:4: concepts[1].id: concept "alpha" is given twice in this overlay '
        "(first at over/concepts.yaml:2)",
    ),
    (
        "bad-local-example",
        {
            "concepts.yaml": "concepts:\n  - id: alpha\n    local:\n      - text: X\n        as_of: soon\n"
        },
        'over/concepts.yaml:5: concepts[0].local[0].as_of: expected a date like 2018-03-28, got the text "soon"',
    ),
    (
        "answer-no-longer-an-option",
        {"questions.yaml": "questions:\n  - id: q1\n    options: [Process, Person]\n"},
        'base/questions.yaml:7: questions[0].answer: "Place" is not one of the options '
        "(after the change at over/questions.yaml:3)",
    ),
    (
        "new-reference-unknown",
        {"questions.yaml": "questions:\n  - id: q1\n    concept: gamma\n"},
        'over/questions.yaml:3: questions[0].concept: unknown concept "gamma"',
    ),
    (
        "new-record-checked-as-usual",
        {"prompts.yaml": "prompts:\n  - id: p2\n    prompt: Here?\n    minutes: 0\n"},
        "over/prompts.yaml:4: prompts[0].minutes: expected a whole number above 0, got a number (0)",
    ),
    (
        "empty-overlay",
        {},
        "over: the pack is empty: it has no concepts, questions, prompts or terms",
    ),
]


@pytest.mark.parametrize(("files", "expected"), [r[1:] for r in BROKEN], ids=[r[0] for r in BROKEN])
def test_a_broken_overlay_is_refused_naming_its_file_and_line(
    make_pack: MakePack,
    files: dict[str, str | None],
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = make_pack(BASE, name="base")
    make_pack({"pack.yaml": OVER_MANIFEST, "concepts.yaml": None, **files}, name="over")
    monkeypatch.chdir(base.parent)
    with pytest.raises(ContentError) as caught:
        load_packs([Path("base"), Path("over")])
    assert "\n".join(str(p) for p in caught.value.problems) == expected


# An overlay of the built-in pack, through every command.

OURS = {
    "pack.yaml": "format: 1\nid: our-borough\ntitle: Leadership in our borough\noverlays: builtin\n",
    "concepts.yaml": """\
    concepts:
      - id: cultural-conundrum
        local:
          - text: Our two trusts competed for the same elective work until 2019.
            source: Board papers
            as_of: 2024-03-01
    """,
    "questions.yaml": """\
    questions:
      - id: jargon-why-define
        hidden: true
      - id: our-rivals
        concept: cultural-conundrum
        type: single
        question: Which two organisations competed for elective work here?
        options: [The two trusts, The two councils, The two hospices]
        answer: The two trusts
        explanation: The board papers record it until 2019.
    """,
    "prompts.yaml": """\
    prompts:
      - id: our-rivalries
        concept: cultural-conundrum
        audience: group
        prompt: Where do old rivalries still shape decisions in our borough?
    """,
    "glossary.yaml": "terms:\n  - id: our-board\n    term: Our board\n    definition: Where we meet.\n",
}


@pytest.fixture
def ours(make_pack: MakePack) -> Path:
    return make_pack(OURS, name="ours")


def test_the_built_in_pack_is_loaded_beneath_an_overlay_of_it(ours: Path) -> None:
    builtin = load_packs([locate.builtin_pack()])
    loaded = load_packs([ours])
    assert load_packs([locate.builtin_pack(), ours]) == loaded  # named or not, read once
    assert (loaded.id, loaded.title, loaded.source) == (
        "our-borough",
        "Leadership in our borough",
        builtin.source,
    )
    assert len(loaded.questions) == len(builtin.questions)  # one hidden, one added
    assert "jargon-why-define" not in {q.id for q in loaded.questions}
    assert loaded.questions[-1].id == "our-rivals"
    assert loaded.questions[-1].origin.endswith("ours/questions.yaml:4")
    assert [c.id for c in loaded.concepts] == [c.id for c in builtin.concepts]


def test_summary_shows_local_examples_marked_as_local(runner: CliRunner, ours: Path) -> None:
    result = runner.invoke(app, ["--content", str(ours), "summary", "cultural-conundrum"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    start = lines.index(
        "    • For new or aspiring place-based leaders, it is likely the hardest problem."
    )
    assert lines[start + 1 : start + 3] == [
        "    ◆ Local: Our two trusts competed for the same elective work until 2019.",
        "      (Board papers, as of 1 March 2024)",
    ]
    assert "Leadership in our borough" in lines[1]
    markdown = runner.invoke(app, ["--content", str(ours), "summary", "cultural", "-f", "markdown"])
    assert (
        "- For new or aspiring place-based leaders, it is likely the hardest problem.\n\n**Local examples**\n\n"
        "- Our two trusts competed for the same elective work until 2019. "
        "*(Board papers, as of 1 March 2024)*\n\n> “likely"
    ) in markdown.stdout
    data = json.loads(runner.invoke(app, ["--content", str(ours), "summary", "-f", "json"]).stdout)
    local = {c["id"]: c["local"] for c in data["concepts"] if c["local"]}
    assert local == {
        "cultural-conundrum": [
            {
                "text": "Our two trusts competed for the same elective work until 2019.",
                "source": "Board papers",
                "as_of": "2024-03-01",
            }
        ]
    }


def test_the_quiz_asks_the_new_question_and_never_the_hidden_one(
    runner: CliRunner, ours: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLACE_CONTENT", str(ours))
    key = runner.invoke(app, ["quiz", "--count", "99", "--seed", "3", "--answer-key", "-f", "json"])
    assert key.exit_code == 0, key.stderr
    ids = [q["id"] for q in json.loads(key.stdout)["questions"]]
    assert "our-rivals" in ids and "jargon-why-define" not in ids
    asked = runner.invoke(
        app,
        ["quiz", "--concept", "cultural-conundrum", "--count", "9", "--seed", "1", "-f", "json"],
        input="A\n" * 9,
    )
    assert asked.exit_code == 0, asked.stderr
    assert "our-rivals" in [q["id"] for q in json.loads(asked.stdout)["questions"]]


def test_reflect_glossary_and_concepts_see_the_overlay(runner: CliRunner, ours: Path) -> None:
    reflect = runner.invoke(app, ["--content", str(ours), "reflect", "cultural-conundrum"])
    assert reflect.exit_code == 0, reflect.stderr
    assert "Where do old rivalries still shape decisions in our borough?" in reflect.stdout
    glossary = runner.invoke(app, ["--content", str(ours), "glossary", "our board", "-f", "json"])
    assert json.loads(glossary.stdout) == [
        {"id": "our-board", "term": "Our board", "definition": "Where we meet.", "aliases": []}
    ]
    concepts = runner.invoke(app, ["--content", str(ours), "concepts", "-f", "json"])
    counts = {c["id"]: (c["questions"], c["prompts"]) for c in json.loads(concepts.stdout)}
    builtin = load_packs([locate.builtin_pack()])
    assert counts["cultural-conundrum"] == (
        len(builtin.questions_for("cultural-conundrum")) + 1,
        len(builtin.prompts_for("cultural-conundrum")) + 1,
    )
    assert counts["new-jargon"][0] == len(builtin.questions_for("new-jargon")) - 1


def test_a_warning_on_a_changed_record_names_the_overlay(
    runner: CliRunner, ours: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (ours / "questions.yaml").write_text(
        "questions:\n  - id: geography-bonds\n    question: This is about what?\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(ours.parent)
    result = runner.invoke(app, ["validate", "ours", "--strict"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        'ours/questions.yaml:2: warning [pointing-stem]: the question "geography-bonds" begins '
        'with "This", which points at something it does not name when the question is drawn alone'
    )


def test_export_carries_the_overlay(runner: CliRunner, ours: Path) -> None:
    html = runner.invoke(app, ["--content", str(ours), "export", "html", "cultural-conundrum"])
    assert html.exit_code == 0, html.stderr
    assert (
        '<div class="local"><p><strong>Local examples</strong></p><ul><li>Our two trusts '
        "competed for the same elective work until 2019. <span class=meta>(Board papers, as of "
        "1 March 2024)</span></li></ul></div>"
    ) in html.stdout
    markdown = runner.invoke(app, ["--content", str(ours), "export", "markdown", "cultural"])
    assert "**Local examples**\n\n- Our two trusts competed" in markdown.stdout
    gift = runner.invoke(app, ["--content", str(ours), "export", "gift"])
    assert gift.exit_code == 0, gift.stderr
    assert "::our-rivals::" in gift.stdout
    assert "::jargon-why-define::" not in gift.stdout
    assert "::jargon-two-questions::" in gift.stdout


def test_validate_checks_the_merged_pack(runner: CliRunner, ours: Path) -> None:
    result = runner.invoke(app, ["validate", str(ours)])
    assert result.exit_code == 0, result.stderr
    builtin = load_packs([locate.builtin_pack()])
    n = builtin.counts()
    assert result.stdout == (
        f"✓ {locate.shown(ours)}: valid, {n['concepts']} concepts, {n['questions']} questions, "
        f"{n['prompts'] + 1} prompts, {n['terms'] + 1} terms\n"
    )


def test_explain_says_where_each_field_came_from(
    runner: CliRunner, make_pack: MakePack, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_pack(BASE, name="base")
    make_pack(
        {
            "pack.yaml": OVER_MANIFEST,
            "concepts.yaml": "concepts:\n  - id: alpha\n    title: Alpha, here\n    quote: null\n",
            "questions.yaml": "questions:\n  - id: q2\n    hidden: true\n",
        },
        name="over",
    )
    monkeypatch.chdir(base.parent)
    args = ["--content", "base", "--content", "over", "validate", "--explain"]
    result = runner.invoke(app, [*args, "alpha"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "concept alpha, from base/concepts.yaml:2:",
        "  id       base (base)                base/concepts.yaml:2",
        "  title    ours (overlay)             over/concepts.yaml:3",
        "  section  base (base)                base/concepts.yaml:4",
        "  summary  base (base)                base/concepts.yaml:5",
        "  points   base (base)                base/concepts.yaml:6",
        "  terms    base (base)                base/concepts.yaml:8",
        "  related  base (base)                base/concepts.yaml:9",
        "  quote    removed by ours (overlay)  over/concepts.yaml:4",
    ]
    hidden = runner.invoke(app, [*args, "q2"])
    assert hidden.stdout == "question q2: hidden by ours (overlay), at over/questions.yaml:2\n"
    typo = runner.invoke(app, [*args, "alpah"])
    assert (typo.exit_code, typo.stderr) == (
        2,
        'Error: unknown id "alpah"; did you mean "alpha"?\n',
    )
    unknown = runner.invoke(app, [*args, "q3"])
    assert (unknown.exit_code, unknown.stderr) == (
        2,
        'Error: unknown id "q3"; known ids: alpha, beta, p1, q1, q2, tee (see `place concepts`)\n',
    )


def test_the_cache_misses_when_an_overlay_or_the_pack_beneath_it_changes(
    tmp_path: Path, ours: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    builtin = tmp_path / "builtin"
    shutil.copytree(locate.builtin_pack(), builtin)
    monkeypatch.setattr(pack, "builtin_pack", lambda: str(builtin))
    monkeypatch.setattr(locate, "builtin_pack", lambda: str(builtin))
    cache_dir = tmp_path / "cache"
    first = cache.load_packs_cached([ours], cache_dir)
    assert cache.load_packs_cached([ours], cache_dir) == first  # a hit
    concepts = ours / "concepts.yaml"
    concepts.write_text(concepts.read_text().replace("until 2019", "until 2020"))
    local = cache.load_packs_cached([ours], cache_dir).concept("cultural-conundrum").local
    assert local[0].text.endswith("until 2020.")
    # The built-in pack is not named on the command line, yet an edit to it misses too.
    base_concepts = builtin / "concepts.yaml"
    text = base_concepts.read_text()
    base_concepts.write_text(text.replace("title: The greatest conundrum", "title: Culture, first"))
    assert cache.load_packs_cached([ours], cache_dir).concept("cultural-conundrum").title == (
        "Culture, first"
    )


# Any overlay at all gives a sound pack or a ContentError: never a crash.

FIELD_NAMES = [
    "id", "hidden", "title", "summary", "points", "local", "quote", "related", "terms",
    "concept", "type", "question", "options", "answer", "feedback", "items", "pairs",
    "explanation", "prompt", "minutes", "term", "definition", "text", "as_of",
]  # fmt: skip
VALUES = st.recursive(
    st.sampled_from(
        [None, True, False, 0, 3, "alpha", "beta", "q1", "Place", "Process", "order",
         "true-false", "2024-03-01", "x"]
    ),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from([*FIELD_NAMES, "Place", "Process", "true"]), inner, max_size=4
    ),
    max_leaves=12,
)  # fmt: skip
RECORDS = st.lists(
    st.dictionaries(st.sampled_from(FIELD_NAMES), VALUES, max_size=6).map(
        lambda r: {"id": "alpha", **r} if "id" not in r and len(r) % 2 else r
    ),
    max_size=4,
)
PLAUSIBLE_FIELDS: dict[str, dict[str, Any]] = {
    "concepts": {
        "title": st.just("T"),
        "summary": st.just("S"),
        "points": st.sampled_from([None, ["a"]]),
        "local": st.just([{"text": "L", "as_of": "2024-03-01"}]),
        "quote": st.none(),
        "related": st.sampled_from([None, ["alpha"], ["beta"]]),
    },
    "questions": {
        "concept": st.sampled_from(["alpha", "beta"]),
        "type": st.sampled_from(["single", "true-false"]),
        "question": st.just("Q?"),
        "options": st.sampled_from([None, ["Place", "Process"]]),
        "answer": st.sampled_from([None, "Place", True]),
        "feedback": st.sampled_from([None, {"Process": None}, {"Place": "Yes"}]),
        "explanation": st.sampled_from([None, "E"]),
    },
    "prompts": {
        "concept": st.sampled_from([None, "alpha"]),
        "prompt": st.just("P?"),
        "minutes": st.sampled_from([None, 5]),
    },
    "terms": {"term": st.just("T"), "definition": st.just("D"), "aliases": st.none()},
}
IDS = {
    "concepts": ["alpha", "beta"],
    "questions": ["q1", "q2"],
    "prompts": ["p1"],
    "terms": ["tee"],
}


def plausible(kind: str) -> Any:
    """Records of one kind, mostly well-formed, changing, hiding or adding by id."""
    ids = st.sampled_from([*IDS[kind], "new"])
    record = st.fixed_dictionaries({"id": ids}, optional=PLAUSIBLE_FIELDS[kind])
    hide = st.fixed_dictionaries({"id": ids, "hidden": st.just(True)})
    records = st.lists(record | hide, min_size=1, max_size=3, unique_by=lambda r: r["id"])
    return st.tuples(st.just(kind), records)


KINDS = st.sampled_from(["concepts", "questions", "prompts", "terms"])


@settings(max_examples=300, deadline=None)
@given(st.tuples(KINDS, RECORDS) | KINDS.flatmap(plausible))
def test_any_overlay_gives_a_sound_pack_or_a_content_error(
    tmp_path_factory: pytest.TempPathFactory, overlay: tuple[str, list[dict[str, Any]]]
) -> None:
    kind, records = overlay
    root = tmp_path_factory.mktemp("fuzz-overlay")
    for name, files in (("base", BASE), ("over", {"pack.yaml": OVER_MANIFEST})):
        (root / name).mkdir()
        for file, text in files.items():
            (root / name / file).write_text(textwrap.dedent(text), encoding="utf-8")
    (root / "over" / "records.yaml").write_text(json.dumps({kind: records}), encoding="utf-8")
    try:
        loaded = load_packs([root / "base", root / "over"])
    except ContentError as error:
        event("refused")
        assert error.problems
    else:
        event("loaded")
        assert stored.model_is_sound(loaded)


def test_explain_checks_the_whole_pack_first(
    runner: CliRunner, make_pack: MakePack, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = make_pack(BASE, name="base")
    make_pack(
        {"pack.yaml": OVER_MANIFEST, "prompts.yaml": "prompts:\n  - id: p1\n    concept: gama\n"},
        name="over",
    )
    monkeypatch.chdir(base.parent)
    result = runner.invoke(
        app, ["--content", "base", "--content", "over", "validate", "--explain", "p1"]
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        'over/prompts.yaml:3: prompts[0].concept: unknown concept "gama"\n'
        "1 problem found in the pack.\n"
    )

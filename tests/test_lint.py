"""Item-writing warnings: each rule on a pack that breaks it, the built-in pack passing
--strict, and the warnings in JSON."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from placecli.cli import app

from .conftest import MakePack

PROMPTS = """\
prompts:
  - {id: pa, concept: alpha, prompt: Why?}
  - {id: pb, concept: beta, prompt: Why not?}
"""


def question(qid: str, stem: str, options: list[str], answer: str, concept: str = "alpha") -> str:
    listed = "".join(f"      - {o}\n" for o in options)
    return (
        f"  - id: {qid}\n    concept: {concept}\n    type: single\n    question: {stem}\n"
        f"    options:\n{listed}    answer: {answer}\n    explanation: Because.\n"
    )


def true_false(qid: str, stem: str, answer: bool, concept: str = "beta") -> str:
    return (
        f"  - id: {qid}\n    concept: {concept}\n    type: true-false\n    question: {stem}\n"
        f"    answer: {str(answer).lower()}\n    explanation: Because.\n"
    )


FAIR = (
    question("q1", "Which colour?", ["Red", "Blue", "Green"], "Blue")
    + question("q2", "Which shape?", ["Round", "Square", "Flat"], "Round")
    + question("q3", "Which size?", ["Small", "Large", "Tiny"], "Tiny", "beta")
    + question("q4", "Which sound?", ["Loud", "Soft", "Sharp"], "Soft", "beta")
)


def questions(*items: str) -> dict[str, str]:
    return {"questions.yaml": "questions:\n" + "".join(items), "prompts.yaml": PROMPTS}


def multiple(qid: str, stem: str, options: list[str], answer: list[str]) -> str:
    listed = "".join(f"      - {o}\n" for o in options)
    return (
        f"  - id: {qid}\n    concept: alpha\n    type: multiple\n    question: {stem}\n"
        f"    options:\n{listed}    answer: [{', '.join(answer)}]\n    explanation: Because.\n"
    )


def order(qid: str, items: list[str]) -> str:
    listed = "".join(f"      - {i}\n" for i in items)
    return (
        f"  - id: {qid}\n    concept: beta\n    type: order\n    question: In what order?\n"
        f"    items:\n{listed}    explanation: Because.\n"
    )


def match(qid: str, pairs: list[tuple[str, str]]) -> str:
    listed = "".join(f"      - [{left}, {right}]\n" for left, right in pairs)
    return (
        f"  - id: {qid}\n    concept: beta\n    type: match\n    question: Which goes with which?\n"
        f"    pairs:\n{listed}    explanation: Because.\n"
    )


def explained(item: str, explanation: str) -> str:
    return item.replace("explanation: Because.", f"explanation: {explanation}")


SET_ASIDE = question(
    "q5",
    "Which issue does the text set aside?",
    ["Resource devolution", "Workforce shortages", "Information sharing"],
    "Resource devolution",
)
LENSES = match(
    "m1",
    [
        ("Human geography", "bonds between people"),
        ("Political geography", "an emotional attachment"),
        ("Psychology", "the person and the place"),
    ],
)


CASES = [
    (
        "long-key",
        questions(
            FAIR,
            question(
                "q5",
                "Why is it so?",
                ["Because of a long list of carefully qualified reasons", "Luck", "Rain"],
                "Because of a long list of carefully qualified reasons",
            ),
        ),
        'pack/questions.yaml:42: warning [long-key]: the answer to "q5" is much longer than '
        "its other options (53 characters against 4 on average)",
    ),
    (
        "cue-word",
        questions(FAIR, question("q5", "Which one?", ["Only red", "Blue", "Amber"], "Amber")),
        'pack/questions.yaml:42: warning [cue-word]: in "q5" only wrong options use words like '
        '"Only", which test-wise readers learn to reject',
    ),
    (
        "all-of-the-above",
        questions(FAIR, question("q5", "Which one?", ["Red", "All of the above", "Blue"], "Blue")),
        'pack/questions.yaml:42: warning [all-of-the-above]: "All of the above" in "q5" can be '
        "answered by spotting two true options",
    ),
    (
        "pointing-stem",
        questions(FAIR, question("q5", "This idea means what?", ["Red", "Blue", "Green"], "Red")),
        'pack/questions.yaml:42: warning [pointing-stem]: the question "q5" begins with "This", '
        "which points at something it does not name when the question is drawn alone",
    ),
    (
        "true-false-balance",
        questions(FAIR, *(true_false(f"t{n}", f"Statement {n}.", True) for n in range(4))),
        "pack/questions.yaml:42: warning [true-false-balance]: 4 of the 4 true/false statements "
        "are true; a reader who always answers the same way does well",
    ),
    (
        "absolute-statement",
        questions(
            FAIR,
            *(true_false(f"t{n}", f"The sky is only ever {n}.", False) for n in range(3)),
            *(true_false(f"u{n}", f"The sky is sometimes {n}.", True) for n in range(3)),
        ),
        "pack/questions.yaml:42: warning [absolute-statement]: 3 of the 3 true/false statements "
        'with words like "only" or "never" are false, so those words give the answer away',
    ),
    (
        "key-position",
        questions(
            *(
                question(f"q{n}", f"Which {n}?", ["Right", "Wrong", "Other"], "Right")
                for n in range(4)
            )
        ),
        "pack/questions.yaml:2: warning [key-position]: the answer is option 1 in 4 of the 4 "
        "single-answer questions, as written in the files",
    ),
    (
        "few-questions",
        questions(
            question("q1", "Which?", ["Red", "Blue"], "Blue"),
            question("q2", "What?", ["A1", "B2"], "A1"),
        ),
        'pack/concepts.yaml:6: warning [few-questions]: the concept "beta" has 0 questions',
    ),
    (
        "no-prompt",
        {"questions.yaml": "questions:\n" + FAIR},
        'pack/concepts.yaml:2: warning [no-prompt]: the concept "alpha" has no reflection prompt',
    ),
    (
        "cross-item-leak",  # a key stated in another item's explanation, plurals and case aside
        questions(
            FAIR,
            SET_ASIDE,
            explained(
                question("q6", "Which colour?", ["Red", "Grey", "Pink"], "Red", "beta"),
                "Not the resource devolutions it sets aside.",
            ),
        ),
        'pack/questions.yaml:52: warning [cross-item-leak]: "q6" states "Resource devolution" '
        '(in its explanation), the answer to "q5"; a reader who sees both, as in any exported '
        "bank, is given it",
    ),
    (
        "cross-item-leak",  # a match's pair stated in another item's question
        questions(
            FAIR,
            LENSES,
            true_false("t1", "Political geography sees place as an emotional attachment.", True),
        ),
        'pack/questions.yaml:51: warning [cross-item-leak]: "t1" pairs "Political geography" '
        'with "an emotional attachment" (in its question), a pair the match "m1" asks for',
    ),
    (
        "shared-word",  # an answer's word that no wrong option has, in another question
        questions(
            FAIR,
            question("q5", "Which legacy?", ["Legal", "Cultural", "Financial"], "Cultural"),
            true_false("t1", "The text calls the challenge cultural.", True),
        ),
        'pack/questions.yaml:42: warning [shared-word]: the answer "Cultural" of "q5" uses '
        '"cultural", as the question of "t1" does, and no wrong option in the pack does; a '
        "reader who has seen it there picks this answer",
    ),
    (
        "shared-word",  # two words together in two answers, each word alone in wrong options
        questions(
            FAIR,
            question(
                "q5",
                "What does the text break from?",
                [
                    "Traditional public service management",
                    "Traditional public health management",
                    "Traditional service planning",
                ],
                "Traditional public service management",
            ),
            question(
                "q6",
                "What is the approach best expressed as?",
                ["Public health provision", "Public service provision", "Service commissioning"],
                "Public service provision",
                "beta",
            ),
        ),
        'pack/questions.yaml:52: warning [shared-word]: the answer "Public service provision" '
        'of "q6" uses "public service", as an option of "q5" does, and no wrong option in the '
        "pack does; a reader who has seen it there picks this answer",
    ),
    (
        "shared-word",  # an answer's word in a concept's title, shown beside the questions
        questions(FAIR, question("q5", "Which letter?", ["Gamma", "Beta", "Delta"], "Beta")),
        'pack/questions.yaml:42: warning [shared-word]: the answer "Beta" of "q5" uses "beta", '
        'as the title of the concept "beta" does, and no wrong option in the pack does; a '
        "reader who has seen it there picks this answer",
    ),
    (
        "alphabetical-order",
        questions(FAIR, order("o1", ["Person", "Place (environment)", "Process"])),
        'pack/questions.yaml:42: warning [alphabetical-order]: the right order of "o1" is also '
        "A to Z, so sorting the items answers it",
    ),
    (
        "all-options-right",
        questions(
            FAIR, multiple("m1", "Which apply?", ["Red", "Blue", "Green"], ["Red", "Blue", "Green"])
        ),
        'pack/questions.yaml:42: warning [all-options-right]: every option of "m1" is right, so '
        "a reader who ticks them all scores",
    ),
    (
        "repeated-distractor",
        questions(FAIR, question("q5", "Which mood?", ["Calm", "Flat", "Angry"], "Calm")),
        'pack/questions.yaml:42: warning [repeated-distractor]: the wrong option "Flat" of "q5" '
        'is also a wrong option of "q2"',
    ),
]


@pytest.mark.parametrize(
    ("rule", "files", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_each_rule_warns_with_file_line_and_a_fix(
    runner: CliRunner,
    make_pack: MakePack,
    monkeypatch: pytest.MonkeyPatch,
    rule: str,
    files: dict[str, str],
    expected: str,
) -> None:
    folder = make_pack(files)
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["validate", "pack"])
    assert result.exit_code == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if "warning [" in line]
    assert expected in warned, result.stderr
    assert all(f"[{rule}]" in line for line in warned if line == expected)
    assert "  fix: " in result.stderr
    strict = runner.invoke(app, ["validate", "pack", "--strict"])
    assert strict.exit_code == 1


def test_a_fair_pack_has_no_warnings(runner: CliRunner, make_pack: MakePack) -> None:
    folder = make_pack(questions(FAIR))
    result = runner.invoke(app, ["validate", str(folder), "--strict"])
    assert (result.exit_code, result.stderr) == (0, "")


NEAR_MISSES = questions(
    FAIR,
    explained(SET_ASIDE, "Resource devolution, as the text says."),
    LENSES,
    # Each of these comes close to a rule and must not warn: a key's words apart or in
    # part ("devolution of resources", "devolution"); one side of a pair without the
    # other; a key's own explanation stating it (above); a one-word key stated
    # elsewhere; an order that is not A to Z; a multiple-answer item with a wrong
    # option; a wrong option used again, but as the right answer; an answer's word in
    # another question when a wrong option has the word too.
    explained(
        question("q6", "Which colour?", ["Grey", "Pink", "Red"], "Red", "beta"),
        "Not the devolution of resources, nor Human geography; the answer Tiny is elsewhere.",
    ),
    order("o1", ["Process", "Place (environment)", "Person"]),
    multiple("m2", "Which apply?", ["Red", "Blue", "Green"], ["Red", "Green"]),
    question("q8", "Which surface?", ["Rough", "Flat", "Smooth"], "Flat"),
    true_false("t1", "Political geography is one of the lenses.", True),
    true_false("t2", "Red is warmer than green.", False),  # "Red" is a wrong option in q1
)


def test_near_misses_do_not_warn(
    runner: CliRunner, make_pack: MakePack, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_pack(NEAR_MISSES)
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["validate", "pack", "--strict", "--format", "json"])
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["warnings"] == []


def test_the_builtin_pack_passes_strict(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--strict"])
    assert (result.exit_code, result.stderr) == (0, "")


def test_warnings_in_json(
    runner: CliRunner, make_pack: MakePack, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_pack(
        questions(FAIR, question("q5", "Which one?", ["Only red", "Blue", "Amber"], "Amber"))
    )
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["validate", "pack", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["counts"] == {"concepts": 2, "questions": 5, "prompts": 2, "terms": 0}
    assert data["warnings"] == [
        {
            "where": "pack/questions.yaml:42",
            "rule": "cue-word",
            "message": 'in "q5" only wrong options use words like "Only", which test-wise readers learn to reject',
            "fix": "use such words in a right option too, or in none",
        }
    ]


def test_a_wrong_option_used_many_times_is_one_warning(
    runner: CliRunner, make_pack: MakePack, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_pack(
        questions(
            FAIR,
            question("q5", "Which mood?", ["Calm", "Flat", "Angry"], "Calm"),
            question("q6", "Which road?", ["Steep", "flat.", "Long"], "Long", "beta"),
        )
    )
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["validate", "pack", "--format", "json"])
    assert result.exit_code == 0
    assert [w["message"] for w in json.loads(result.stdout)["warnings"]] == [
        'the wrong option "Flat" of "q5" is also a wrong option of "q2" (and of 1 more)'
    ]

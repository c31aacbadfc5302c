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
        questions(FAIR, question("q5", "Which one?", ["Only red", "Green", "Blue"], "Blue")),
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
]


LOOK_ALIKE = [
    ("variation-selector", "Yes\ufe0f", "U+FE0F VARIATION SELECTOR-16"),
    ("braille-blank", "Yes\u2800", "U+2800 BRAILLE PATTERN BLANK"),
    ("georgian-sign", "Yes\u1cbf", "U+1CBF GEORGIAN MTAVRULI CAPITAL LETTER LABIAL SIGN"),
    ("cyrillic-ie", "Y\u0435s", "U+0435 CYRILLIC SMALL LETTER IE"),
    (
        "full-width",
        "\uff39\uff45\uff53",
        "U+FF39 FULLWIDTH LATIN CAPITAL LETTER Y, U+FF45 FULLWIDTH LATIN SMALL LETTER E, "
        "U+FF53 FULLWIDTH LATIN SMALL LETTER S",
    ),
]
CASES += [
    (
        "look-alike",
        questions(FAIR, question("q5", "Which one?", ["Yes", f'"{twin}"', "No"], "No")),
        f'pack/questions.yaml:42: warning [look-alike]: two options of "q5" look the same '
        f'("Yes"): they differ only in {differ}',
    )
    for _, twin, differ in LOOK_ALIKE
]


@pytest.mark.parametrize(
    ("rule", "files", "expected"),
    CASES,
    ids=[c[0] for c in CASES[: -len(LOOK_ALIKE)]] + [f"look-alike-{c[0]}" for c in LOOK_ALIKE],
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


def test_the_builtin_pack_passes_strict(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--strict"])
    assert (result.exit_code, result.stderr) == (0, "")


def test_warnings_in_json(
    runner: CliRunner, make_pack: MakePack, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_pack(
        questions(FAIR, question("q5", "Which one?", ["Only red", "Green", "Blue"], "Blue"))
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

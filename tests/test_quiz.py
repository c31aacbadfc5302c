"""The quiz: the pure engine, scripted runs through the CLI, and a real terminal."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from placecli.cli import app
from placecli.errors import UsageError
from placecli.packs.locate import builtin_pack
from placecli.packs.model import Concept, Pack, Question
from placecli.packs.pack import load_packs
from placecli.packs.qtypes import Unreadable
from placecli.quiz.engine import Asked, Quiz, draw, read_answer

from .conftest import ROOT, run_strict, spawn_place

BUILTIN = load_packs([builtin_pack()])
SINGLE = Question(
    id="s",
    concept="a",
    type="single",
    question="?",
    options=("w", "x", "y", "z"),
    answer=("y",),
    explanation="e",
    feedback={"x": "Close, but no."},
)
MULTIPLE = Question(
    id="m",
    concept="b",
    type="multiple",
    question="?",
    options=("w", "x", "y"),
    answer=("w", "y"),
    explanation="e",
)
TRUE_FALSE = Question(
    id="t",
    concept="a",
    type="true-false",
    question="?",
    options=("True", "False"),
    answer=("True",),
    explanation="e",
)
ORDER = Question(
    id="o",
    concept="a",
    type="order",
    question="?",
    options=("first", "second", "third"),
    answer=("first", "second", "third"),
    explanation="e",
)
MATCH = Question(
    id="x",
    concept="b",
    type="match",
    question="?",
    left=("Person", "Place", "Process"),
    options=("identity", "environment", "relating"),
    answer=("identity", "environment", "relating"),
    explanation="e",
)


def as_asked(q: Question, shown: tuple[str, ...] | None = None) -> Asked:
    """As shown in file order, or in the order given (letters A, B, C... in that order)."""
    return Asked(1, q, shown or q.options)


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_packs([builtin_pack()])


SHUFFLED = ("third", "first", "second")  # A third, B first, C second
MATCHES = ("relating", "identity", "environment")  # A relating, B identity, C environment


@pytest.mark.parametrize(
    ("question", "shown", "typed", "chosen"),
    [
        (SINGLE, None, "C", ("y",)),
        (SINGLE, None, " c ", ("y",)),
        (SINGLE, None, "cc", ("y",)),
        (MULTIPLE, None, "AC", ("w", "y")),
        (MULTIPLE, None, "a c", ("w", "y")),
        (MULTIPLE, None, "c,a", ("w", "y")),
        (MULTIPLE, None, "C; A", ("w", "y")),
        (MULTIPLE, None, "a and b", ("w", "x")),
        (MULTIPLE, None, "b", ("x",)),
        (TRUE_FALSE, None, "t", ("True",)),
        (TRUE_FALSE, None, "TRUE", ("True",)),
        (TRUE_FALSE, None, "yes", ("True",)),
        (TRUE_FALSE, None, "f", ("False",)),
        (TRUE_FALSE, None, "False", ("False",)),
        (TRUE_FALSE, None, "n", ("False",)),
        (ORDER, SHUFFLED, "BCA", ("first", "second", "third")),
        (ORDER, SHUFFLED, "b c a", ("first", "second", "third")),
        (ORDER, SHUFFLED, "b,c,a", ("first", "second", "third")),
        (ORDER, SHUFFLED, "A B C", ("third", "first", "second")),
        (MATCH, MATCHES, "BCA", ("identity", "environment", "relating")),
        (MATCH, MATCHES, "b c a", ("identity", "environment", "relating")),
        (MATCH, MATCHES, "aaa", ("relating", "relating", "relating")),
    ],
)
def test_answers_are_read(
    question: Question, shown: tuple[str, ...] | None, typed: str, chosen: tuple[str, ...]
) -> None:
    assert read_answer(as_asked(question, shown), typed) == chosen


@pytest.mark.parametrize(
    ("question", "typed", "hint"),
    [
        (SINGLE, "", "type a letter from A to D"),
        (SINGLE, "E", '"E" is not an option: use letters A to D'),
        (SINGLE, "AB", "this question has one answer: type a single letter"),
        (SINGLE, "1", '"1" is not an option: use letters A to D'),
        (MULTIPLE, "a d", '"D" is not an option: use letters A to C'),
        (MULTIPLE, " , ", "type a letter from A to C"),
        (TRUE_FALSE, "a", "type t for true or f for false"),
        (TRUE_FALSE, "maybe", "type t for true or f for false"),
        (ORDER, "AB", "type each of the 3 letters once, in order (e.g. CAB)"),
        (ORDER, "AAB", "type each of the 3 letters once, in order (e.g. CAB)"),
        (ORDER, "ABD", '"D" is not an option: use letters A to C'),
        (MATCH, "AB", "type 3 letters, one for each of items 1 to 3 (e.g. CAB)"),
        (MATCH, "ABCA", "type 3 letters, one for each of items 1 to 3 (e.g. CAB)"),
    ],
)
def test_unreadable_answers_say_why(question: Question, typed: str, hint: str) -> None:
    with pytest.raises(Unreadable) as caught:
        read_answer(as_asked(question), typed)
    assert caught.value.hint == hint


def test_scoring_and_per_concept_results_in_reading_order() -> None:
    reading = Pack(
        id="p",
        title="P",
        concepts=(
            Concept(id="b", title="B", summary="."),
            Concept(id="a", title="A", summary="."),
        ),
    )
    quiz = Quiz([as_asked(SINGLE), as_asked(MULTIPLE), as_asked(TRUE_FALSE)])
    assert not quiz.answer("B").correct  # x: wrong, with feedback
    assert quiz.outcomes[0].feedback == [("x", "Close, but no.")]
    assert quiz.answer("ca").correct
    assert quiz.current is not None
    assert quiz.current.question is TRUE_FALSE
    assert quiz.answer("t").correct
    assert quiz.current is None
    assert (quiz.score, quiz.total, quiz.percent) == (2, 3, 67)
    scores = [(s.concept, s.right, s.asked) for s in quiz.by_concept(reading)]
    assert scores == [("b", 1, 1), ("a", 1, 2)]
    assert quiz.to_revisit(reading) == ["a"]


@pytest.mark.parametrize(
    ("question", "shown", "typed", "partly"),
    [
        (MULTIPLE, None, "a", "1 of 2 right; you missed C"),
        (MULTIPLE, None, "ab", "1 of 2 right; you missed C; B is not right"),
        (MULTIPLE, None, "b", None),
        (ORDER, SHUFFLED, "BAC", "1 of 3 in the right place (position 1)"),
        (ORDER, SHUFFLED, "CAB", None),
        (MATCH, MATCHES, "BCB", "2 of 3 pairs right (items 1 and 2)"),
        (MATCH, MATCHES, "ABC", None),
        (SINGLE, None, "a", None),
    ],
)
def test_partly_right_answers_are_wrong_and_say_how_far(
    question: Question, shown: tuple[str, ...] | None, typed: str, partly: str | None
) -> None:
    outcome = Quiz([as_asked(question, shown)]).answer(typed)
    assert not outcome.correct
    assert outcome.partly == partly


def test_order_and_match_are_right_only_whole() -> None:
    assert Quiz([as_asked(ORDER, SHUFFLED)]).answer("bca").correct
    assert Quiz([as_asked(MATCH, MATCHES)]).answer("bca").correct


def test_an_unreadable_scripted_line_is_scored_as_not_answered() -> None:
    quiz = Quiz([as_asked(SINGLE), as_asked(TRUE_FALSE)])
    outcome = quiz.unanswered()
    assert (outcome.given, outcome.correct, outcome.partly) == ((), False, None)
    assert quiz.current is not None and quiz.current.question is TRUE_FALSE


def test_draw_is_reproducible_and_keeps_answers_right(pack: Pack) -> None:
    first = draw(pack, 10, [], 42)
    again = draw(pack, 10, [], 42)
    assert first == again
    assert len({a.question.id for a in first}) == 10
    other = draw(pack, 10, [], 43)
    assert [a.question.id for a in other] != [a.question.id for a in first]
    for asked in first:
        assert sorted(asked.options) == sorted(asked.question.options)


def test_one_seed_is_one_quiz_whatever_the_count(pack: Pack) -> None:
    for seed in range(20):
        five, ten = draw(pack, 5, [], seed), draw(pack, 10, [], seed)
        assert five == ten[:5]


def test_the_draw_takes_every_concept_once_before_any_twice(pack: Pack) -> None:
    concepts = len(pack.concepts)
    for seed in range(20):
        asked = draw(pack, len(pack.questions), [], seed)
        first_round = [a.question.concept for a in asked[:concepts]]
        assert len(set(first_round)) == concepts


def test_draw_limits_to_concepts_and_count(pack: Pack) -> None:
    asked = draw(pack, 50, ["cultural-conundrum"], 1)
    assert {a.question.concept for a in asked} == {"cultural-conundrum"}
    assert len(asked) == len(pack.questions_for("cultural-conundrum"))
    with pytest.raises(UsageError, match="at least 1"):
        draw(pack, 0, [], 1)


# Through the command line, scripted: answers come one per line.


def answer_key(runner: CliRunner, *args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["quiz", *args, "--answer-key", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    questions: list[dict[str, object]] = json.loads(result.stdout)["questions"]
    return questions


def keys_for(questions: list[dict[str, object]], right: bool) -> list[str]:
    """What to type for each question: the right keys, or a wrong one."""
    typed = []
    for q in questions:
        options = q["options"]
        assert isinstance(options, list)
        answer = q["answer"]
        assert isinstance(answer, list)
        key = {o["text"]: o["key"] for o in options}
        good = [key[text] for text in answer]  # in order, for order and match questions
        if q["type"] in ("order", "match"):
            bad = good[::-1]
        else:
            bad = [o["key"] for o in options if o["text"] not in answer][:1]
        typed.append("".join(good if right else bad))
    return typed


@pytest.mark.parametrize(
    ("right", "score"), [(True, 6), (False, 0)], ids=["all-right", "all-wrong"]
)
def test_scripted_quiz_scores_exactly(runner: CliRunner, right: bool, score: int) -> None:
    questions = answer_key(runner, "--seed", "5", "--count", "6")
    typed = keys_for(questions, right)
    result = runner.invoke(
        app, ["quiz", "--seed", "5", "-n", "6", "-f", "json"], input="\n".join(typed) + "\n"
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["score"], data["total"]) == (score, 6)
    assert [q["id"] for q in data["questions"]] == [q["id"] for q in questions]
    assert all(q["correct"] is right for q in data["questions"])
    asked = {q["concept"] for q in questions}
    reading_order = [c.id for c in BUILTIN.concepts if c.id in asked]
    assert data["revisit"] == ([] if right else reading_order)


def test_scripted_unreadable_lines_are_not_answered_and_stay_in_step(runner: CliRunner) -> None:
    questions = answer_key(runner, "--seed", "9", "--count", "4")
    good, bad = keys_for(questions, True), keys_for(questions, False)
    typed = ["???", good[1], bad[2], good[3]]
    result = runner.invoke(app, ["quiz", "--seed", "9", "-n", "4"], input="\n".join(typed) + "\n")
    assert result.exit_code == 0
    assert "Score: 2 of 4 (50%)" in result.stdout
    assert "Sorry," not in result.stdout
    assert result.stderr.count("cannot be read") == 1
    assert "Question 1: '???' cannot be read" in result.stderr
    assert result.stdout.count("✓ Right.") == 2
    assert result.stdout.count("✗ Not answered.") == 1
    assert result.stdout.count("✗ Not this time.") == 1


def test_undecodable_input_is_not_answered_not_a_crash() -> None:
    result = run_strict("quiz", "--seed", "1", "-n", "2", "-f", "json", stdin=b"\xff\xfe\nq\n")
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert b"cannot be read" in result.stderr
    data = json.loads(result.stdout)
    assert (data["total"], data["questions"][0]["given"]) == (1, [])


def test_end_of_input_ends_early_with_the_score_so_far(runner: CliRunner) -> None:
    questions = answer_key(runner, "--seed", "3", "--count", "5")
    result = runner.invoke(
        app,
        ["quiz", "--seed", "3", "-n", "5", "-f", "json"],
        input=keys_for(questions, True)[0] + "\n",
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["score"], data["total"]) == (1, 1)
    assert "End of input" in result.stderr


def test_q_quits_and_still_reports(runner: CliRunner) -> None:
    result = runner.invoke(app, ["quiz", "--seed", "3"], input="q\n")
    assert result.exit_code == 0
    assert "Quiz stopped early." in result.stdout
    assert "No questions were answered." in result.stdout


def test_json_mode_keeps_stdout_for_json(runner: CliRunner) -> None:
    result = runner.invoke(app, ["quiz", "--seed", "1", "--format", "json"], input="A\nt\n")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) >= {"score", "total", "questions"}
    assert set(data["questions"][0]) >= {"id", "concept", "correct", "given", "answer"}
    assert "Question 1 of 10" in result.stderr


def test_answer_key_matches_the_quiz(runner: CliRunner) -> None:
    key = flat(runner.invoke(app, ["quiz", "--seed", "11", "-n", "4", "--answer-key"]).stdout)
    played = flat(runner.invoke(app, ["quiz", "--seed", "11", "-n", "4"], input="q\n").stdout)
    questions = answer_key(runner, "--seed", "11", "-n", "4")
    first = questions[0]
    assert isinstance(first["question"], str)
    assert first["question"] in played
    for q in questions:
        assert isinstance(q["question"], str)
        assert q["question"] in key
        options = q["options"]
        assert isinstance(options, list)
        for option in options:
            assert f" {option['key']} {option['text']}" in key
    first_options = first["options"]
    assert isinstance(first_options, list)
    for option in first_options:
        assert f" {option['key']} {option['text']}" in played


def flat(text: str) -> str:
    """Output with line wrapping undone, for finding text that a narrow screen wrapped."""
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--count", "0"],
            "Error: Invalid value for '--count' / '-n': 0 is not in the range x>=1.",
        ),
        (["--concept", "nope"], 'no concept matches "nope"'),
    ],
    ids=["count-0", "unknown-concept"],
)
def test_quiz_usage_errors(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["quiz", *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_shipped_questions_cover_every_concept(pack: Pack) -> None:
    assert all(len(pack.questions_for(c.id)) >= 2 for c in pack.concepts)
    assert len(pack.questions) >= 2 * len(pack.concepts) + 4
    assert {q.type for q in pack.questions} >= {"single", "multiple", "true-false"}
    assert sum(bool(q.feedback) for q in pack.questions) >= 20


# In a real terminal.

pexpect = pytest.importorskip("pexpect")


def spawn_quiz(*args: str) -> Any:
    return spawn_place("quiz", *args, NO_COLOR="1")


def right_keys(*args: str) -> list[str]:
    return keys_for(answer_key(CliRunner(), *args), right=True)


@pytest.mark.pty
def test_pty_answer_then_quit() -> None:
    child = spawn_quiz("--seed", "2", "-n", "3")
    child.expect("Question 1 of 3")
    child.expect("or q to quit: ")
    child.sendline("zz")
    child.expect("Sorry, ")
    child.sendline(right_keys("--seed", "2", "-n", "3")[0])
    child.expect("Right")
    child.expect("Enter for the next question, q to stop: ")
    child.sendline("")
    child.expect("Question 2 of 3")
    child.expect("or q to quit: ")
    child.sendline("q")
    child.expect("Quiz stopped early.")
    child.expect(r"Score: \d of 1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.pty
def test_pty_ctrl_c_reports_and_exits_130() -> None:
    child = spawn_quiz("--seed", "2", "-n", "3")
    child.expect("or q to quit: ")
    child.sendline(right_keys("--seed", "2", "-n", "3")[0])
    child.expect("Enter for the next question, q to stop: ")
    child.sendline("")
    child.expect("Question 2 of 3")
    child.expect("or q to quit: ")
    # let input() block: a Ctrl-C in the instant before is seen only at the next key
    time.sleep(0.2)
    child.sendintr()
    child.expect(r"Score: \d of 1")
    child.expect("Stopped with Ctrl-C.")
    rest = child.read()
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in (child.before or "") + rest


@pytest.mark.parametrize("right", [True, False], ids=["right", "wrong"])
def test_order_and_match_through_a_scripted_quiz(
    runner: CliRunner, tmp_path: Path, right: bool
) -> None:
    # The starter pack has a question of every type (the built-in pack asks no order or
    # match question: see the head of content/questions.yaml).
    assert runner.invoke(app, ["init", str(tmp_path / "ours")]).exit_code == 0
    args = ["--content", str(tmp_path / "ours"), "--seed", "3", "-n", "9"]
    questions = answer_key(runner, *args)
    kinds = [q["type"] for q in questions]
    assert {"order", "match"} <= set(kinds)
    typed = keys_for(questions, right)
    result = runner.invoke(app, ["quiz", *args, "-f", "json"], input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    for asked, q in zip(questions, data["questions"], strict=True):
        assert q["answer"] == asked["answer"]  # texts, in order
        assert q["correct"] is right
        if right:
            assert q["given"] == q["answer"]
        elif q["type"] in ("order", "match"):
            assert q["given"] == q["answer"][::-1]
    if not right:
        assert "in the right place" in result.stderr or "pairs right" in result.stderr


@pytest.mark.parametrize("question", [ORDER, MATCH], ids=["order", "match"])
def test_an_order_or_match_question_not_answered_is_simply_wrong(question: Question) -> None:
    outcome = Quiz([as_asked(question)]).unanswered()
    assert (outcome.given, outcome.correct, outcome.partly) == ((), False, None)


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (["--answer-key"], "Answer key: 1 question, seed 1 · place quiz --seed 1 --count 1"),
        ([], "1 question · seed 1 · place quiz --seed 1 --count 1 repeats them"),
    ],
    ids=["answer-key", "quiz"],
)
def test_one_question_is_not_1_questions(runner: CliRunner, args: list[str], first: str) -> None:
    result = runner.invoke(app, ["quiz", "--count", "1", "--seed", "1", *args], input="d\n")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == first


@pytest.mark.pty
def test_pty_json_to_a_file_holds_only_json_and_the_prompts_show(tmp_path: Path) -> None:
    """`place quiz --format json > result.json` at a terminal: input() wrote its prompts
    (with readline's markers and escapes) into the JSON file, and none on the screen."""
    import shlex

    result = tmp_path / "result.json"
    command = shlex.join([sys.executable, "-m", "placecli", "quiz", "--seed", "2", "-n", "2"])
    child = pexpect.spawn(
        "/bin/sh",
        ["-c", f"{command} --format json > {shlex.quote(str(result))}"],
        cwd=str(ROOT),
        env={**os.environ, "TERM": "xterm-256color", "PLACE_NO_HISTORY": "1"},
        encoding="utf-8",
        timeout=20,
    )
    keys = right_keys("--seed", "2", "-n", "2")
    child.expect("or q to quit: ")
    child.sendline(keys[0])
    child.expect("Enter for the next question, q to stop: ")
    child.sendline("")
    child.expect("or q to quit: ")
    child.sendline(keys[1])
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert json.loads(result.read_text(encoding="utf-8"))["score"] == 2

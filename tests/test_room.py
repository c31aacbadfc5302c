"""The team quiz: the rules (room.py), the loop with an injected clock and keys
(roomplay.py), scripted runs through the CLI with the JSON checked whole, and a real
terminal at 80x24 and 50x20."""

from __future__ import annotations

import io
import json
import re
import sys
import time
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from placecli.cli import app
from placecli.quiz.engine import Asked, Outcome
from placecli.quiz.teams import (
    BadTeams,
    Room,
    TeamAnswer,
    distribution,
    speed_points,
    teams_of,
)
from placecli.screens.teams import leaderboard_view, reveal_view
from placecli.terminal.theme import rich_theme

from .conftest import spawn_place
from .test_quiz import MATCH, MULTIPLE, ORDER, SINGLE, TRUE_FALSE, as_asked

# Teams.


@pytest.mark.parametrize(
    ("value", "teams"),
    [
        ("Red,Blue,Green", ("Red", "Blue", "Green")),
        (" Red , Blue ", ("Red", "Blue")),
        ("The  Owls,Larks", ("The Owls", "Larks")),
        ("4", ("Team 1", "Team 2", "Team 3", "Team 4")),
        ("2", ("Team 1", "Team 2")),
        ("10", tuple(f"Team {n}" for n in range(1, 11))),
    ],
)
def test_teams_by_name_or_number(value: str, teams: tuple[str, ...]) -> None:
    assert teams_of(value) == teams


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1", "--teams 1: give 2 to 10 teams"),
        ("11", "--teams 11: give 2 to 10 teams"),
        ("Red", "--teams: 1 team; give 2 to 10 names, or a number"),
        ("A,B,C,D,E,F,G,H,I,J,K", "--teams: 11 teams; give 2 to 10 names, or a number"),
        ("Red,,Blue", '--teams: a team name is empty; separate names with commas: "Red,Blue"'),
        ("Red,red", '--teams: the name "red" is given twice'),
        ("Red,Q", '--teams: the name "Q" would read as quit'),
        ("Red," + "x" * 21, f'--teams: "{"x" * 21}" is longer than 20 characters'),
        ("²", "--teams: 1 team; give 2 to 10 names, or a number"),  # not a number to int()
        ("9" * 5000, f"--teams {'9' * 20}…: give 2 to 10 teams"),  # not 5,000 digits shown
    ],
)
def test_bad_teams(value: str, message: str) -> None:
    """The engine's error carries the reason and the number, never the option's name;
    the command line names it, as a plan names its field."""
    with pytest.raises(BadTeams) as error:
        teams_of(value)
    assert "--" not in error.value.message
    assert error.value.worded("--teams") == message


# Points: Kahoot!'s formula, from its help centre's "How points work".


@pytest.mark.parametrize(
    ("seconds", "timer", "points"),
    [
        (2, 30, 967),  # the help centre's own worked example
        (0, 30, 1000),
        (0.5, 30, 1000),  # within half a second: every point
        (15, 30, 750),
        (30, 30, 500),
        (45, 30, 500),  # never below half
        (10, 20, 750),
    ],
)
def test_speed_points(seconds: float, timer: float, points: int) -> None:
    assert speed_points(seconds, timer) == points


def answer(team: str, asked: Asked, *given: str, seconds: float | None = None) -> TeamAnswer:
    return TeamAnswer(team, Outcome(asked, given), seconds)


def test_scores_practice_and_standings_with_ties() -> None:
    room = Room(("Red", "Blue", "Green"), practice=1)
    single = as_asked(SINGLE)
    room.play(
        single, [answer("Red", single, "y"), answer("Blue", single, "y"), answer("Green", single)]
    )
    assert room.scores() == {"Red": 0, "Blue": 0, "Green": 0}  # practice
    room.play(
        single,
        [answer("Red", single, "y"), answer("Blue", single, "x"), answer("Green", single, "y")],
    )
    assert room.scores() == {"Red": 1, "Blue": 0, "Green": 1}
    assert [tuple(s) for s in room.standings()] == [(1, "Red", 1), (1, "Green", 1), (3, "Blue", 0)]


def test_speed_rule_uses_each_teams_time_and_the_timer_for_none() -> None:
    room = Room(("Red", "Blue"), rule="speed", timer=30)
    asked = as_asked(TRUE_FALSE)
    played = room.play(
        asked, [answer("Red", asked, "True", seconds=2), answer("Blue", asked, "True")]
    )
    assert played.points == (967, 500)


def test_answers_must_come_in_the_teams_order() -> None:
    room = Room(("Red", "Blue"))
    asked = as_asked(SINGLE)
    with pytest.raises(ValueError):
        room.play(asked, [answer("Blue", asked), answer("Red", asked)])


@pytest.mark.parametrize(
    ("asked", "answers", "expected"),
    [
        (
            as_asked(SINGLE),
            [("Red", ("y",)), ("Blue", ("x",)), ("Green", ())],
            {"A": [], "B": ["Blue"], "C": ["Red"], "D": []},
        ),
        (
            as_asked(MULTIPLE),
            [("Red", ("w", "y")), ("Blue", ("w",)), ("Green", ())],
            {"A": ["Red", "Blue"], "B": [], "C": ["Red"]},
        ),
        (
            as_asked(TRUE_FALSE),
            [("Red", ("True",)), ("Blue", ("False",)), ("Green", ("True",))],
            {"True": ["Red", "Green"], "False": ["Blue"]},
        ),
        (
            as_asked(ORDER, ("third", "first", "second")),
            [
                ("Red", ("first", "second", "third")),
                ("Blue", ("third", "first", "second")),
                ("Green", ()),
            ],
            {"BCA": ["Red"], "ABC": ["Blue"]},
        ),
        (
            as_asked(MATCH, ("relating", "identity", "environment")),
            [("Red", ("relating", "identity", "environment")), ("Blue", ()), ("Green", ())],
            {"BCA": [], "ABC": ["Red"]},
        ),
    ],
    ids=["single", "multiple", "true-false", "order", "match"],
)
def test_distribution_per_question_type(
    asked: Asked, answers: list[tuple[str, tuple[str, ...]]], expected: dict[str, list[str]]
) -> None:
    room = Room(("Red", "Blue", "Green"))
    played = room.play(asked, [answer(team, asked, *given) for team, given in answers])
    assert distribution(played) == expected


# The views.


def rendered(renderable: Any, width: int) -> list[str]:
    console = Console(file=io.StringIO(), width=width, color_system=None, theme=rich_theme("plain"))
    console.print(renderable)
    return [line.rstrip() for line in console.file.getvalue().splitlines()]  # type: ignore[attr-defined]


def test_reveal_and_leaderboard_fit_50_columns() -> None:
    room = Room(("Red", "Blue", "Green"))
    asked = as_asked(SINGLE)
    played = room.play(
        asked, [answer("Red", asked, "y"), answer("Blue", asked, "x"), answer("Green", asked)]
    )
    reveal = rendered(reveal_view(played, 50), 50)
    assert reveal[:8] == [
        "",
        " How the room answered",
        "   A ░░░░░░░░░░░░ 0",
        "   B ████░░░░░░░░ 1 Blue",
        " ✓ C ████░░░░░░░░ 1 Red",
        "   D ░░░░░░░░░░░░ 0",
        "    no answer: Green",
        "",
    ]
    assert reveal[8:] == [" Answer: C  y", " Why: e", " On “x”: Close, but no."]
    assert rendered(leaderboard_view(room, 50), 50) == [
        "─" * 18 + " Leaderboard " + "─" * 19,
        " 1. Red   ████████████████████████ 1",
        " 2. Blue  ░░░░░░░░░░░░░░░░░░░░░░░░ 0",
        " 2. Green ░░░░░░░░░░░░░░░░░░░░░░░░ 0",
    ]
    assert all(len(line) <= 50 for line in reveal)


# Scripted, through the CLI.

SEED2 = ["quiz", "--seed", "2", "--count", "3", "--teams", "Red,Blue,Green", "--format", "json"]
# Seed 2's first three: a true-false (False), a multiple-answer (AD), a single (C).


def test_scripted_team_quiz_json_in_full(runner: CliRunner) -> None:
    result = runner.invoke(app, [*SEED2, "--practice", "1"], input="f\nt\n\nAD\nAD\nA\nC\nB\nC\n")
    assert result.exit_code == 0
    said = "stp-inequalities"
    first, kind = "knowledge-balance", "shift-kind"
    data = "Balancing data and evidence with engagement"
    knowledge = "Building knowledge of a place's problems and issues"
    thinking, behaviour = "A shift in thinking", "A shift in behaviour"
    assert json.loads(result.stdout) == {
        "seed": 2,
        "teams": [
            {
                "name": "Red",
                "score": 2,
                "answers": [
                    {"id": said, "given": ["False"], "correct": True},
                    {"id": first, "given": [data, knowledge], "correct": True},
                    {"id": kind, "given": [thinking], "correct": True},
                ],
            },
            {
                "name": "Blue",
                "score": 1,
                "answers": [
                    {"id": said, "given": ["True"], "correct": False},
                    {"id": first, "given": [data, knowledge], "correct": True},
                    {"id": kind, "given": [behaviour], "correct": False},
                ],
            },
            {
                "name": "Green",
                "score": 1,
                "answers": [
                    {"id": said, "given": [], "correct": False},
                    {"id": first, "given": [data], "correct": False},
                    {"id": kind, "given": [thinking], "correct": True},
                ],
            },
        ],
        "questions": [
            {
                "id": said,
                "answer": ["False"],
                "distribution": {"True": ["Blue"], "False": ["Red"]},
            },
            {
                "id": first,
                "answer": [data, knowledge],
                "distribution": {
                    "A": ["Red", "Blue", "Green"],
                    "B": [],
                    "C": [],
                    "D": ["Red", "Blue"],
                    "E": [],
                },
            },
            {
                "id": kind,
                "answer": [thinking],
                "distribution": {"A": [], "B": ["Blue"], "C": ["Red", "Green"], "D": []},
            },
        ],
    }
    assert "Practice question: no points." in result.stderr
    assert "Well played, Red!" in result.stderr


def test_scripted_speed_points_from_timed_lines(runner: CliRunner) -> None:
    args = [*SEED2[:4], "1", *SEED2[5:], "--time", "30", "--points", "speed"]
    result = runner.invoke(app, args, input="f @2\nf @15\nf\n")
    assert result.exit_code == 0
    scores = {t["name"]: t["score"] for t in json.loads(result.stdout)["teams"]}
    assert scores == {"Red": 967, "Blue": 750, "Green": 500}


def test_unreadable_lines_count_as_no_answer_and_stay_in_step(runner: CliRunner) -> None:
    result = runner.invoke(app, [*SEED2[:4], "2", *SEED2[5:]], input="zz\nf\nf\nAD\nAD\nAD\n")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [t["score"] for t in data["teams"]] == [1, 2, 2]
    assert (
        "Question 1, Red: 'zz' cannot be read (type t for true or f for false); "
        "scored as no answer." in result.stderr
    )


def test_end_of_input_and_q_end_with_the_standings_so_far(runner: CliRunner) -> None:
    for typed in ("f\nf\nf\nA\n", "f\nf\nf\nA\nq\n"):
        result = runner.invoke(app, SEED2, input=typed)
        assert result.exit_code == 0
        data = json.loads(result.stdout)
        assert len(data["questions"]) == 1
        assert [t["score"] for t in data["teams"]] == [1, 1, 1]
        assert "Final standings" in result.stderr


def test_no_leaderboard_hides_standings_until_the_end(runner: CliRunner) -> None:
    result = runner.invoke(app, [*SEED2[:7], "--no-leaderboard"], input="f\nt\nf\n")
    assert result.exit_code == 0
    assert "Leaderboard" not in result.stdout
    assert "Points:" not in result.stdout
    assert result.stdout.count("Final standings") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--time", "30"],
            "--time, --points, --no-leaderboard and --practice are for a team quiz: add --teams",
        ),
        (
            ["--practice", "2"],
            "--time, --points, --no-leaderboard and --practice are for a team quiz: add --teams",
        ),
        (
            ["--teams", "Red,Blue", "--points", "speed"],
            "--points speed scores the time taken: add a countdown, e.g. --time 30",
        ),
        (
            ["--teams", "Red,Blue", "--time", "3"],
            "Invalid value for '--time': 3 is not in the range 5<=x<=600.",
        ),
        (
            ["--teams", "Red,Blue", "--practice", "-1"],
            "Invalid value for '--practice': -1 is not in the range x>=0.",
        ),
        (
            ["--teams", "Red,Blue", "--answer-key"],
            "a team quiz asks the room: leave out --answer-key, --missed, --due and --present",
        ),
        (["--teams", "Red"], "--teams: 1 team; give 2 to 10 names, or a number"),
        (
            ["--teams", "Red,Blue", "--points", "fast"],
            "Invalid value for '--points': 'fast' is not one of 'one', 'speed'.",
        ),
    ],
)
def test_team_quiz_usage_errors(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["quiz", *args], input="")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"Error: {message}"


# A real terminal.

pexpect = pytest.importorskip("pexpect")
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pty")
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")


def screen_text(text: str) -> str:
    return ESCAPES.sub("", text)


def spawn_team(*args: str, size: tuple[int, int] = (24, 80)) -> Any:
    child = spawn_place(
        "quiz", "--seed", "2", "--count", "3", "--teams", "Red,Blue", *args, NO_COLOR="1"
    )
    child.setwinsize(*size)
    return child


@pytest.mark.pty
@POSIX
def test_pty_countdown_keys_and_ctrl_c() -> None:
    child = spawn_team("--time", "20", "--points", "speed")
    child.expect("Enter ends it.")
    time.sleep(0.3)
    child.send("2")
    child.expect("✓")
    child.send("\r")
    child.expect("Red: ")
    child.send("f\r")
    child.expect("Blue: ")
    child.send("f\r")
    child.expect("How the room answered")
    child.send("\x1b[C")
    child.expect("Points: Red \\+500, Blue \\+\\d+")
    time.sleep(0.2)
    child.sendintr()
    child.expect_exact("\x1b[?1049l")  # the terminal's own screen again
    child.expect("Final standings")
    child.expect("Stopped with Ctrl-C.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

"""Workshop plans: reading and checking (a table of broken plans, every error with
file:line), the session's clock, the exports (the deck presented by patat), `place run`
through the CLI and in a real terminal."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from placecli.cli import app
from placecli.errors import ContentError
from placecli.exporters.plan import html_sheet, markdown_deck
from placecli.packs.locate import builtin_pack
from placecli.packs.pack import load_packs
from placecli.views.text import drift_text
from placecli.workshop.plan import Plan, Show, Step, load_plan
from placecli.workshop.run import Run

from .conftest import ROOT, spawn_place

PACK = load_packs([builtin_pack()])
INTRO = Path(builtin_pack()) / "plans" / "intro-90.yaml"

GOOD = """\
title: A short session
steps:
  - title: Why place
    minutes: 10
    show: {summary: [new-jargon, "2"]}
    notes: Ask who has heard "place" used this month.
  - title: Quiz
    minutes: 15
    show: {quiz: {count: 6, seed: 12, teams: [Red, Blue, Green]}}
  - title: Talk
    minutes: 20
    show: {reflect: {concepts: [cultural], audience: group, timer: 15}}
  - title: Coffee
    minutes: 5
    show: break
  - title: Close
    minutes: 5
    show: {text: Thank you.}
"""


def write(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_good_plan_reads_into_the_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    plan = load_plan(write(tmp_path, GOOD), PACK)
    assert plan.title == "A short session"
    assert plan.file == "plan.yaml"
    assert plan.minutes == 55
    assert [s.title for s in plan.steps] == ["Why place", "Quiz", "Talk", "Coffee", "Close"]
    section_2 = [c.id for c in PACK.sections()[1][1]]
    assert plan.steps[0].show == Show("summary", concepts=("new-jargon", *section_2))
    assert plan.steps[0].notes == 'Ask who has heard "place" used this month.'
    assert plan.steps[0].origin == "plan.yaml:3"
    assert plan.steps[1].show == Show("quiz", questions=6, seed=12, teams=("Red", "Blue", "Green"))
    assert plan.steps[2].show == Show(
        "reflect", concepts=("cultural-conundrum",), audience="group", timer=15
    )
    assert plan.steps[3].show == Show("break")
    assert plan.steps[4].show == Show("text", text="Thank you.")


BROKEN = [
    ("empty", "", ["plan.yaml:1: is empty: a plan needs a title and steps"]),
    (
        "not yaml",
        "title: [\n",
        ["plan.yaml:2: column 1: not valid YAML: did not find expected node content"],
    ),
    ("a list", "- a\n", ["plan.yaml:1: expected a mapping of fields, got a list"]),
    (
        "no steps",
        "title: T\n",
        ['plan.yaml:1: missing required field "steps"'],
    ),
    (
        "steps not a list",
        "title: T\nsteps: 3\n",
        ["plan.yaml:2: steps: expected a list of steps, got a number (3)"],
    ),
    (
        "unknown field",
        "title: T\ncolour: red\nsteps:\n  - {title: A, minutes: 5}\n",
        ["plan.yaml:2: colour: unknown field"],
    ),
    (
        "step fields",
        "title: T\nsteps:\n  - minutes: 0\n    note: x\n",
        [
            "plan.yaml:3: steps[0].minutes: expected a whole number above 0, got a number (0)",
            'plan.yaml:3: steps[0]: missing required field "title"',
            'plan.yaml:4: steps[0].note: unknown field; did you mean "notes"?',
        ],
    ),
    (
        "too long",
        "title: T\nsteps:\n  - {title: A, minutes: 1441}\n",
        ["plan.yaml:3: steps[0].minutes: is more than a day"],
    ),
    (
        "unknown show",
        "title: T\nsteps:\n  - title: A\n    minutes: 5\n    show: {quizz: {}}\n",
        [
            'plan.yaml:5: steps[0].show.quizz: is not one of summary, quiz, reflect, break, text; did you mean "quiz"?'
        ],
    ),
    (
        "two shows",
        "title: T\nsteps:\n  - title: A\n    minutes: 5\n    show: {text: a, break: b}\n",
        [
            "plan.yaml:5: steps[0].show: expected one of summary, quiz, reflect, break, text (e.g. {summary: [id]}), got 2 keys"
        ],
    ),
    (
        "show text",
        "title: T\nsteps:\n  - title: A\n    minutes: 5\n    show: pause\n",
        [
            'plan.yaml:5: steps[0].show: expected one of summary, quiz, reflect, break, text (e.g. {summary: [id]}), got the text "pause"'
        ],
    ),
    (
        "unknown concept",
        "title: T\nsteps:\n  - title: A\n    minutes: 5\n    show:\n      summary:\n        - new-jargon\n        - sense-of-plaice\n",
        [
            'plan.yaml:8: steps[0].show.summary[1]: no concept matches "sense-of-plaice"; the closest: sense-of-place'
        ],
    ),
    (
        "empty summary",
        "title: T\nsteps:\n  - title: A\n    minutes: 5\n    show: {summary: []}\n",
        ["plan.yaml:5: steps[0].show.summary: needs at least 1 item"],
    ),
    (
        "quiz options",
        "title: T\nsteps:\n  - title: A\n    minutes: 5\n    show:\n      quiz: {count: 0, seeds: 3}\n",
        [
            "plan.yaml:6: steps[0].show.quiz.count: expected a whole number above 0, got a number (0)",
            'plan.yaml:6: steps[0].show.quiz.seeds: unknown field; did you mean "seed"?',
        ],
    ),
    (
        "one team",
        "title: T\nsteps:\n  - title: A\n    minutes: 5\n    show:\n      quiz: {teams: [Red]}\n",
        ["plan.yaml:6: steps[0].show.quiz.teams: 1 team; give 2 to 10 names, or a number"],
    ),
    (
        "eleven teams",
        "title: T\nsteps:\n  - title: A\n    minutes: 5\n    show:\n      quiz: {teams: 11}\n",
        ["plan.yaml:6: steps[0].show.quiz.teams: 11: give 2 to 10 teams"],
    ),
    (
        "reflect audience",
        "title: T\nsteps:\n  - title: A\n    minutes: 5\n    show:\n      reflect: {audience: crowd}\n",
        [
            'plan.yaml:6: steps[0].show.reflect.audience: "crowd" is not one of: individual, pair, group'
        ],
    ),
    (
        "no prompts",
        "title: T\nsteps:\n  - title: A\n    minutes: 5\n    show:\n      reflect:\n        concepts: [social-significance]\n        audience: pair\n",
        [
            "plan.yaml:7: steps[0].show.reflect: the pack has no prompts for these concepts and audience"
        ],
    ),
    (
        "two steps broken",
        "title: T\nsteps:\n  - {title: A, minutes: x}\n  - {title: B, minutes: 5, show: {text: ''}}\n",
        [
            'plan.yaml:3: steps[0].minutes: expected a whole number above 0, got the text "x"',
            "plan.yaml:4: steps[1].show.text: is empty; expected text",
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [(t, e) for _, t, e in BROKEN], ids=[n for n, _, _ in BROKEN]
)
def test_broken_plans_give_every_problem_with_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as error:
        load_plan(write(tmp_path, text), PACK)
    found = [str(p) for p in error.value.problems]
    assert len(found) == len(expected)
    for line, start in zip(found, expected, strict=True):
        assert line.startswith(start), line


def test_validate_a_plan_file_through_the_cli(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, GOOD)
    result = runner.invoke(app, ["validate", "plan.yaml"])
    assert (result.exit_code, result.stdout) == (0, "✓ plan.yaml: valid plan, 5 steps, 55 min\n")
    write(tmp_path, "title: T\nsteps:\n  - {title: A, minutes: 0}\n", "bad.yaml")
    result = runner.invoke(app, ["validate", "bad.yaml"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "bad.yaml:3: steps[0].minutes: expected a whole number above 0, got a number (0)",
        "1 problem found in the plan.",
    ]


@pytest.mark.parametrize("name", ["questions.yaml", "extra.yml"])
def test_validate_of_a_pack_s_file_names_the_folder_to_check(
    runner: CliRunner, make_pack: Any, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A file of a pack was reported as a broken plan (no title, no steps)."""
    folder = make_pack()
    (folder / name).write_text("questions: []\n", encoding="utf-8")
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["validate", f"pack/{name}"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == (
        f"Error: pack/{name} is a file of the pack in pack, not a plan: a pack is checked "
        "whole, with place validate pack"
    )
    monkeypatch.chdir(folder)
    result = runner.invoke(app, ["validate", name])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {name} is a file of the pack in ., not a plan")
    assert result.stderr.splitlines()[0].endswith("with place validate .")


def test_validate_checks_a_packs_plans_folder(
    runner: CliRunner, make_pack: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_pack()
    (folder / "plans").mkdir()
    (folder / "plans" / "short.yaml").write_text(
        "title: T\nsteps:\n  - {title: A, minutes: 5, show: {summary: [alpha]}}\n"
    )
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["validate", "pack"])
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "✓ pack: valid, 2 concepts, 0 questions, 0 prompts, 0 terms, 1 plan;"
    )
    data = json.loads(runner.invoke(app, ["validate", "pack", "--format", "json"]).stdout)
    assert data["plans"] == ["short"]
    single = runner.invoke(
        app, ["--content", "pack", "validate", "pack/plans/short.yaml", "-f", "json"]
    )
    assert json.loads(single.stdout) == {
        "valid": True,
        "plan": "pack/plans/short.yaml",
        "steps": 1,
        "minutes": 5,
    }
    (folder / "plans" / "broken.yaml").write_text(
        "title: T\nsteps:\n  - {title: A, minutes: 5, show: {summary: [gamma]}}\n"
    )
    result = runner.invoke(app, ["validate", "pack"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(
        'pack/plans/broken.yaml:3: steps[0].show.summary[0]: no concept matches "gamma"'
    )
    assert result.stderr.splitlines()[-1] == "1 problem found in the pack's plans."
    result = runner.invoke(app, ["--content", "pack", "run"])
    assert result.exit_code == 1


def test_a_packs_plan_must_be_a_regular_file_inside_the_pack(
    runner: CliRunner, make_pack: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = make_pack()
    (folder / "plans").mkdir()
    outside = tmp_path / "outside.yaml"
    outside.write_text("title: T\nsteps:\n  - {title: A, minutes: 5}\n")
    (folder / "plans" / "linked.yaml").symlink_to(outside)
    (folder / "plans" / "folder.yaml").mkdir()  # not a file: not a plan
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["validate", "pack"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "pack/plans/linked.yaml: is a link to a file outside the pack folder; "
        "copy the file into the pack",
        "1 problem found in the pack's plans.",
    ]


def test_the_builtin_plan_is_valid_and_90_minutes() -> None:
    plan = load_plan(INTRO, PACK)
    assert plan.minutes == 90
    assert all(step.notes for step in plan.steps)
    assert {step.show.kind for step in plan.steps} == {
        "summary",
        "quiz",
        "reflect",
        "break",
        "text",
    }


def test_run_lists_the_packs_plans(runner: CliRunner) -> None:
    result = runner.invoke(app, ["run"])
    assert result.exit_code == 0
    assert result.stdout == (
        "Plans (place run NAME):\n"
        "  intro-90  Place-based leadership: a 90-minute introduction  11 steps, 90 min\n"
    )


NOT_A_SCREEN = (
    "place run shows a plan on a terminal that can draw full screens (not a file, a pipe "
    "or TERM=dumb); to print it, add --export markdown or html"
)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["run", "intro-9"],
            'no plan "intro-9": no such file or plan name; did you mean "intro-90"?',
        ),
        (
            ["run", "intro-90", "--end-time", "25:00"],
            '--end-time takes a time like 16:30, not "25:00"',
        ),
        (
            ["run", "intro-90", "--export", "pdf"],
            "Invalid value for '--export': 'pdf' is not one of 'markdown', 'html'.",
        ),
        (
            ["run", "intro-90"],
            NOT_A_SCREEN,
        ),
    ],
)
def test_run_usage_errors(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"Error: {message}"


# The session's clock.


def small_plan() -> Plan:
    steps = tuple(Step(f"S{n}", m, Show("text", text="t")) for n, m in enumerate((10, 20, 30), 1))
    return Plan("P", steps)


def test_the_session_counts_down_pauses_and_adjusts() -> None:
    run = Run(small_plan(), started=0.0)
    assert run.left(60) == 540
    assert not run.warning(479)
    assert run.warning(480)  # the last 20% of ten minutes
    run.pause(100)
    assert run.left(400) == 500  # paused: the step's clock stands still
    run.pause(400)
    assert run.left(460) == 440
    assert run.behind(460) == 300  # five minutes lost to the pause
    assert drift_text(run.behind(460)) == "5 min behind"
    run.adjust(+1)
    assert run.left(460) == 500
    for _ in range(20):
        run.adjust(-1)
    assert run.minutes[0] == 1.0  # never below a minute
    assert run.left(700) < 0


def test_going_on_early_runs_ahead_and_back_goes_back() -> None:
    run = Run(small_plan(), started=0.0)
    run.go(1, 300)
    assert run.behind(300) == -300
    assert drift_text(run.behind(300)) == "5 min ahead"
    run.go(0, 400)
    assert run.index == 0
    run.go(9, 400)
    assert run.index == 2


def test_end_time_rescales_the_steps_left() -> None:
    run = Run(small_plan(), started=0.0)
    run.go(1, 600)
    run.fit(600, 25 * 60)  # 50 minutes of steps left, 25 minutes to the end
    assert run.minutes == [10.0, 10.0, 15.0]
    assert run.message == "2 steps rescaled from 50 to 25 min (×0.50)"
    assert run.behind(600) == 0
    run.fit(600, 60)
    assert run.message == "too little time left to rescale 2 steps"


# The exports.


def test_markdown_deck_has_one_slide_per_step_with_notes() -> None:
    plan = load_plan(INTRO, PACK)
    deck = markdown_deck(plan, PACK)
    assert deck.startswith('---\ntitle: "Place-based leadership: a 90-minute introduction"\n---\n')
    assert deck.count("\n# ") == 11
    assert deck.count("<!-- end_slide -->") == 10
    assert deck.count("speaker_note: |") == 11
    assert "`place quiz --count 6 --seed 12 --concept place-human-geography --concept" in deck
    assert "--concept cultural-conundrum --teams Red,Blue,Green`" in deck


def test_notes_cannot_close_their_comment_early() -> None:
    plan = Plan("P", (Step("S", 5, Show("text", text="x"), "a --> b\nline two"),))
    assert "<!--\nspeaker_note: |\n  a -- > b\n  line two\n-->" in markdown_deck(plan, PACK)


@pytest.mark.skipif(
    shutil.which("patat") is None, reason="patat is not installed (apt-get install patat)"
)
def test_patat_presents_the_deck_one_slide_per_step(tmp_path: Path) -> None:
    deck = tmp_path / "deck.md"
    deck.write_text(markdown_deck(load_plan(INTRO, PACK), PACK), encoding="utf-8")
    done = subprocess.run(
        ["patat", "--dump", "--force", str(deck)],
        capture_output=True,
        text=True,
        check=False,
        env={"TERM": "xterm-256color", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    assert done.returncode == 0, done.stderr
    text = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout)
    slides = text.split("----------\n")
    assert len(slides) == 11
    for number, (slide, step) in enumerate(
        zip(slides, load_plan(INTRO, PACK).steps, strict=True), 1
    ):
        assert f"# {step.title}" in slide
        assert f"{number} / 11" in slide
        assert "speaker_note" not in slide  # notes are for the speaker, not the slide


def test_html_run_sheet(runner: CliRunner) -> None:
    result = runner.invoke(app, ["run", "intro-90", "--export", "html", "--end-time", "16:30"])
    assert result.exit_code == 0
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<tr><td>") == 11
    assert "<tr><td>1</td><td>15:00</td><td>5 min</td>" in page
    assert "<tr><td>11</td><td>16:25</td><td>5 min</td>" in page
    assert "&quot;towards progress&quot;" in page  # notes escaped
    plan = Plan("<P>", (Step("<S>", 5, Show("text", text="<b>")),))
    assert "&lt;P&gt;" in html_sheet(plan, PACK) and "<b>" not in html_sheet(plan, PACK)


# A real terminal.

pexpect = pytest.importorskip("pexpect")
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pty")
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r")


@pytest.mark.pty
@POSIX
@pytest.mark.parametrize("size", [(24, 80), (20, 50)], ids=["80x24", "50x20"])
def test_pty_run_keys_and_notes_file(tmp_path: Path, size: tuple[int, int]) -> None:
    notes = tmp_path / "notes.txt"
    child = spawn_place("run", "intro-90", "--notes", str(notes), NO_COLOR="1")
    child.setwinsize(*size)
    child.expect("1/11")
    assert notes.read_text().startswith(
        "Step 1 of 11: Welcome, and the article we are reading (5 min)"
    )
    child.send("\x1b[C")
    child.expect("2/11")
    child.expect("ahead")
    deadline = time.monotonic() + 5
    while not notes.read_text().startswith("Step 2 of 11") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert notes.read_text().startswith("Step 2 of 11: Read the article (10 min)")
    child.send("+")
    child.expect("10:5")  # 11 minutes less a few seconds
    child.send("p")
    child.expect("paused")
    child.send("n")
    child.expect("notes")
    child.send("\x1b[D")
    child.expect("1/11")
    child.send("q")
    child.expect(r"Session ended after 0:0\d \(90 min planned\)\.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.pty
@POSIX
def test_pty_run_a_quiz_step_and_come_back(tmp_path: Path) -> None:
    plan = tmp_path / "quiz.yaml"
    plan.write_text(
        "title: T\nsteps:\n  - title: Quiz now\n    minutes: 5\n"
        "    show: {quiz: {count: 2, seed: 2, teams: [Red, Blue]}}\n"
        "  - {title: After, minutes: 5}\n"
    )
    child = spawn_place("run", str(plan), NO_COLOR="1")
    child.expect("1/2")
    child.send("\r")
    child.expect("Red: ")
    child.send("q\r")
    child.expect("End the team quiz now")
    child.send("y")
    child.expect("1/2")  # back to the plan
    child.send("\x1b[C")
    child.expect("2/2")
    child.send("\x1b[C")  # past the last step: it asks first
    child.expect("End the session")
    child.send("y")
    child.expect("Session ended")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.pty
@POSIX
def test_pty_run_ctrl_c_exits_130_and_gives_the_terminal_back() -> None:
    child = spawn_place("run", "intro-90", NO_COLOR="1")
    child.expect("1/11")
    time.sleep(0.2)
    child.sendintr()
    child.expect("\x1b\\[\\?1049l")  # the full screen is left
    child.expect(r"Session ended after 0:0\d \(90 min planned\)\.")
    child.expect("Stopped with Ctrl-C.")
    out = child.read()
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in out


def test_ci_installs_patat() -> None:
    assert "apt-get install -y patat" in (ROOT / ".ci" / "run").read_text()


@pytest.mark.pty
@POSIX
@pytest.mark.parametrize(
    ("args", "env"),
    [(["run", "intro-90"], {"TERM": "dumb"}), (["run", "intro-90", "--output-to-file"], {})],
    ids=["dumb-terminal", "stdout-to-a-file"],
)
def test_pty_run_refuses_a_screen_it_cannot_draw(
    tmp_path: Path, args: list[str], env: dict[str, str]
) -> None:
    """At a person's keyboard but with TERM=dumb or output to a file, place run used to
    draw nothing (or draw into the file) and wait for keys: a blank screen."""
    import shlex

    command = shlex.join([sys.executable, "-m", "placecli", *args[:2]])
    if "--output-to-file" in args:
        command += f" > {shlex.quote(str(tmp_path / 'out.txt'))}"
    child = pexpect.spawn(
        "/bin/sh",
        ["-c", command],
        cwd=str(ROOT),
        env={**os.environ, "TERM": "xterm-256color", **env},
        encoding="utf-8",
        timeout=20,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    said = re.sub(r"\x1b\[[0-9;]*m", "", child.before)  # stderr is a terminal: bold
    assert said.split() == f"Error: {NOT_A_SCREEN}".split()


def test_a_step_in_words_counts_one_as_one() -> None:
    from placecli.views.text import quiz_words, show_line

    assert quiz_words(Show("quiz", questions=1)) == "1 question"
    assert quiz_words(Show("quiz")) == "10 questions"
    one = Show("reflect", concepts=(PACK.concepts[0].id,), timer=1)
    assert show_line(one, PACK) == "Reflection: prompts on 1 concept, 1-minute discussion"

"""Every full-screen screen, key by key, at 50x20, 80x24 and 120x40, light and dark.

Each scenario drives a page of the shell with Textual's pilot (tests/screenkit.py) and
compares each screen's text with tests/golden/screens/SCENARIO/SHOT-SIZE.txt; the light
and the dark look must lay out the same text, each on its own background. A screen
fails if the current question, verdict, countdown or step title is not wholly on screen.
After a deliberate change, rewrite the files with
`PLACE_UPDATE_GOLDEN=1 python -m pytest tests/test_screens.py` and read the diff.

Text files rather than pytest-textual-snapshot's SVGs: a diff of text is read in a
review, the sizes are the point, and colours are checked where they matter (the
backgrounds here, the styles' contrast in test_theme.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from placecli.screens.quizpage import QuizPage
from placecli.screens.shell import TEXTUAL_THEMES, Confirm
from placecli.terminal.theme import ThemeName
from placecli.workshop.run import Run as PlanRun

from .screenkit import (
    PACK,
    SIZE_IDS,
    SIZES,
    Maker,
    Run,
    Scenario,
    ShotHost,
    host_page,
    one_of_each_type,
    phones_answer,
    phones_join,
    played,
    prompts_page,
    quiz_page,
    run_page,
    summary_page,
    team_page,
    timer_page,
)

GOLDEN = Path(__file__).parent / "golden" / "screens"


async def summary(run: Run) -> None:
    await run.shot("title", "#where", "#footer")
    await run.press("right")
    await run.shot("concept", "#where")
    await run.press("pagedown")  # the rest of the concept first, at 50x20
    await run.press("3", "enter")
    shot = await run.shot("section-3", "#where")
    assert "local-specificity" in shot.text
    await run.press("question_mark")
    await run.shot("help")
    await run.press("x", "b")
    await run.shot("blank")
    await run.press("space", "left", "home")
    shot = await run.shot("back-home", "#where")
    assert " 1 / 17" in shot.text
    await run.press("right")
    await run.pilot.resize_terminal(120, 40)  # plugged into the projector
    await run.shot("resized", "#where", "#footer")


async def prompts(run: Run) -> None:
    await run.shot("first", "#where")
    await run.press("end")
    await run.shot("last", "#where")


async def timer(run: Run) -> None:
    await run.shot("start", "#where", "#countdown")
    await run.later(61)
    await run.press("p")
    shot = await run.shot("paused", "#countdown")
    assert "paused · 13:59 left" in shot.text
    await run.press("p", "plus")
    await run.later(15 * 60)
    shot = await run.shot("time", "#countdown")
    assert "Time." in shot.text and run.clock.rung == 1
    await run.press("right")
    await run.shot("second", "#where", "#countdown")
    await run.press("enter")
    assert run.app.return_value == 2


def answer_for(asked: Any) -> str:
    """Wrong for single and true-false, partly wrong for order, right for the rest."""
    key_of = {option: key for key, option in asked.choices()}
    right = "".join(key_of[text] for text in asked.question.answer if text in key_of)
    kind = asked.kind.name
    if kind == "order":
        return right[1] + right[0] + right[2:]
    if kind == "single":
        return str(next(key for key in key_of.values() if key not in right))
    if kind == "true-false":
        return "f" if "True" in asked.question.answer else "t"
    return right


async def quiz(run: Run) -> None:
    page = run.app.screen
    assert isinstance(page, QuizPage)
    for asked in one_of_each_type():
        kind = asked.kind.name
        await run.shot(f"ask-{kind}", "#where", "#answer")
        await run.press("z", "z", "enter")
        shot = await run.shot(f"unreadable-{kind}", "#hint", "#answer")
        assert "Sorry" in shot.text
        for key in answer_for(asked):
            await run.press(key)
        await run.press("enter")
        shot = await run.shot(f"reveal-{kind}", "#where")
        assert any(v in shot.text for v in ("✓ Right.", "✗ Not this time."))
        if kind in ("order", "match"):
            assert "You answered" not in shot.text
        for _ in range(8):
            if page.outcome is None:
                break
            await run.press("enter")
    await run.shot("score", "#where")
    for _ in range(5):  # the rest of the score first, on a small screen
        await run.press("enter")
        if run.app.return_value is not None:
            break
    assert run.app.return_value is page.quiz


async def team(run: Run) -> None:
    await run.shot("countdown", "#where", "#hint")
    await run.press("2")
    await run.later(4)
    await run.press("1")
    await run.shot("called", "#hint")
    await run.press("enter")
    await run.shot("answer-red", "#hint", "#answer")
    await run.press("z", "enter")
    await run.shot("sorry", "#hint", "#answer")
    for typed in ("t", "f", ""):
        for key in typed:
            await run.press(key)
        await run.press("enter")
    await run.shot("reveal", "#where")
    await run.press("q")
    assert isinstance(run.app.screen, Confirm)
    await run.shot("quit-asks")
    await run.press("n")
    page = run.app.screen
    await run.until(lambda: page.stage == "board", "right")  # type: ignore[attr-defined]
    await run.shot("board", "#where")
    await run.until(lambda: page.stage == "countdown", "right")  # type: ignore[attr-defined]
    await run.later(31)  # the countdown runs out: the bell, then the answers
    assert run.clock.rung == 1
    for _ in range(3):
        await run.press("enter")
    await run.until(lambda: page.stage == "end", "right")  # type: ignore[attr-defined]
    shot = await run.shot("podium", "#where")
    assert "Final standings" in shot.text
    await run.press("q")  # finished: no question
    assert run.app.return_value is not None


async def plan(run: Run) -> None:
    page = run.app.screen
    session = page.session  # type: ignore[attr-defined]
    assert isinstance(session, PlanRun)
    await run.press("n")
    await run.shot("step-1-notes", "#where", "#notes")
    await run.until(lambda: session.index == 8, "right", 80)  # the 12-minute discussion
    shot = await run.shot("step-9", "#where", "#countdown", "#hint")
    assert "12:00" not in shot.text or "Enter starts the 12-minute" in shot.text
    assert "12 min" in shot.text and "25 min" not in shot.text
    await run.press("enter")
    await run.later(75)
    shot = await run.shot("step-9-running", "#where", "#countdown")
    await run.until(lambda: session.index == 9, "right")
    await run.press("enter")
    assert isinstance(run.app.screen, QuizPage)
    await run.press("q", "enter")  # the quiz ends: back to the plan
    assert run.app.screen is page
    await run.until(lambda: session.index == 10, "right")
    await run.shot("last", "#where")
    await run.until(lambda: isinstance(run.app.screen, Confirm), "right")
    await run.shot("last-asks")
    await run.press("n")
    assert run.app.screen is page
    await run.press("q", "y")
    assert run.app.return_value is session


def in_sight(text: str, *wanted: str) -> None:
    """Each of `wanted` (its words, however wrapped) is on screen, above the footer."""
    above = " ".join(" ".join(text.splitlines()[:-1]).split())
    for words in wanted:
        assert " ".join(words.split()) in above, f"{words!r} not in sight:\n{text}"


async def room(run: Run) -> None:
    page = run.app.screen
    assert isinstance(page, ShotHost)
    shot = await run.shot("waiting", "#where", "#footer")
    in_sight(shot.text, "0 phones joined", "n shows the first question.")
    phones_join(page, "d-1a2b3c", "d-4d5e6f", "d-7a8b9c")
    await run.press("n")
    question = page.room.current
    assert question is not None
    shot = await run.shot("asked", "#where", "#footer")
    in_sight(shot.text, "3 phones joined · 0 answered", question.text)
    assert "open 0:30 left" in shot.text.splitlines()[-1]
    await run.later(5)
    phones_answer(page, {"d-1a2b3c": ["A"], "d-4d5e6f": ["A", "B", "C"]})
    await run.later(2)
    shot = await run.shot("countdown", "#footer")
    in_sight(shot.text, "3 phones joined · 2 answered", question.text)
    assert "open 0:23 left" in shot.text.splitlines()[-1]
    await run.press("plus")
    shot = await run.shot("more-time", "#footer")
    assert "open 0:38 left" in shot.text.splitlines()[-1]
    await run.press("space", "r")
    shot = await run.shot("revealed", "#footer")
    in_sight(shot.text, "2 answered", question.text, " A ████████████████████████ 2 ✓")
    in_sight(shot.text, " B ████████████ 1 ✓", " C ████████████ 1", " D 0")
    assert "closed" in shot.text.splitlines()[-1]
    await run.later(40)
    await run.press("k")
    shot = await run.shot("phones", "#footer")
    in_sight(shot.text, "Phones joined: 3", "▶ d-1a2b3c 1 answered · seen 0:42 ago")
    in_sight(shot.text, "d-7a8b9c 0 answered · seen 0:47 ago")
    await run.press("down", "down", "enter")
    shot = await run.shot("kicked", "#footer")
    in_sight(shot.text, "2 phones joined", "Phones joined: 2")
    assert "d-7a8b9c" not in shot.text
    await run.press("q", "y")
    await run.until(lambda: run.app.return_value is not None, "y", 50)
    assert run.app.return_value == "end"


SCENARIOS: dict[str, tuple[Maker, Scenario]] = {
    "summary": (summary_page, summary),
    "prompts": (prompts_page, prompts),
    "timer": (timer_page, timer),
    "quiz": (quiz_page, quiz),
    "team": (team_page, team),
    "plan": (run_page, plan),
    "room": (host_page, room),
}
BACKGROUND = {"light": "#ffffff", "dark": "#000000"}


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_every_screen_as_recorded_and_in_view(name: str, size: tuple[int, int]) -> None:
    make, scenario = SCENARIOS[name]
    light = played(make, scenario, size, "light")
    dark = played(make, scenario, size, "dark")
    assert [s.text for s in light.shots] == [s.text for s in dark.shots]
    for shot in light.shots:
        hidden = [what for what, ok in shot.visible.items() if not ok]
        assert not hidden, f"{shot.name}: {hidden} not wholly on screen"
        path = GOLDEN / name / f"{shot.name}-{size[0]}x{size[1]}.txt"
        if os.environ.get("PLACE_UPDATE_GOLDEN"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(shot.text, encoding="utf-8")
        assert shot.text == path.read_text(encoding="utf-8"), shot.name
    for run in (light, dark):
        assert run.background == BACKGROUND[run.look]


@pytest.mark.parametrize("look", ["plain", "contrast"])
def test_the_other_looks_lay_out_the_same_screens(look: ThemeName) -> None:
    ran = played(summary_page, summary, (80, 24), look)
    for shot in ran.shots:
        assert shot.text == (GOLDEN / "summary" / f"{shot.name}-80x24.txt").read_text()


@pytest.mark.parametrize("look", ["light", "plain"])
def test_the_first_frame_is_the_page_styled_once(look: ThemeName, monkeypatch: Any) -> None:
    """What the first-frame row of benchmarks/bench.py depends on: the shell opens on its
    page (no empty screen drawn before it) in the look's Textual theme from the start, so
    that the CSS is parsed once (a theme set later parses all of it again)."""
    from textual.css.stylesheet import Stylesheet

    reparsed: list[int] = []
    reparse = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        reparsed.append(1)
        reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    stacks: list[list[str]] = []

    async def look_once(run: Run) -> None:
        stacks.append([type(screen).__name__ for screen in run.app.screen_stack])
        assert run.app.theme == TEXTUAL_THEMES[look]

    played(summary_page, look_once, (80, 24), look)
    assert stacks == [["DeckPage"]]
    assert reparsed == []


# place run's clock and keys, on one size.


def small_run(told: list[int], seconds_to_end: Any = None, failing: str | None = None) -> Maker:
    """place run on three short steps; `told` the steps --notes was told of, each told
    with the warning `failing` (a notes file that cannot be written) if given."""
    from placecli.screens.plan import RunDevices, RunPage
    from placecli.workshop.plan import Plan, Show, Step

    steps = tuple(Step(f"S{n}", m, Show("text", text="t")) for n, m in enumerate((10, 20, 30), 1))

    def make(clock: Any) -> Any:
        def tell(step: Step, index: int, total: int) -> str | None:
            told.append(index)
            return failing

        devices = RunDevices(
            clock, seconds_to_end, tell, lambda show: quiz_page(clock), None, clock.bell
        )
        return RunPage(PlanRun(Plan("P", steps), clock()), PACK, devices)

    return make


def test_run_keys_move_pause_adjust_and_tell_each_step() -> None:
    told: list[int] = []

    async def scenario(run: Run) -> None:
        session = run.app.screen.session  # type: ignore[attr-defined]
        await run.later(30)
        await run.press("right")
        assert session.index == 1
        await run.press("plus")
        assert session.minutes[1] == 21.0
        await run.press("p")
        await run.later(60)
        shot = await run.shot("paused", "#where")
        assert "21:00 paused" in shot.text  # a minute more, and the minute since paused
        await run.press("p", "left")
        assert session.index == 0
        await run.press("q")  # not the last step: no question
        assert run.app.return_value is session

    played(small_run(told), scenario, (80, 24), "plain")
    assert told == [0, 1, 0]


def test_a_notes_file_that_cannot_be_written_is_said_in_the_footer() -> None:
    """issue 23, Low 1: the write failure ended the workshop (exit 2); the session goes on
    and the footer says why the notes file is not being written."""
    warning = "notes not written to n.txt: No space left on device"

    async def scenario(run: Run) -> None:
        await run.press("right")
        shot = await run.shot("notes-failed", "#footer")
        assert warning in shot.text
        await run.press("q")

    told: list[int] = []
    played(small_run(told, failing=warning), scenario, (200, 24), "plain")
    assert told == [0, 1]


def test_end_time_rescales_at_each_next_step_and_says_so() -> None:
    async def scenario(run: Run) -> None:
        session = run.app.screen.session  # type: ignore[attr-defined]
        await run.later(600)
        await run.press("right")
        assert session.minutes == [10.0, 10.0, 15.0]
        shot = await run.shot("rescaled")
        assert "2 steps rescaled from 50 to 25 min (×0.50)" in shot.text

    played(small_run([], lambda: 1500.0), scenario, (120, 24), "plain")


def test_the_bell_rings_once_when_a_step_runs_out() -> None:
    async def scenario(run: Run) -> None:
        await run.later(599)
        assert run.clock.rung == 0
        await run.later(2)
        await run.later(60)
        assert run.clock.rung == 1
        shot = await run.shot("over", "#where")
        assert "-1:01" in shot.text  # the overrun, counted on

    played(small_run([]), scenario, (80, 24), "plain")

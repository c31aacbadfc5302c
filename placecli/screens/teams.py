"""The team quiz on one screen: the views and the loop. The console, the line reader,
the key reader and the clock are passed in (`commands.py` chooses them).

A question is shown big; with a countdown, the facilitator presses a team's number as
it calls out (its response time) and Enter ends the countdown early; then each team's
answer is typed on a line named for it; then the reveal (how the room answered, the
right answer and why) and the standings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.text import Text as RichText

from placecli.errors import Interrupted
from placecli.packs.qtypes import Unreadable
from placecli.quiz.engine import Asked, Outcome, is_quit, read_answer
from placecli.quiz.teams import Room, Round, TeamAnswer, distribution, right_keys
from placecli.terminal.keys import KeySource, ReadKey
from placecli.views import layout, render
from placecli.views.render import Text  # pack text shown, never obeyed (safetext.neutral)
from placecli.words import clock

ReadLine = Callable[[str], "str | None"]
TIMED_LINE = re.compile(r"(?P<answer>.*?)\s*@\s*(?P<seconds>\d+(?:\.\d+)?)\s*")
PODIUM = ("🥇", "🥈", "🥉")


class Stopped(Exception):
    """The quiz ends early: `q`, or end of input."""


class Devices(NamedTuple):
    """What the loop talks through."""

    screen: Console
    read_line: ReadLine
    now: Callable[[], float]
    keys: KeySource | None  # None: not a terminal (no countdown screen, no pauses)
    note: Callable[[str], None]


# Views.


def question_big(asked: Asked, total: int, practice: bool) -> RenderableType:
    """The question and its options, large enough to read across a room."""
    q = asked.question
    title = f"Question {asked.number} of {total}" + (" · practice" if practice else "")
    rows: list[RenderableType] = [Text(q.question, style="place.strong"), Text()]
    for key, item in asked.kind.lead(asked):
        rows.append(layout.Hanging([(Text(f"{key}.", style="place.strong"), Text(item))], 1))
    if asked.kind.lead(asked):
        rows.append(Text())
    for key, option in asked.choices():
        rows.append(layout.Hanging([(Text(f" {key} ", style="place.tag"), Text(option))]))
    return Panel(
        Group(*rows),
        title=Text(title, style="place.accent"),
        title_align="left",
        border_style="place.rule",
        padding=(1, 2),
    )


def countdown_line(left: float, teams: Sequence[str], times: dict[str, float]) -> RichText:
    line = Text("⏱ ", style="place.strong") + Text(clock(left), style=clock_style(left))
    for number, team in enumerate(teams, start=1):
        key = str(number % 10)
        mark = f" ✓{clock(times[team])}" if team in times else ""
        line.append(f"  {key} {team}{mark}", style="place.bar.good" if mark else "")
    return line


def clock_style(left: float) -> str:
    return "place.bad" if left <= 5 else ("place.warn" if left <= 10 else "place.strong")


def reveal_view(played: Round, width: int) -> RenderableType:
    """How the room answered, a bar per answer with the teams beside it; then the right
    answer, why, and the feedback on the wrong answers chosen."""
    asked = played.asked
    counts = distribution(played)
    right = right_keys(asked)
    teams = len(played.answers)
    names_width = max(10, width - 28)
    bar_width = max(4, min(12, width - names_width - 12))
    key_width = max(len(key) for key in counts)
    rows: list[RenderableType] = [Text("How the room answered", style="place.accent")]
    for key, names in counts.items():
        filled = round(bar_width * len(names) / teams)
        mark = Text("✓ ", style="place.good") if key in right else Text("  ")
        line = mark + Text(f"{key:<{key_width}} ", style="place.strong")
        line.append("█" * filled, style="place.bar.good" if key in right else "place.warn")
        line.append("░" * (bar_width - filled), style="place.muted")
        line.append(f" {len(names)} ", style="place.strong")
        line.append(", ".join(names))
        rows.append(line)
    silent = [a.team for a in played.answers if not a.outcome.given]
    if silent:
        rows.append(Text(f"   no answer: {', '.join(silent)}", style="place.muted"))
    rows += [Text(), render.answer_block("Answer:", asked, asked.question.answer, "place.good")]
    rows.append(Text(asked.question.explanation))
    rows += feedback_lines(played.answers)
    return Padding(Group(*rows), (1, 0, 0, 1))


def feedback_lines(answers: Sequence[TeamAnswer]) -> list[RichText]:
    """The pack's feedback on each wrong option some team chose, once each."""
    seen: dict[str, str] = {}
    for a in answers:
        for option, words in a.outcome.feedback:
            seen.setdefault(option, words)
    return [
        Text(f"On “{option}”: ", style="place.warn") + Text(words, style="place.warn")
        for option, words in seen.items()
    ]


def points_line(played: Round, room: Room) -> Text:
    if played.practice:
        return Text("Practice question: no points.", style="place.muted")
    gained = [f"{a.team} +{p}" for a, p in zip(played.answers, played.points, strict=True) if p]
    return Text(
        "Points: " + (", ".join(gained) if gained else "none this time"), style="place.strong"
    )


def leaderboard_view(room: Room, width: int, title: str = "Leaderboard") -> RenderableType:
    standings = room.standings()
    top = max((s.score for s in standings), default=0)
    name_width = max(len(s.team) for s in standings)
    bar_width = max(4, min(24, width - name_width - 16))
    rows: list[RenderableType] = [Rule(Text(title, style="place.accent"), style="place.mark")]
    for s in standings:
        filled = round(bar_width * s.score / top) if top else 0
        line = Text(f"{s.place:>2}. ", style="place.strong") + Text(f"{s.team:<{name_width}} ")
        line.append("█" * filled, style="place.mark")
        line.append("░" * (bar_width - filled), style="place.muted")
        line.append(f" {s.score}", style="place.strong")
        rows.append(line)
    return Group(*rows)


def podium_view(room: Room, width: int) -> RenderableType:
    """The final standings, the first three places on a podium."""
    standings = room.standings()
    lines: list[RenderableType] = [
        Rule(Text("Final standings", style="place.accent"), style="place.mark")
    ]
    for s in standings:
        medal = PODIUM[s.place - 1] if s.place <= len(PODIUM) else "  "
        style = "place.good" if s.place == 1 else ("place.strong" if s.place <= 3 else "")
        lines.append(Text(f"{medal} {s.place:>2}. {s.team}  {s.score}", style=style))
    winners = [s.team for s in standings if s.place == 1]
    if standings and standings[0].score > 0:
        lines.append(Text())
        lines.append(Text(f"Well played, {' and '.join(winners)}!", style="place.strong"))
    return Group(*lines)


# The loop.


def run_room(room: Room, asked: Sequence[Asked], devices: Devices, *, leaderboard: bool) -> Room:
    """Play every question until the end, `q` or end of input (the standings so far), or
    Ctrl-C (the standings so far, then Interrupted)."""
    screen = devices.screen
    try:
        for each in asked:
            play_one(room, each, len(asked), devices, leaderboard)
    except Stopped as stop:
        screen.print(str(stop), style="place.muted")
    except KeyboardInterrupt:
        screen.print()
        screen.print(podium_view(room, screen.width))
        raise Interrupted("stopped with Ctrl-C") from None
    screen.print(podium_view(room, screen.width))
    return room


def play_one(room: Room, asked: Asked, total: int, devices: Devices, leaderboard: bool) -> None:
    screen = devices.screen
    practice = len(room.rounds) < room.practice
    if devices.keys is not None:
        screen.clear()
    screen.print(question_big(asked, total, practice))
    times: dict[str, float] = {}
    if room.timer and devices.keys is not None:
        with devices.keys() as read_key:
            times = count_down(room, read_key, screen, devices.now)
    answers = [read_team(team, asked, devices, room.timer, times) for team in room.teams]
    played = room.play(asked, answers)
    if devices.keys is not None:  # the reveal on a screen of its own, for the projector
        screen.clear()
        screen.print(Text(f"Question {asked.number} of {total}", style="place.accent"))
        screen.print(Text(asked.question.question, style="place.strong"))
    screen.print(reveal_view(played, screen.width))
    last = asked.number == total
    if devices.keys is not None and (leaderboard or not last):
        pause(devices, "Enter: the leaderboard" if leaderboard else "Enter: next question")
        screen.clear()
    if leaderboard:
        screen.print(points_line(played, room))
        if not last:  # after the last question, the final standings instead
            title = f"Leaderboard after question {asked.number} of {total}"
            screen.print(leaderboard_view(room, screen.width, title))
            if devices.keys is not None:
                pause(devices, "Enter: next question")


def pause(devices: Devices, what: str) -> None:
    """On a terminal, wait for Enter; `q` (or end of input) stops the quiz."""
    line = devices.read_line(f"{what} · q: stop ")
    if line is None or is_quit(line):
        raise Stopped("Quiz stopped early.")


def count_down(
    room: Room, read_key: ReadKey, screen: Console, now: Callable[[], float]
) -> dict[str, float]:
    """The countdown: a team's number records when it called out; Enter ends it early;
    `q` stops the quiz. Returns each team's response time."""
    from rich.live import Live

    timer = room.timer or 0.0
    start = now()
    times: dict[str, float] = {}
    numbers = {str(n % 10): team for n, team in enumerate(room.teams, start=1)}
    screen.print(
        "Press a team's number when it calls out; Enter ends the countdown.", style="place.muted"
    )
    with Live(
        countdown_line(timer, room.teams, times),
        console=screen,
        auto_refresh=False,
        transient=False,
    ) as live:
        while (left := timer - (now() - start)) > 0 and len(times) < len(room.teams):
            live.update(countdown_line(left, room.teams, times), refresh=True)
            key = read_key(min(0.25, left))
            if key in numbers and numbers[key] not in times:
                times[numbers[key]] = now() - start
            elif key == "enter":
                break
            elif key in ("q", "Q"):
                raise Stopped("Quiz stopped early.")
        live.update(
            countdown_line(max(0.0, timer - (now() - start)), room.teams, times), refresh=True
        )
    if now() - start >= timer:
        screen.bell()
        screen.print("⏰ Time is up.", style="place.warn")
    return times


def read_team(
    team: str, asked: Asked, devices: Devices, timer: float | None, times: dict[str, float]
) -> TeamAnswer:
    """One team's answer from one line: empty for none; on a terminal, a line that
    cannot be read is asked again; from a script it counts as none (with a note). A
    script's line may end in `@SECONDS`, the team's response time."""
    prompt = f"{team}: "
    interactive = devices.keys is not None
    while True:
        line = devices.read_line(prompt)
        if line is None:
            raise Stopped("End of input: the quiz stops here.")
        if is_quit(line):
            raise Stopped("Quiz stopped early.")
        seconds = times.get(team)
        timed = TIMED_LINE.fullmatch(line) if not interactive and timer else None
        if timed:
            line, seconds = timed["answer"], min(float(timed["seconds"]), timer or 0.0)
        if not line.strip():
            return TeamAnswer(team, Outcome(asked, ()), seconds)
        try:
            return TeamAnswer(team, Outcome(asked, read_answer(asked, line)), seconds)
        except Unreadable as unreadable:
            if interactive:
                prompt = f"Sorry, {unreadable.hint}. {team}: "
                continue
            devices.note(
                f"Question {asked.number}, {team}: {line!r} cannot be read "
                f"({unreadable.hint}); scored as no answer."
            )
            return TeamAnswer(team, Outcome(asked, ()), seconds)

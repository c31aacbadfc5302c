"""The team quiz: the views (the projector's page, teampage.py, shows them too) and the
scripted loop. The console and the line reader are passed in (`commands` chooses them).

From a script, each question takes one line per team, in the order of the teams; a line
may end with `@SECONDS`, the team's response time. Then the reveal (how the room
answered, the right answer and why) and the standings.
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
from placecli.views import layout, render
from placecli.views.layout import Hanging
from placecli.views.render import Text  # pack text shown, never obeyed
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
    rows.append(Hanging([(Text("Why:", style="place.strong"), Text(asked.question.explanation))]))
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
    screen.print(question_big(asked, total, practice))
    answers = [read_team(team, asked, devices, room.timer) for team in room.teams]
    played = room.play(asked, answers)
    screen.print(reveal_view(played, screen.width))
    if leaderboard:
        screen.print(points_line(played, room))
        if asked.number != total:  # after the last question, the final standings instead
            title = f"Leaderboard after question {asked.number} of {total}"
            screen.print(leaderboard_view(room, screen.width, title))


def read_team(team: str, asked: Asked, devices: Devices, timer: float | None) -> TeamAnswer:
    """One team's answer from one line: empty for none; a line that cannot be read
    counts as none (with a note). A line may end in `@SECONDS`, the response time."""
    line = devices.read_line(f"{team}: ")
    if line is None:
        raise Stopped("End of input: the quiz stops here.")
    if is_quit(line):
        raise Stopped("Quiz stopped early.")
    seconds = None
    timed = TIMED_LINE.fullmatch(line) if timer else None
    if timed:
        line, seconds = timed["answer"], min(float(timed["seconds"]), timer or 0.0)
    if not line.strip():
        return TeamAnswer(team, Outcome(asked, ()), seconds)
    try:
        return TeamAnswer(team, Outcome(asked, read_answer(asked, line)), seconds)
    except Unreadable as unreadable:
        devices.note(
            f"Question {asked.number}, {team}: {line!r} cannot be read "
            f"({unreadable.hint}); scored as no answer."
        )
        return TeamAnswer(team, Outcome(asked, ()), seconds)

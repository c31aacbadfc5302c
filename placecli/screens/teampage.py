"""The team quiz on the projector: a page of the shell (the scripted quiz is in teams.py).

Each question: shown big; with `--time`, a countdown under it while the facilitator
presses a team's number as it calls out (0 for the tenth) and Enter ends it early; then
each team's answer, typed on a line named for it (empty: no answer; one that cannot be
read is asked again); then the reveal (how the room answered, the right answer and why),
the points and the leaderboard, each a screen of its own; after the last question, the
final standings. `q` asks first while the quiz is unfinished. `result`: the Room.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, Literal

from rich.console import Group, RenderableType
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Static

from placecli.packs.qtypes import Unreadable
from placecli.quiz.engine import Asked, Outcome, is_quit, read_answer
from placecli.quiz.teams import Room, Round, TeamAnswer
from placecli.screens.shell import Clock, KeyRow, Page, themed
from placecli.screens.teams import (
    countdown_line,
    leaderboard_view,
    podium_view,
    points_line,
    reveal_view,
)
from placecli.views.layout import Hanging
from placecli.views.render import Text

Stage = Literal["countdown", "answers", "reveal", "board", "end"]
TICK = 0.25


class TeamPage(Page):
    """The team quiz, question by question, to the final standings."""

    DEFAULT_CSS = """
    TeamPage #hint { height: auto; padding: 0 1; }
    TeamPage #answer { height: 1; border: none; padding: 0 1; margin: 0 1 1 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "enter", show=False),
        *(Binding(str(n), f"called({n})", show=False) for n in range(10)),
    ]
    KEYS: ClassVar[tuple[KeyRow, ...]] = (
        ("1 … 9, 0", "during the countdown: that team has called out"),
        ("Enter", "end the countdown; after a team's answer, the next team"),
        ("→  PgDn  space  Enter", "after the answers: read on, then the next screen"),
    )
    FOOTER_KEYS: ClassVar[tuple[str, str]] = ("Enter next  ? keys  q quit", "Enter ? q")

    def __init__(
        self,
        room: Room,
        asked: Sequence[Asked],
        now: Clock,
        *,
        leaderboard: bool = True,
        bell: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.room = room
        self.asked = asked
        self.now = now
        self.leaderboard = leaderboard
        self.ring = bell
        self.index = 0
        self.stage: Stage = "answers"
        self.started = now()
        self.times: dict[str, float] = {}
        self.answers: list[TeamAnswer] = []
        self.played: Round | None = None

    @property
    def result(self) -> object:
        return self.room

    @property
    def current(self) -> Asked:
        return self.asked[self.index]

    def extra(self) -> ComposeResult:
        yield Static(id="hint")
        yield Input(placeholder="the answer, then Enter (empty: no answer)", id="answer")

    def on_mount(self) -> None:
        super().on_mount()
        self.begin()
        self.set_interval(TICK, self.tick)

    def quit_question(self) -> str | None:
        if self.stage == "end":
            return None
        return "End the team quiz now? The standings so far are shown."

    # What is shown.

    def header(self) -> RenderableType:
        if self.stage == "end":
            return Text("Final standings", style="place.heading")
        q = self.current.question
        title = Hanging([(Text("█", style="place.mark"), Text(q.question, style="place.heading"))])
        if self.stage in ("countdown", "answers"):
            return title
        stem = " ".join(q.question.split())
        return Group(Text(stem, style="place.muted", no_wrap=True, overflow="ellipsis"))

    def body(self) -> RenderableType:
        width = self.app.size.width - 2
        if self.stage == "end":
            return podium_view(self.room, width)
        if self.stage == "reveal" and self.played is not None:
            return reveal_view(self.played, width)
        if self.stage == "board" and self.played is not None:
            title = f"Leaderboard after question {self.current.number} of {len(self.asked)}"
            last = self.index + 1 == len(self.asked)
            board = [] if last else [leaderboard_view(self.room, width, title)]
            return Group(points_line(self.played, self.room), Text(), *board)
        asked = self.current
        rows: list[RenderableType] = []
        lead = asked.kind.lead(asked)
        if lead:
            items = [(Text(f"{key}.", style="place.strong"), Text(item)) for key, item in lead]
            rows += [Hanging(items, 1), Text()]
        choices = asked.choices()
        rows.append(Hanging([(Text(f" {k} ", style="place.tag"), Text(o)) for k, o in choices]))
        return Group(*rows)

    def status(self) -> str:
        if self.stage == "end":
            return f"{len(self.room.rounds)} of {len(self.asked)} questions played"
        practice = " · practice" if self.practising() else ""
        return f"Question {self.current.number} of {len(self.asked)}{practice}"

    def practising(self) -> bool:
        return len(self.room.rounds) - (self.played is not None) < self.room.practice

    def hint(self, words: RenderableType) -> None:
        self.query_one("#hint", Static).update(themed(words))

    # The stages of a question.

    def begin(self) -> None:
        """A question: its countdown (with --time), else the first team's answer."""
        self.times, self.answers, self.played = {}, [], None
        self.started = self.now()
        self.stage = "countdown" if self.room.timer else "answers"
        self.show(top=True)
        self.ask_next_team() if self.stage == "answers" else self.tick()

    def tick(self) -> None:
        if self.stage != "countdown" or not self.room.timer:
            return
        left = self.room.timer - (self.now() - self.started)
        if left <= 0 or len(self.times) == len(self.room.teams):
            if left <= 0:
                (self.ring or self.app.bell)()
            self.stage = "answers"
            self.ask_next_team()
            return
        keys = Text("Press a team's number when it calls out; Enter ends it.", style="place.muted")
        self.hint(Group(countdown_line(left, self.room.teams, self.times), keys))
        self.query_one("#answer", Input).display = False
        self.set_focus(None)

    def ask_next_team(self, sorry: str = "") -> None:
        answer = self.query_one("#answer", Input)
        if len(self.answers) == len(self.room.teams):
            answer.display = False
            self.set_focus(None)  # the keys are the page's again
            self.played = self.room.play(self.current, self.answers)
            self.stage = "reveal"
            self.hint(Text())
            self.show(top=True)
            return
        team = self.room.teams[len(self.answers)]
        how = self.current.how_to_answer
        words = Text(f"{sorry}{team}: ", style="place.warn" if sorry else "place.strong")
        self.hint(Group(words, Text(how, style="place.muted")))
        answer.display = True
        answer.value = ""
        answer.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.stage != "answers":
            return
        team = self.room.teams[len(self.answers)]
        line = event.value
        if is_quit(line):
            self.app.action_quit_page()  # type: ignore[attr-defined]
            return
        asked = self.current
        try:
            given = read_answer(asked, line) if line.strip() else ()
        except Unreadable as unreadable:
            self.ask_next_team(f"Sorry, {unreadable.hint}. ")
            return
        self.answers.append(TeamAnswer(team, Outcome(asked, given), self.times.get(team)))
        self.ask_next_team()

    def action_called(self, number: int) -> None:
        numbers = {str(n % 10): team for n, team in enumerate(self.room.teams, start=1)}
        team = numbers.get(str(number))
        if self.stage == "countdown" and team is not None and team not in self.times:
            self.times[team] = self.now() - self.started
            self.tick()

    def action_enter(self) -> None:
        if self.stage == "countdown":
            self.stage = "answers"
            self.ask_next_team()
        else:
            self.action_next()

    def forward(self) -> None:
        if self.stage == "reveal" and self.leaderboard:
            self.stage = "board"
            self.show(top=True)
        elif self.stage in ("reveal", "board"):
            self.next_question()
        elif self.stage == "end":
            self.leave()

    def next_question(self) -> None:
        if self.index + 1 == len(self.asked):
            self.stage = "end"
            self.show(top=True)
            return
        self.index += 1
        self.begin()

"""`place run`: a plan's steps full-screen, a page of the shell.

The header: the step, its title and its countdown. The body (it scrolls): what the step
shows; a reflection's prompts carry the plan's minutes on their tags, and their ids.
A step with a discussion timer has one countdown the room can read, in large digits,
on screen from the moment the step starts (Enter starts it). The notes, when shown
(`n`), scroll in a panel of their own that says when there is more. The footer: the
session's planned and actual clock, how far ahead or behind, and the keys.

Keys: → PgDn space next step (→ on the last step asks before ending), ← PgUp back,
p pause, + / - a minute more or less for this step, n the notes, [ and ] scroll them,
Enter runs the step's quiz (another page; back here when it ends) or starts the
discussion timer; q quits (asking on the last step). The clocks, what a quiz step
runs and what is told of each step (`--notes FILE`) are passed in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, NamedTuple

from rich.console import Group, RenderableType
from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from placecli.packs.model import Pack
from placecli.screens.shell import Clock, Confirm, KeyRow, Page, Scroller, themed
from placecli.screens.timer import BigClock, Countdown
from placecli.views import render
from placecli.views.layout import Hanging
from placecli.views.render import Text  # pack text shown, never obeyed
from placecli.views.text import concept_title, drift_text, quiz_words
from placecli.words import clock
from placecli.workshop.plan import Show, Step, prompts_of
from placecli.workshop.run import Run

TICK = 0.25  # seconds between redraws


class RunDevices(NamedTuple):
    now: Clock  # monotonic seconds
    seconds_to_end: Callable[[], float] | None  # --end-time: seconds from now to it
    on_step: Callable[[Step, int, int], None]  # --notes: the step shown changed
    quiz_page: Callable[[Show], Page]  # a quiz step's Enter opens this page
    notes_file: str | None = None  # named on screen
    bell: Callable[[], None] | None = None


def step_body(step: Step, pack: Pack) -> RenderableType:
    """What the step shows, under its title."""
    show = step.show
    parts: list[RenderableType] = []
    if show.kind == "summary":
        for c in show.concepts:
            parts += [
                Text(concept_title(pack, c), style="place.strong"),
                Hanging([(Text(), Text(pack.concept(c).summary))], 1),
                Text(),
            ]
    elif show.kind == "quiz":
        parts += [
            Text("Quiz: " + quiz_words(show), style="place.strong"),
            Text("Enter starts it.", style="place.mark"),
        ]
    elif show.kind == "reflect":
        minutes = f"{show.timer} min" if show.timer else None
        parts += [render.prompt_body(p, minutes) for p in prompts_of(show, pack)]
    elif show.kind == "break":
        parts += [Text("Break", style="place.accent"), Text(show.text or "")]
    else:
        parts.append(Text(show.text or ""))
    return Group(*parts)


def step_clock_style(session: Run, now: float) -> str:
    left = session.left(now)
    return "place.bad" if left <= 0 else ("place.warn" if session.warning(now) else "place.good")


class RunPage(Page):
    """The plan's steps, from the first; `result`: the session."""

    DEFAULT_CSS = """
    RunPage #hint { height: auto; padding: 0 1; }
    RunPage #notes { height: auto; max-height: 35%; border: round $foreground;
        padding: 0 1; border-title-align: left; border-subtitle-align: right;
        scrollbar-size-vertical: 1; scrollbar-gutter: stable; }
    RunPage #notes-text { height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "enter", show=False),
        Binding("p", "pause", show=False),
        Binding("plus,equals_sign", "minute(1)", show=False),
        Binding("minus,underscore", "minute(-1)", show=False),
        Binding("n", "notes", show=False),
        Binding("right_square_bracket", "notes_scroll(3)", show=False),
        Binding("left_square_bracket", "notes_scroll(-3)", show=False),
    ]
    KEYS: ClassVar[tuple[KeyRow, ...]] = (
        ("→  PgDn  space", "the rest of the step, then the next step"),
        ("←  PgUp", "the step before"),
        ("Enter", "start the step's quiz or its discussion timer"),
        ("p", "pause the step's countdown, or go on"),
        ("+  -", "a minute more or less for this step"),
        ("n", "show or hide your notes (--notes FILE: on a second screen)"),
        ("[  ]", "scroll the notes"),
    )
    FOOTER_KEYS: ClassVar[tuple[str, str]] = ("→ ← step  Enter start  n notes  ? keys", "→ ← n ?")

    def __init__(self, session: Run, pack: Pack, devices: RunDevices) -> None:
        super().__init__()
        self.session = session
        self.pack = pack
        self.devices = devices
        self.notes_shown = False
        self.discussion: Countdown | None = None
        self.rung = -1  # the step whose end the bell has rung for
        self.told = -1  # the step devices.on_step was last told of

    @property
    def result(self) -> object:
        return self.session

    @property
    def total(self) -> int:
        return len(self.session.plan.steps)

    def extra(self) -> ComposeResult:
        yield Static(id="hint")
        yield BigClock(0.3, id="countdown")
        with Scroller(id="notes"):
            yield Static(id="notes-text")

    def on_mount(self) -> None:
        notes = self.query_one("#notes", VerticalScroll)
        notes.display = False
        self.watch(notes, "scroll_y", self.show_notes_more, init=False)
        self.watch(notes, "virtual_size", self.show_notes_more, init=False)
        super().on_mount()
        self.step_changed()
        self.set_interval(TICK, self.tick)

    def quit_question(self) -> str | None:
        if self.session.index == self.total - 1:
            return "End the session?"
        return None

    # What is shown.

    def header(self) -> RenderableType:
        session, now = self.session, self.devices.now()
        grid = Table.grid(expand=True, padding=(0, 1))
        grid.add_column(ratio=1)
        grid.add_column(no_wrap=True, justify="right")
        step = Text(f"{session.index + 1}/{self.total}", style="place.muted")
        title = Hanging([(step, Text(session.step.title, style="place.heading"))])
        status = Text(clock(session.left(now), signed=True), style=step_clock_style(session, now))
        if session.paused_at is not None:
            status.append(" paused", style="place.warn")
        grid.add_row(title, status)
        return grid

    def body(self) -> RenderableType:
        return step_body(self.session.step, self.pack)

    def status(self) -> str:
        session, now = self.session, self.devices.now()
        planned = session.schedule[session.index] + min(session.elapsed(now), session.length())
        words = (  # how far ahead or behind first: a narrow footer cuts the end
            drift_text(session.behind(now))
            + f" · planned {clock(planned)} · actual {clock(now - session.started)}"
        )
        return words + (f" · {session.message}" if session.message else "")

    def show_notes(self) -> None:
        notes = self.query_one("#notes", VerticalScroll)
        notes.display = self.notes_shown
        step = self.session.step
        text = Text(step.notes or "No notes for this step.", style="place.quote")
        self.query_one("#notes-text", Static).update(themed(text))
        where = self.devices.notes_file
        notes.border_title = (
            f"notes · also in {where}" if where else "notes · --notes FILE: a second screen"
        )
        notes.scroll_home(animate=False)
        self.show_notes_more()

    def show_notes_more(self) -> None:
        notes = self.query_one("#notes", VerticalScroll)
        more = notes.scroll_y < notes.max_scroll_y
        notes.border_subtitle = "↓ more: ]" if more else ""

    def tick(self) -> None:
        now = self.devices.now()
        step = self.session.step
        if self.session.left(now) <= 0 and self.rung != self.session.index:
            self.rung = self.session.index
            (self.devices.bell or self.app.bell)()
        self.query_one("#where", Static).update(themed(self.header()))
        self.show_countdown(step, now)
        self.show_footer()

    def show_countdown(self, step: Step, now: float) -> None:
        digits = self.query_one(BigClock)
        hint = self.query_one("#hint", Static)
        timer = step.show.timer if step.show.kind == "reflect" else None
        digits.display = hint.display = timer is not None
        if timer is None:
            return
        if self.discussion is None:
            words = f"Enter starts the {timer}-minute discussion."
            hint.update(themed(Text(words, style="place.mark")))
            digits.set_time(clock(timer * 60), "place.timer")
            return
        left = self.discussion.left(now)
        if left <= 0:
            hint.update(themed(Text("Discussion: time is up.", style="place.warn")))
            digits.set_time("TIME", "place.timer.warn")
            return
        paused = " (paused: p)" if self.discussion.paused_at is not None else ""
        hint.update(themed(Text(f"Discussion{paused}", style="place.strong")))
        warn = self.discussion.warning(now)
        digits.set_time(clock(left), "place.timer.warn" if warn else "place.timer")

    def step_changed(self) -> None:
        if self.told != self.session.index:
            self.told = self.session.index
            self.devices.on_step(self.session.step, self.session.index, self.total)
        self.discussion = None
        self.show(top=True)
        self.show_notes()
        self.tick()

    # What the keys do.

    def go(self, index: int) -> None:
        now = self.devices.now()
        self.session.go(index, now)
        if self.devices.seconds_to_end is not None:
            self.session.fit(now, self.devices.seconds_to_end())
        self.step_changed()

    def forward(self) -> None:
        if self.session.index + 1 < self.total:
            self.go(self.session.index + 1)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.leave()

        self.app.push_screen(Confirm("That was the last step. End the session?"), answered)

    def backward(self) -> None:
        if self.session.index > 0:
            self.session.go(self.session.index - 1, self.devices.now())
            self.step_changed()

    def action_enter(self) -> None:
        show = self.session.step.show
        if show.kind == "quiz":
            self.app.push_screen(self.devices.quiz_page(show), lambda _: self.tick())
        elif show.kind == "reflect" and show.timer and self.discussion is None:
            self.discussion = Countdown(show.timer * 60, self.devices.now())
            self.tick()
        else:
            self.action_next()

    def action_pause(self) -> None:
        now = self.devices.now()
        self.session.pause(now)
        if self.discussion is not None:
            self.discussion.pause(now)
        self.tick()

    def action_minute(self, sign: int) -> None:
        self.session.adjust(sign)
        self.tick()

    def action_notes(self) -> None:
        self.notes_shown = not self.notes_shown
        self.show_notes()

    def action_notes_scroll(self, lines: int) -> None:
        notes = self.query_one("#notes", VerticalScroll)
        notes.scroll_to(y=notes.scroll_y + lines, animate=False)

"""The discussion timer a room can read: the prompt above a countdown in large digits.

`Countdown` is the clock of one discussion (pure: the time is passed in). `BigClock` draws
a time in block characters, as large as its share of the screen allows, in the warning
style in the last 20%; `place run` uses it too. `TimerPage` is the shell's page for
`reflect --timer`: each prompt in turn, where it is from, the prompt with its tag and
id, its follow-ups (they scroll), the digits and a footer that says the same in words.
Keys: → PgDn space Enter next prompt (before or after the time is up), ← the one before,
p pause, + and - a minute more or less, q stop.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.console import Group, RenderableType
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from placecli.packs.model import Prompt
from placecli.reflect.prompts import DEFAULT_MINUTES
from placecli.screens.shell import Clock, KeyRow, Page, themed
from placecli.views import layout, render
from placecli.views.render import Text
from placecli.words import clock
from placecli.workshop.run import paused, running_time

__all__ = ["DEFAULT_MINUTES", "BigClock", "Countdown", "TimerPage"]

WARNING_SHARE = 0.2  # the digits turn to the warning style in the last 20%
TICK = 0.25  # seconds between redraws

# A 3x5 font: each "#" is a block of cells, scaled to the screen.
FONT = {
    "0": ("###", "# #", "# #", "# #", "###"),
    "1": (" # ", "## ", " # ", " # ", "###"),
    "2": ("###", "  #", "###", "#  ", "###"),
    "3": ("###", "  #", "###", "  #", "###"),
    "4": ("# #", "# #", "###", "  #", "  #"),
    "5": ("###", "#  ", "###", "  #", "###"),
    "6": ("###", "#  ", "###", "# #", "###"),
    "7": ("###", "  #", "  #", "  #", "  #"),
    "8": ("###", "# #", "###", "# #", "###"),
    "9": ("###", "# #", "###", "  #", "###"),
    ":": (" ", "#", " ", "#", " "),
    "-": ("   ", "   ", "###", "   ", "   "),
    "T": ("###", " # ", " # ", " # ", " # "),
    "I": ("###", " # ", " # ", " # ", "###"),
    "M": ("#   #", "## ##", "# # #", "#   #", "#   #"),
    "E": ("###", "#  ", "###", "#  ", "###"),
}


def minutes_label(seconds: float) -> str:
    """How a duration reads on a prompt's tag: `15 min`, `90 s`, `1:30`."""
    if seconds % 60 == 0:
        return f"{int(seconds // 60)} min"
    whole = int(seconds)
    return f"{whole} s" if whole < 60 else f"{whole // 60}:{whole % 60:02d}"


def big(text: str, scale: int) -> list[str]:
    """The text in block characters, 5 x `scale` rows high, each pixel 2 x `scale` wide."""
    rows = []
    for row in range(5):
        cells = " ".join(FONT[ch][row] for ch in text)
        line = "".join(("█" if c == "#" else " ") * 2 * scale for c in cells)
        rows += [line.rstrip()] * scale
    return rows


def big_width(text: str, scale: int) -> int:
    cells = sum(len(FONT[ch][0]) for ch in text) + len(text) - 1
    return cells * 2 * scale


def fit_scale(text: str, width: int, height: int) -> int:
    """The largest scale at which the text fits (at least 1)."""
    scale = 1
    while scale < 4 and big_width(text, scale + 1) <= width - 2 and 5 * (scale + 1) <= height:
        scale += 1
    return scale


@dataclass
class Countdown:
    """One discussion's time: `left(now)` counts down from `total`, pauses left out."""

    total: float
    started: float
    paused_at: float | None = None
    paused_for: float = 0.0

    def left(self, now: float) -> float:
        return self.total - running_time(self.started, self.paused_at, self.paused_for, now)

    def pause(self, now: float) -> None:
        """Pause, or go on after a pause."""
        self.paused_at, self.paused_for = paused(self.paused_at, self.paused_for, now)

    def add(self, seconds: float) -> None:
        """A minute more (or less: what is left may then be up)."""
        self.total += seconds

    def warning(self, now: float) -> bool:
        return self.left(now) <= self.total * WARNING_SHARE


class BigClock(Static):
    """A time (or TIME) in large digits, centred, scaled to `share` of the screen's height."""

    DEFAULT_CSS = "BigClock { height: auto; width: 100%; }"

    def __init__(self, share: float = 0.5, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.share = share
        self.shown = ("", "place.timer")

    def set_time(self, shown: str, style: str) -> None:
        self.shown = (shown, style)
        self.draw()

    def on_resize(self) -> None:
        self.draw()

    def draw(self) -> None:
        shown, style = self.shown
        if not shown:
            self.update(themed(Text()))
            return
        width, height = self.app.size
        scale = fit_scale(shown, width, max(5, int(height * self.share)))
        margin = " " * max(0, (width - big_width(shown, scale)) // 2)
        rows = [Text(margin + row, style=style) for row in big(shown, scale)]
        self.update(themed(Text(), *rows))


class TimerPage(Page):
    """`reflect --timer`: a countdown after each prompt in turn. `result`: how many
    prompts were reached."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,n", "next_prompt", show=False),
        Binding("p", "pause", show=False),
        Binding("plus,equals_sign", "minute(1)", show=False),
        Binding("minus,underscore", "minute(-1)", show=False),
    ]
    KEYS: ClassVar[tuple[KeyRow, ...]] = (
        ("→  PgDn  space  Enter", "the next prompt, before or after the time is up"),
        ("←  PgUp", "the prompt before"),
        ("p", "pause the countdown, or go on"),
        ("+  -", "a minute more or less"),
    )
    FOOTER_KEYS: ClassVar[tuple[str, str]] = ("→ next  p pause  + - minute  q stop", "→ p + - q")

    def __init__(
        self,
        prompts: Sequence[tuple[Prompt, str, float]],
        now: Clock,
        bell: Callable[[], None] | None = None,
    ) -> None:
        """`prompts`: (the prompt, its concept's title, its seconds) each."""
        super().__init__()
        self.prompts = prompts
        self.now = now
        self.ring = bell
        self.at = 0
        self.reached = 1
        self.clock = Countdown(prompts[0][2], now())
        self.rung = False

    def extra(self) -> ComposeResult:
        yield BigClock(0.45, id="countdown")

    @property
    def result(self) -> object:
        return self.reached

    def on_mount(self) -> None:
        super().on_mount()
        self.tick()
        self.set_interval(TICK, self.tick)

    def label(self) -> str:
        prompt, _, seconds = self.prompts[self.at]
        label = minutes_label(seconds)
        if prompt.minutes and prompt.minutes * 60 != seconds:
            label += f" (suggested {prompt.minutes})"
        return label

    def header(self) -> RenderableType:
        prompt, concept, _ = self.prompts[self.at]
        return Group(
            Text(f" {concept}", style="place.muted"),
            layout.Hanging(
                [(Text("█", style="place.mark"), Text(prompt.prompt, style="place.heading"))]
            ),
            layout.Hanging([(Text(" "), render.prompt_tag(prompt, self.label()))]),
        )

    def body(self) -> RenderableType:
        prompt = self.prompts[self.at][0]
        rows = [(Text("↳", style="place.mark"), Text(f)) for f in prompt.follow_ups]
        return layout.Hanging(rows, 0)

    def status(self) -> str:
        left = self.clock.left(self.now())
        where = f"prompt {self.at + 1} / {len(self.prompts)}"
        if left <= 0:
            return f"{where} · Time."
        if self.clock.paused_at is not None:  # before the time: a narrow footer cuts its end
            return f"{where} · paused · {clock(left)} left"
        return f"{where} · {clock(left)} left"

    def tick(self) -> None:
        now = self.now()
        left = self.clock.left(now)
        if left <= 0:
            if not self.rung:
                self.rung = True
                (self.ring or self.app.bell)()
            self.query_one(BigClock).set_time("TIME", "place.timer.warn")
        else:
            style = "place.timer.warn" if self.clock.warning(now) else "place.timer"
            self.query_one(BigClock).set_time(clock(left), style)
        self.show_footer()

    def go(self, index: int) -> None:
        self.at = index
        self.reached = max(self.reached, index + 1)
        self.clock = Countdown(self.prompts[index][2], self.now())
        self.rung = False
        self.show(top=True)
        self.tick()

    def forward(self) -> None:
        if self.at + 1 < len(self.prompts):
            self.go(self.at + 1)
        else:
            self.leave()

    def backward(self) -> None:
        if self.at > 0:
            self.go(self.at - 1)

    def action_next_prompt(self) -> None:
        self.forward()

    def action_pause(self) -> None:
        self.clock.pause(self.now())
        self.tick()

    def action_minute(self, sign: int) -> None:
        self.clock.add(60 * sign)
        if self.clock.left(self.now()) > 0:
            self.rung = False
        self.tick()

"""The discussion timer a room can read: the prompt above a countdown in large digits.

`countdown` is the loop: given a clock (`now`), a `read_key` that waits at most a timeout
for a key, and a `draw`, it runs one prompt's time and says how it ended. Space pauses and
resumes, + and - add or remove a minute, Enter or n moves on, q stops. `timer_screen`
lays out one screen: where the prompt is from, the prompt and its follow-ups, the digits
(drawn with block characters, as large as the screen allows; the warning style in the
last 20%), and a status line that says the same in words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import partial
from typing import Literal, NamedTuple

from rich.console import Console, Group
from rich.control import Control
from rich.segment import Segment

from placecli.packs.model import Prompt
from placecli.screens.present import Line, Screenful
from placecli.terminal.keys import ReadKey
from placecli.views import layout
from placecli.views.render import Text
from placecli.words import clock

Ending = Literal["time", "next", "quit"]
WARNING_SHARE = 0.2  # the digits turn to the warning style in the last 20%
DEFAULT_MINUTES = 10  # `--timer auto` for a prompt that suggests no time

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


class Tick(NamedTuple):
    left: float
    total: float
    paused: bool


def countdown(
    seconds: float, now: Callable[[], float], read_key: ReadKey, draw: Callable[[Tick], None]
) -> Ending:
    """Run one prompt's time: "time" when it is up, "next" (Enter, n) or "quit" (q)."""
    left, total, paused = seconds, seconds, False
    last = now()
    while left > 0:
        draw(Tick(left, total, paused))
        until_change = left - (math.ceil(left) - 1)  # when the shown second changes
        key = read_key(None if paused else min(1.0, max(0.05, until_change)))
        moment = now()
        if not paused:
            left -= moment - last
        last = moment
        if key in ("q", "Q", "escape", "eof"):
            return "quit"
        if key in ("enter", "n", "right"):
            return "next"
        if key == "space":
            paused = not paused
        elif key in ("+", "="):
            left, total = left + 60, total + 60
        elif key in ("-", "_"):
            left -= 60
    return "time"


def after_time(read_key: ReadKey, draw: Callable[[], None]) -> Ending:
    """On the "Time" screen: Enter (or space, n, →) moves on, q stops."""
    while True:
        draw()
        key = read_key(None)
        if key in ("q", "Q", "escape", "eof"):
            return "quit"
        if key in ("enter", "space", "n", "right"):
            return "next"


class Where(NamedTuple):
    number: int  # which prompt, from 1
    of: int  # of how many
    concept: str  # the concept's title


def timer_screen(
    console: Console, prompt: Prompt, where: Where, tick: Tick | None, label: str
) -> list[Line]:
    """One screen: the prompt and follow-ups, the digits (or TIME), the status line.
    `tick` None: the time is up. `label` is the timer's duration for the tag."""
    width, height = console.size
    options = console.options.update(width=width, height=None)
    if tick is None:
        shown, style = "TIME", "place.timer.warn"
    else:
        shown = clock(tick.left)
        style = "place.timer.warn" if tick.left <= tick.total * WARNING_SHARE else "place.timer"
    room = max(5, height // 2)
    scale = fit_scale(shown, width, room)
    margin = " " * max(0, (width - big_width(shown, scale)) // 2)
    digits = [Text(margin + row, style=style) for row in big(shown, scale)]
    tag = Text(f" {prompt.audience} · {label} ", style="place.tag")
    head = Group(
        Text(f" {where.concept}", style="place.muted"),
        layout.Hanging(
            [(Text("█", style="place.mark"), Text(prompt.prompt, style="place.heading"))]
        ),
        layout.Hanging([(Text(" "), tag)]),
        layout.Hanging([(Text("↳", style="place.mark"), Text(f)) for f in prompt.follow_ups], 1),
    )
    top = console.render_lines(head, options, pad=True)
    lines = [*top[: max(0, height - len(digits) - 3)], blank(width)]
    lines += [blank(width)] * max(0, height - 2 - len(lines) - len(digits))
    lines += console.render_lines(Group(*digits), options, pad=True)
    lines += [blank(width)] * max(0, height - 1 - len(lines))
    return [*lines[: height - 1], status(console, where, tick)]


def blank(width: int) -> Line:
    return [Segment(" " * width)]


def status(console: Console, where: Where, tick: Tick | None) -> Line:
    width = console.size.width
    left = f" prompt {where.number} / {where.of}"
    if tick is None:
        left += " · Time."
        keys = "Enter next  q stop " if where.number < where.of else "Enter / q finish "
    else:
        left += f" · {clock(tick.left)} left" + (" · paused" if tick.paused else "")
        keys = "space pause  + - minute  q stop "
    if len(left) + len(keys) + 1 > width:
        keys = "Enter  q " if tick is None else "space  +  -  q "
    text = left + " " * (width - len(left) - len(keys)) + keys
    if len(left) + len(keys) + 1 > width:
        text = left.ljust(width)[:width]
    return [Segment(text, console.get_style("place.progress"))]


def show(console: Console, lines: Sequence[Line]) -> None:
    console.control(Control.home())
    console.print(Screenful(lines), end="", crop=False)


def run_timers(
    console: Console,
    prompts: Sequence[tuple[Prompt, str, float]],
    now: Callable[[], float],
    read_key: ReadKey,
) -> int:
    """A timer after each prompt in turn, each (prompt, concept title, seconds); the
    Console must be on the alternate screen. Returns how many prompts were reached."""
    for number, (prompt, concept, seconds) in enumerate(prompts, start=1):
        where = Where(number, len(prompts), concept)
        label = minutes_label(seconds)
        if prompt.minutes and prompt.minutes * 60 != seconds:
            label += f" (suggested {prompt.minutes})"

        def draw(
            tick: Tick | None, prompt: Prompt = prompt, where: Where = where, label: str = label
        ) -> None:
            show(console, timer_screen(console, prompt, where, tick, label))

        ending = countdown(seconds, now, read_key, draw)
        if ending == "time":
            console.bell()
            ending = after_time(read_key, partial(draw, None))
        if ending == "quit":
            return number
    return len(prompts)

"""Where a command starts a full-screen mode: one small function per mode, each given
the Terminal. Present mode's deck, the discussion timers, the quiz on a projector, the
team quiz and `place run` start here, and nowhere else.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from placecli.errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from placecli.packs.model import Pack, Prompt
    from placecli.quiz.engine import Asked
    from placecli.quiz.teams import Room
    from placecli.screens.plan import RunDevices
    from placecli.screens.present import Slide
    from placecli.terminal.context import Terminal
    from placecli.terminal.keys import ReadKey
    from placecli.workshop.run import Run

NEEDS_A_TERMINAL = (
    "--present needs a terminal: standard input and output cannot be a file or a "
    "pipe, TERM cannot be dumb, and on Windows it needs WSL"
)


def check_present(terminal: Terminal) -> None:
    """--present needs a person at a terminal that can draw full screens."""
    if not terminal.full_screen:
        raise UsageError(NEEDS_A_TERMINAL)


@contextlib.contextmanager
def full_screen(terminal: Terminal, screen: Console) -> Iterator[ReadKey]:
    """The alternate screen and single keys while the block runs; the terminal comes back
    however it ends. Ctrl-C is reported here: Typer would end the command silently."""
    from placecli.errors import Interrupted

    try:
        with terminal.keys() as read_key, screen.screen(hide_cursor=True):
            yield read_key
    except KeyboardInterrupt:
        raise Interrupted("stopped with Ctrl-C") from None


def present_deck(terminal: Terminal, slides: Sequence[Slide]) -> None:
    """Present mode: one slide a screen, until q."""
    from placecli.screens.present import run_deck

    screen = terminal.screen()
    with full_screen(terminal, screen) as read_key:
        run_deck(screen, slides, read_key)


def discuss(terminal: Terminal, plan: Sequence[tuple[Prompt, str, float]]) -> int:
    """The discussion timers, one after each (prompt, concept title, seconds) in turn; how
    many prompts were reached."""
    from placecli.screens.timer import run_timers

    screen = terminal.screen()
    with full_screen(terminal, screen) as read_key:
        reached = run_timers(screen, plan, terminal.monotonic, read_key)
    screen.print(f"Discussed {reached} of {len(plan)} prompts.", style="place.muted")
    return reached


def quiz_on_a_projector(
    screen: Console,
    heading: str,
    ask: Callable[..., object],
    report: Callable[[], RenderableType],
) -> None:
    """`quiz --present`: each question on a clean screen of its own, the seed on top; the
    report stays on the screen the room comes back to, however the quiz ends."""

    def fresh() -> None:
        screen.clear()
        screen.print(heading, style="place.muted", soft_wrap=True)

    try:
        with screen.screen():
            ask(fresh=fresh)
    finally:
        screen.print(report())


def team_quiz(
    terminal: Terminal, screen: Console, room: Room, asked: Sequence[Asked], leaderboard: bool
) -> None:
    """The team quiz on one screen, with countdown keys where single keys can be read."""
    from placecli.screens.teams import Devices, run_room

    keys = terminal.keys if terminal.single_keys else None
    from placecli.commands.presenter import note_on

    read_line = terminal.lines(screen)
    devices = Devices(screen, read_line, terminal.monotonic, keys, note_on(terminal))
    run_room(room, asked, devices, leaderboard=leaderboard)


def run_plan(terminal: Terminal, run: Run, pack: Pack, devices: RunDevices) -> None:
    """`place run`: the plan's steps full-screen, until q."""
    from placecli.screens.plan import run_plan as run_steps

    run_steps(run, pack, devices)

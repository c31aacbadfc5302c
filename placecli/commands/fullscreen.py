"""Where a command starts a full-screen mode: one small function per mode, each given
the Terminal. Present mode's deck, the discussion timers, the quiz on a projector, the
team quiz, `place run` and `place room`'s host screen start here, and nowhere else.

Each mode is a page of the one Textual shell (`placecli.screens.shell`), which reads the
keys itself, on POSIX and on Windows; the Terminal gives it the theme and the clock, and
says whether the terminal can draw a full screen at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from placecli.errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from placecli.packs.model import Pack, Prompt
    from placecli.quiz.engine import Asked, Outcome, Quiz
    from placecli.quiz.teams import Room
    from placecli.screens.plan import RunDevices
    from placecli.screens.present import Slide
    from placecli.screens.roomhost import HostPage
    from placecli.screens.shell import Page
    from placecli.terminal.context import Terminal
    from placecli.workshop.run import Run

NEEDS_A_TERMINAL = (
    "--present needs a terminal: standard input and output cannot be a file or a "
    "pipe, and TERM cannot be dumb"
)


def check_present(terminal: Terminal) -> None:
    """--present needs a person at a terminal that can draw full screens."""
    if not terminal.full_screen:
        raise UsageError(NEEDS_A_TERMINAL)


def full_screen(terminal: Terminal, page: Page) -> object:
    """The page in the full-screen shell, in the terminal's theme, until it ends; its
    result. The terminal comes back however it ends; Ctrl-C is reported here (Typer would
    end the command silently), and SIGTERM or SIGHUP likewise, with 143 or 129."""
    from placecli.errors import Interrupted, Stop
    from placecli.screens.shell import run_shell

    try:
        return run_shell(page, terminal.settings.theme, terminal.full_screen_size())
    except Stop as stop:
        raise Interrupted(f"stopped {stop.how}", stop.exit_code) from None
    except KeyboardInterrupt:
        raise Interrupted("stopped with Ctrl-C") from None


def present_deck(terminal: Terminal, slides: Sequence[Slide]) -> None:
    """Present mode: one slide a screen, until q."""
    from placecli.screens.present import DeckPage

    full_screen(terminal, DeckPage(slides))


def discuss(terminal: Terminal, plan: Sequence[tuple[Prompt, str, float]]) -> int:
    """The discussion timers, one after each (prompt, concept title, seconds) in turn; how
    many prompts were reached."""
    from placecli.screens.timer import TimerPage

    reached = full_screen(terminal, TimerPage(plan, terminal.monotonic))
    count = reached if isinstance(reached, int) else 0
    terminal.screen().print(f"Discussed {count} of {len(plan)} prompts.", style="place.muted")
    return count


def quiz_on_a_projector(
    terminal: Terminal,
    screen: Console,
    game: Quiz,
    pack: Pack,
    seed: int,
    record: Callable[[Outcome, float], None] | None,
) -> None:
    """`quiz --present`: each question and its reveal on the full screen; the report stays
    on the screen the room comes back to, however the quiz ends."""
    from placecli.screens.quizpage import QuizPage
    from placecli.views.render import result_view

    try:
        full_screen(terminal, QuizPage(game, pack, seed, terminal.monotonic, record))
    finally:
        screen.print(result_view(game, pack))


def team_quiz(
    terminal: Terminal, screen: Console, room: Room, asked: Sequence[Asked], leaderboard: bool
) -> None:
    """The team quiz: full screen where the terminal can draw one (the podium stays on the
    screen after it); else a line at a time, from a script's lines."""
    if terminal.full_screen:
        from placecli.screens.teampage import TeamPage
        from placecli.screens.teams import podium_view

        try:
            full_screen(
                terminal, TeamPage(room, asked, terminal.monotonic, leaderboard=leaderboard)
            )
        finally:
            screen.print(podium_view(room, screen.width))
        return
    from placecli.commands.presenter import note_on
    from placecli.screens.teams import Devices, run_room

    devices = Devices(screen, terminal.lines(screen), note_on(terminal))
    run_room(room, asked, devices, leaderboard=leaderboard)


def run_plan(terminal: Terminal, run: Run, pack: Pack, devices: RunDevices) -> None:
    """`place run`: the plan's steps full-screen, until q; how long it ran stays on the
    screen however it ends."""
    from placecli.screens.plan import RunPage
    from placecli.words import clock

    try:
        full_screen(terminal, RunPage(run, pack, devices))
    finally:
        terminal.screen().print(
            f"Session ended after {clock(terminal.monotonic() - run.started)} "
            f"({run.plan.minutes} min planned).",
            style="place.strong",
        )


def host_room(terminal: Terminal, page: HostPage) -> str:
    """`place room`'s host screen, the room's server in the shell's loop, until the
    session ends; how it ended. Ctrl-C ends it as SIGINT does (its log kept, exit 130)."""
    from placecli.screens.shell import run_shell

    try:
        size = terminal.full_screen_size()
        return str(run_shell(page, terminal.settings.theme, size) or "end")
    except KeyboardInterrupt:
        return "SIGINT"

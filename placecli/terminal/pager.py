"""Long output through a pager, the way git and gh do it.

On a terminal, output taller than the screen goes through `$PLACE_PAGER`, else `$PAGER`,
else `less -FRX` (colours kept, short output not paged, the screen not cleared on exit).
An empty `PLACE_PAGER` (or `PAGER`, or `cat`) turns paging off, as does `--no-pager`.
The command is read with the other settings (`context.pager_of`); the presenter (and,
for the help, the app's group) decides whether to page and imports this module only then.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from placecli.terminal.context import Terminal

# What the shell says when the pager's command is not there (127), cannot be run (126),
# or cannot even be read (2, a syntax error): the text is printed instead.
NOT_STARTED = frozenset({2, 126, 127})


def page(text: str, terminal: Terminal, screen: Console) -> None:
    """Text already laid out for `screen` (standard output's console): through the pager
    when it is taller than the screen, else, or if the pager cannot start, written out.
    The caller has decided that this terminal pages (`terminal.pages`)."""
    command = terminal.settings.pager
    environ, out = terminal.settings.environ, terminal.stdout
    if (
        command is None
        or not needs_paging(text, screen.size.height)
        or not run_pager(command, text, screen.encoding, environ, out)
    ):
        terminal.write(text)


def needs_paging(text: str, height: int) -> bool:
    """Whether the text is taller than the screen (leaving a line for the shell's prompt)."""
    return text.count("\n") > max(1, height - 1)


def run_pager(
    command: str, text: str, encoding: str, environ: Mapping[str, str], stdout: IO[str]
) -> bool:
    """Show the text through the pager (started with `environ`, writing where `stdout`
    goes); False if the pager could not be started.

    Like git, `place` ignores Ctrl-C while the pager runs: the pager owns the keyboard
    and decides what Ctrl-C means. Quitting the pager before the end is not an error.
    """
    import signal
    import subprocess

    env = dict(environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    stdout.flush()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        try:
            process = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
        except OSError:
            return False
        assert process.stdin is not None
        try:
            process.stdin.write(text.encode(encoding, errors="replace"))
            process.stdin.close()
        except (BrokenPipeError, OSError):  # the pager was quit before the end
            pass
        code = process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return code not in NOT_STARTED

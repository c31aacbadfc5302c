"""The one error boundary: every way out of a command ends here, with one behaviour.

`guarded` runs a command (Typer's parsing included) and turns what it raises into a short
message on stderr and the exit status from cli.md:

- a PlaceError: its message (every problem, for a pack), exit 1 or 2;
- Ctrl-C anywhere, end of input where a line was needed: "Interrupted.", exit 130;
- a reader that went away (`place summary | head -1`): nothing at all, exit 141;
- anything else is a bug: a short "internal error" line, the traceback saved to a file in
  the cache folder, exit 70; never reported as bad content.

It knows nothing of the commands: it needs only the errors, the output streams and the
user's folders.
"""

import contextlib
import os
import sys
from collections.abc import Callable

from placecli.errors import (
    EXIT_CLOSED_PIPE,
    EXIT_INTERNAL,
    ClosedPipe,
    ContentError,
    Interrupted,
    PlaceError,
)


def guarded(command: Callable[[], int | None]) -> int:
    """Run `command`; return its exit status, or the one for what it raised."""
    from placecli.terminal.output import checked_stdout, prepare_streams, stdout

    try:
        try:
            prepare_streams()
            with checked_stdout():
                result = command()
                stdout().flush()
        except (KeyboardInterrupt, EOFError):
            raise Interrupted("interrupted") from None
    except (ClosedPipe, BrokenPipeError):
        return closed_pipe()
    except PlaceError as error:
        return report(error)
    except Exception:  # a bug: every error a user can cause is a PlaceError
        return internal_error()
    return result or 0


def closed_pipe() -> int:
    """The reader went away: stop quietly. Output still buffered must not fail again at
    exit, so standard output now goes to /dev/null."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_CLOSED_PIPE


def report(error: PlaceError) -> int:
    from placecli.safetext import neutral  # messages quote what people typed and packs hold
    from placecli.terminal.context import console_for, process_settings

    console = console_for(sys.stderr, process_settings())
    if isinstance(error, ContentError):
        for problem in error.problems:  # the first errors.MAX_SHOWN; each one line
            console.print(str(problem), style="place.bad", soft_wrap=True)
            if problem.detail:  # a copy of the line, a caret under the column, a hint
                console.print(neutral(problem.detail), style="place.muted", soft_wrap=True)
        console.print(error.count_line(), style="place.strong")
    elif isinstance(error, Interrupted):
        console.print(error.message[:1].upper() + error.message[1:] + ".", style="place.muted")
    else:
        console.print(f"Error: {neutral(error.message)}", style="place.bad", soft_wrap=True)
    if error.hint:
        console.print(neutral(error.hint), style="place.muted", soft_wrap=True)
    return error.exit_code


def internal_error() -> int:
    """Save the traceback where the user can find it and say so in one line."""
    import traceback

    details = traceback.format_exc()
    saved = save_crash_report(details)
    where = f"; the details are in {saved}" if saved else ""
    with contextlib.suppress(Exception):
        sys.stderr.write(
            f"place: internal error (a bug in place, not in your pack){where}. Please report it.\n"
        )
        sys.stderr.flush()
    return EXIT_INTERNAL


def save_crash_report(details: str) -> str | None:
    """The traceback in a new file in the cache folder, or None if it cannot be written."""
    import time

    from placecli import __version__
    from placecli.folders import cache_folder
    from placecli.private import private_folder
    from placecli.terminal.context import process_settings

    folder = cache_folder(process_settings().environ)
    if folder is None:
        return None
    name = os.path.join(folder, f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt")
    header = f"place {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n"
    header += f"command line: {' '.join(sys.argv)}\n\n"
    if not private_folder(folder):
        return None
    try:
        with open(name, "x", encoding="utf-8") as report_file:
            report_file.write(header + details)
    except OSError:
        return None
    return name

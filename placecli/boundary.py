"""The one error boundary: every PlaceError, Ctrl-C and closed pipe ends here.

Both front ends (`cli.py`, `fastpath.py`) run their command through `guarded`, which turns
what the core raises into a short message on stderr and the exit status from cli.md.
Nothing else catches broadly.
"""

import contextlib
import os
import sys
from collections.abc import Callable

from .errors import EXIT_INTERRUPTED, ContentError, Interrupted, PlaceError

EXIT_BROKEN_PIPE = 1  # what Click exits with when its reader goes away


def guarded(command: Callable[[], int | None]) -> int:
    """Run `command`; return its exit status, or the one for what it raised."""
    try:
        try:
            result = command()
        except (KeyboardInterrupt, EOFError):
            raise Interrupted("interrupted") from None
        sys.stdout.flush()
    except PlaceError as error:
        return report(error)
    except BrokenPipeError:
        # The reader went away (`place summary | head`): stop quietly with Click's status.
        # Output still buffered must not fail again at exit, so it goes to /dev/null.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    return result or 0


def report(error: PlaceError) -> int:
    from .commands import stderr_console

    console = stderr_console()
    if isinstance(error, ContentError):
        for problem in error.problems:
            console.print(str(problem), style="red", soft_wrap=True)
        n = len(error.problems)
        console.print(f"{n} problem{'s' if n != 1 else ''} found in the pack.", style="bold")
    elif error.exit_code == EXIT_INTERRUPTED:
        console.print(error.message[:1].upper() + error.message[1:] + ".", style="dim")
    else:
        console.print(f"Error: {error.message}", style="bold red", soft_wrap=True)
    return error.exit_code

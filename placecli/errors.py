"""The errors a user can cause. `boundary.py` is the only place that turns them into output."""

from typing import NamedTuple

EXIT_CONTENT = 1
EXIT_OUTPUT = 1  # the output could not be written (a full disk, a closed stream)
EXIT_USAGE = 2
EXIT_INTERNAL = 70  # a bug: EX_SOFTWARE in sysexits.h
EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_CLOSED_PIPE = 141  # 128 + SIGPIPE, as shells report a reader that went away


class PlaceError(Exception):
    """A problem the user can fix; carries the message and the exit status."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(PlaceError):
    """Bad usage: an unknown id, a count below 1, an unwritable journal path.

    `hint` is a second line saying where to look, e.g. `Try 'place quiz --help' for help.`
    """

    exit_code = EXIT_USAGE


class OutputError(PlaceError):
    """The output could not be written: a full disk, a closed or broken stream."""

    exit_code = EXIT_OUTPUT


class ClosedPipe(PlaceError):
    """The reader of standard output went away (`place summary | head -1`): stop quietly.

    Not an OSError, so that Click, which turns a broken pipe into exit 1, lets it pass.
    """

    exit_code = EXIT_CLOSED_PIPE


class Problem(NamedTuple):
    """One thing wrong with a pack, located as precisely as the file allows."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ContentError(PlaceError):
    """A pack that breaks the format: every problem found, reported together."""

    exit_code = EXIT_CONTENT

    def __init__(self, problems: list[Problem], what: str = "the pack") -> None:
        self.what = what  # where the problems are: "the pack", "the plan"
        self.problems = tuple(sorted(problems, key=lambda p: (p.file, p.line or 0)))
        super().__init__("\n".join(str(p) for p in self.problems))


class Interrupted(PlaceError):
    """Ctrl-C: whatever was finished is kept; the exit status is 130 (or 128 + the
    signal that stopped it: 143 for SIGTERM, 129 for SIGHUP)."""

    exit_code = EXIT_INTERRUPTED

    def __init__(self, message: str, exit_code: int = EXIT_INTERRUPTED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class Stop(KeyboardInterrupt):
    """Ctrl-C, or a signal handled like it, while `place` waits for a line.

    `how` completes "stopped ..." ("with Ctrl-C", "by SIGTERM"); `partial` is what was
    typed of the line being read, where the line editor can tell.
    """

    def __init__(
        self, how: str = "with Ctrl-C", exit_code: int = EXIT_INTERRUPTED, partial: str = ""
    ) -> None:
        super().__init__(how)
        self.how = how
        self.exit_code = exit_code
        self.partial = partial


class SaveError(PlaceError):
    """The journal could not be written; what was typed is kept elsewhere. Exit status 1."""

    exit_code = EXIT_OUTPUT

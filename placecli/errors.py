"""The errors a user can cause. `boundary.py` is the only place that turns them into output."""

from typing import NamedTuple

EXIT_CONTENT = 1
EXIT_FAILURE = 1  # something could not be written
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class PlaceError(Exception):
    """A problem the user can fix; carries the message and the exit status."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(PlaceError):
    """Bad usage: an unknown id, a count below 1, an unwritable journal path."""

    exit_code = EXIT_USAGE


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

    def __init__(self, problems: list[Problem]) -> None:
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

    exit_code = EXIT_FAILURE

"""The errors a user can cause. `boundary.py` is the only place that turns them into output."""

from collections.abc import Collection, Iterable
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
    detail: str = ""  # shown under the line: a copy of the line written, a caret, a hint

    def __str__(self) -> str:
        """One line, whatever the file name, path or quoted value holds (safetext.py)."""
        from placecli.safetext import clip, one_line  # not at import: `place --version` needs none

        where = self.file if self.line is None else f"{self.file}:{self.line}"
        line = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return one_line(clip(line, MAX_LINE))


MAX_SHOWN = 100  # problems reported in full; the rest are counted
MAX_LINE = 1000  # characters in one problem's line (values quoted in it are shorter still)
HINT_BUDGET = 100_000  # candidates compared for did-you-mean hints in one load


class Problems:
    """The problems of a load: every one counted, the first MAX_SHOWN by file and line kept.

    It also holds the budget for did-you-mean hints, each of which compares the word with
    every candidate: with a budget, a pack of 20,000 unknown references is checked in
    linear time (the first ones get hints, the rest are reported without).
    """

    def __init__(self) -> None:
        self.count = 0
        self._kept: list[tuple[int, str, int, int, Problem]] = []
        self._hint_budget = HINT_BUDGET
        self.unreadable: list[str] = []  # files that could not be read: root causes

    def append(self, problem: Problem, *, after: bool = False) -> None:
        """Keep a problem; one `after` is listed after all the others (a summary)."""
        self.count += 1
        self._kept.append((int(after), problem.file, problem.line or 0, self.count, problem))
        if len(self._kept) >= 2 * MAX_SHOWN:  # sort now and then: n log MAX_SHOWN in all
            self._kept = sorted(self._kept)[:MAX_SHOWN]

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    def __len__(self) -> int:
        return self.count

    def shown(self) -> tuple[Problem, ...]:
        """The first MAX_SHOWN problems, by file and line."""
        return tuple(kept[-1] for kept in sorted(self._kept)[:MAX_SHOWN])

    def hint(self, word: str, candidates: Collection[str]) -> str:
        """`; did you mean "x"?` while the budget lasts, else the empty string."""
        cost = len(candidates) + 1
        if cost > self._hint_budget:
            return ""
        self._hint_budget -= cost
        from placecli.words import did_you_mean

        return did_you_mean(word, candidates)


class ContentError(PlaceError):
    """A pack that breaks the format: every problem found, reported together.

    `problems` holds the first MAX_SHOWN by file and line; `count` how many there were.
    """

    exit_code = EXIT_CONTENT

    def __init__(self, problems: Problems | Iterable[Problem], what: str = "the pack") -> None:
        self.what = what  # where the problems are: "the pack", "the plan"
        if not isinstance(problems, Problems):
            found, problems = problems, Problems()
            problems.extend(found)
        self.problems = problems.shown()
        self.count = problems.count
        super().__init__("\n".join(str(p) for p in self.problems))

    def count_line(self) -> str:
        """`3 problems found in the pack.`, and how many are shown when not all are."""
        from placecli.words import word_for

        n = self.count
        line = f"{n:,} {word_for(n, 'problem')} found in {self.what}"
        if n > len(self.problems):
            line += f"; the first {len(self.problems)} are shown"
        return line + "."


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

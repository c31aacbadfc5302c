"""`Terminal`: everything a command may use of the process, in one value built once.

The streams and whether each is a terminal, `TERM`, the size, the theme, the line
reader, the clocks and the `PLACE_*` settings are read here, once, when a command
starts (`from_process`), and passed down from the command layer. Nothing below it looks
at `sys.stdin`, `isatty()` or `os.environ` itself, so a test can hand any command or
screen a `Terminal` of its own: scripted lines, a fake clock, a fixed size.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Mapping
from typing import IO, TYPE_CHECKING, Any, NamedTuple, TextIO, cast

from placecli.errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from placecli.terminal.lines import ReadLine
    from placecli.terminal.theme import ThemeName

DEFAULT_PAGER = "less -FRX"
UNSIZED = (80, 24)  # columns, lines of a full screen on a terminal that says it has no size
DUMB = ("dumb", "unknown")  # TERMs that cannot draw: no escape sequences at all


class Settings(NamedTuple):
    """What the environment says, read once: the `PLACE_*` settings and the rest place uses.

    Rich reads `NO_COLOR`, `FORCE_COLOR`, `COLUMNS` and the like from `environ` (the
    consoles are given it), and child processes (the pager) are started with it.
    """

    content: tuple[str, ...] = ()  # PLACE_CONTENT, split on the path separator
    no_cache: bool = False  # PLACE_NO_CACHE
    no_history: bool = False  # PLACE_NO_HISTORY
    now: str = ""  # PLACE_NOW: a fixed clock (ISO 8601), for tests
    pager: str | None = DEFAULT_PAGER  # PLACE_PAGER, else PAGER; None: no pager
    theme: ThemeName = "plain"  # PLACE_THEME, else COLORFGBG's background
    term: str = ""  # TERM
    environ: Mapping[str, str] = {}  # PLACE_DATA, XDG_*: the user's folders (folders.py)


def settings_from(environ: Mapping[str, str]) -> Settings:
    from placecli.terminal.theme import detect

    return Settings(
        content=tuple(p for p in environ.get("PLACE_CONTENT", "").split(os.pathsep) if p),
        no_cache=bool(environ.get("PLACE_NO_CACHE")),
        no_history=bool(environ.get("PLACE_NO_HISTORY")),
        now=environ.get("PLACE_NOW", ""),
        pager=pager_of(environ),
        theme=detect(environ),
        term=environ.get("TERM", ""),
        environ=environ,
    )


def process_settings() -> Settings:
    """This process's settings, for what runs before a command has its Terminal (the
    help's looks, the error boundary's messages)."""
    return settings_from(os.environ)


def pager_of(environ: Mapping[str, str]) -> str | None:
    """$PLACE_PAGER, else $PAGER, else less -FRX; None (no pager) for "" or cat."""
    command = environ.get("PLACE_PAGER", environ.get("PAGER", DEFAULT_PAGER)).strip()
    return None if command in ("", "cat") else command


def clock_of(fixed: str) -> Callable[[], dt.datetime]:
    """The time, aware; `fixed` (PLACE_NOW, UTC if it names no zone) stops it, for tests.
    A PLACE_NOW that cannot be read is a usage error when the time is first asked for."""

    def now() -> dt.datetime:
        if not fixed:
            return dt.datetime.now(dt.timezone.utc)
        try:
            moment = dt.datetime.fromisoformat(fixed.replace("Z", "+00:00"))
        except ValueError:
            raise UsageError(
                f'PLACE_NOW="{fixed}" is not a date and time like 2026-11-29T10:00'
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)

    return now


LineSource = Callable[["Console"], "ReadLine"]  # a line reader that echoes on this console


class Terminal(NamedTuple):
    """The process as a command sees it. Built by `from_process`; tests build their own."""

    stdin: TextIO | None  # None: started with standard input closed
    stdout: TextIO  # data (the boundary's checked stream while a command runs)
    stderr: TextIO  # talk: prompts in json mode, notes, warnings, errors
    stdin_tty: bool
    stdout_tty: bool
    stderr_tty: bool
    settings: Settings
    lines: LineSource  # what a person types, or a script's lines
    size: tuple[int, int] | None = None  # columns, lines; None: ask as it goes (resizes)
    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    now: Callable[[], dt.datetime] = clock_of("")

    @property
    def person(self) -> bool:
        """A person types the input at a terminal (else a script's lines are read)."""
        return self.stdin_tty

    @property
    def dumb(self) -> bool:
        return self.settings.term.strip().lower() in DUMB

    @property
    def full_screen(self) -> bool:
        """A person at a terminal that can draw full screens (Textual reads the keys, on
        POSIX and on Windows)."""
        return self.stdin_tty and self.stdout_tty and not self.dumb

    @property
    def pages(self) -> bool:
        """Long output may go through a pager: a person reads it on a terminal that can draw."""
        return self.stdin_tty and self.stdout_tty and not self.dumb and bool(self.settings.pager)

    @property
    def one_screen(self) -> bool:
        """Standard output and error show on the same terminal (talk and data interleave)."""
        return self.stdout_tty and self.stderr_tty

    def full_screen_size(self) -> tuple[int, int] | None:
        """The size a full screen draws at: None, the terminal's own (and its resizes);
        80x24 when the terminal says it has none (0 by 0: `script` run without a terminal,
        some serial consoles), where Textual and Rich would each guess a different size and
        lay the screen out again and again, one guess after the other."""
        try:
            columns, lines = os.get_terminal_size(self.stdout.fileno())
        except (AttributeError, OSError, ValueError):  # not a terminal: Textual's own guess
            return None
        return None if columns and lines else UNSIZED

    def screen(self) -> Console:
        """The console for what the person reads: standard output."""
        return self.console(self.stdout)

    def talk(self) -> Console:
        """The console for talk: standard error."""
        return self.console(self.stderr)

    def console(self, file: TextIO) -> Console:
        return console_for(file, self.settings, self.size)

    def write(self, text: str) -> None:
        """Data on standard output, as it is."""
        self.stdout.write(text)
        self.stdout.flush()

    def write_json(self, data: Any) -> None:
        from placecli.terminal.output import json_text

        self.write(json_text(data))

    def local_now(self) -> dt.datetime:
        """The local time without a zone, as the journal writes its dates."""
        return self.now().astimezone().replace(tzinfo=None)


def console_for(file: TextIO, settings: Settings, size: tuple[int, int] | None = None) -> Console:
    """A Rich console on `file` in the theme of `settings`; markup, highlighting and emoji
    codes off (what is printed is text, never instructions)."""
    from rich.console import Console

    from placecli.terminal.theme import rich_theme

    width, height = size or (None, None)
    return Console(
        file=file,
        width=width,
        height=height,
        highlight=False,
        emoji=False,
        markup=False,
        theme=rich_theme(settings.theme),
        _environ=settings.environ,
    )


def is_tty(stream: IO[str] | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # no stream, or a closed one
        return False


def from_process() -> Terminal:
    """This process's terminal: its streams and environment, read now."""
    from functools import partial

    from placecli.terminal.output import stdout

    stdin, out, err = sys.stdin, cast(TextIO, stdout()), sys.stderr  # Checked: all TextIO has
    settings = process_settings()
    stdin_tty, stdout_tty = is_tty(stdin), is_tty(out)
    return Terminal(
        stdin=stdin,
        stdout=out,
        stderr=err,
        stdin_tty=stdin_tty,
        stdout_tty=stdout_tty,
        stderr_tty=is_tty(err),
        settings=settings,
        lines=partial(process_lines, stdin=stdin, tty=stdin_tty, edit=stdout_tty),
        now=clock_of(settings.now),
    )


def process_lines(screen: Console, stdin: TextIO | None, tty: bool, edit: bool) -> ReadLine:
    """Lines from standard input (lines.py, imported only when a command reads lines)."""
    from placecli.terminal.lines import line_reader

    return line_reader(screen, stdin, tty=tty, edit=edit)

"""What the interactive commands take from the terminal: line readers and stop signals.

The command layer builds readers from its `Terminal` (context.py), which says which
stream to read and whether a person types there. The loops in `screens/` get a
`read_line` and a way to hold signals off a save, and never see the terminal themselves.
"""

from __future__ import annotations

import contextlib
import re
import signal
from collections.abc import Callable, Iterator, Sequence
from types import FrameType, ModuleType
from typing import IO, TYPE_CHECKING, TextIO

from placecli.errors import Stop

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

ReadLine = Callable[[str], "str | None"]
ANSI_STYLE = re.compile(r"(\x1b\[[0-9;]*m)")


def line_reader(screen: Console, stdin: TextIO | None, *, tty: bool, edit: bool) -> ReadLine:
    """Lines from a person at a terminal (`tty`), or one per line from a script.

    On a terminal, lines are read with the standard library's `readline` where it exists
    (as `input()` uses it), so the arrow keys edit the line: `edit` says standard output
    is a terminal too, as the line editor needs. Each reader starts with an empty
    history (the quiz's and the journal's never mix) that is never written to disk.
    Ctrl-C raises `Stop` carrying what was typed of the line.

    Bytes that are not text in the input's encoding become U+FFFD rather than an error:
    the quiz asks again, and a journal keeps every other word.
    """
    from placecli.views.render import (
        Text,  # what is typed is echoed as text, never as terminal control
    )

    if stdin is None:  # started with standard input closed: nothing to read
        return lambda prompt: None
    reconfigure = getattr(stdin, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")
    if tty:
        return terminal_reader(screen, edit)

    def read(prompt: str) -> str | None:
        line = scripted_line(stdin)
        if not line:
            return None
        answer = line.rstrip("\r\n")
        screen.print(Text(prompt, style="place.strong") + Text(answer))
        return answer

    return read


def scripted_line(stdin: TextIO) -> str:
    """A line of a file or pipe: UTF-8, as place writes its files whatever the locale, else
    the locale's encoding (a file saved in cp1252), never mojibake of a UTF-8 file."""
    raw = getattr(stdin, "buffer", None)
    if raw is None:
        return stdin.readline()
    line: bytes = raw.readline()
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode(stdin.encoding or "utf-8", errors="replace")


def terminal_reader(screen: Console, edit: bool) -> ReadLine:
    # input() edits the line (readline) only when standard output is a terminal too, and
    # otherwise writes its prompt there: with the JSON result going to a file (quiz
    # --format json > result.json), the prompt is shown on the screen's stream instead
    editor = line_editor() if edit else None

    def ask(prompt: str) -> str | None:
        try:
            if not edit:
                screen.print(styled_text(prompt), end="")
                return input()
            return input(editor_prompt(screen, prompt) if editor else styled(screen, prompt))
        except EOFError:
            return None
        except KeyboardInterrupt as interrupt:
            partial = editor.get_line_buffer() if editor else ""
            if isinstance(interrupt, Stop):
                raise Stop(interrupt.how, interrupt.exit_code, partial) from None
            raise Stop(partial=partial) from None

    return ask


def line_editor() -> ModuleType | None:
    """The readline module, with a fresh in-memory history; None where there is none."""
    try:
        import readline
    except ImportError:  # Windows without pyreadline: the console's own editing
        return None
    readline.clear_history()
    return readline


def styled_text(prompt: str) -> Text:
    from placecli.views.render import Text

    return Text(prompt, style="place.strong")


def styled(screen: Console, prompt: str) -> str:
    """The prompt as the screen would print it in bold (with escapes on a terminal)."""
    with screen.capture() as capture:
        screen.print(styled_text(prompt), end="")
    return capture.get()


def editor_prompt(screen: Console, prompt: str) -> str:
    """The styled prompt with its escapes marked (\\001 ... \\002) as taking no columns,
    so that readline keeps the cursor where the text is."""
    return ANSI_STYLE.sub("\x01\\1\x02", styled(screen, prompt))


STOP_SIGNALS = {"SIGTERM": "by SIGTERM", "SIGHUP": "as the terminal was closed (SIGHUP)"}


@contextlib.contextmanager
def signals_stop_like_ctrl_c(*streams: IO[str]) -> Iterator[None]:
    """SIGTERM and SIGHUP stop a session as Ctrl-C does, exiting 128 + the signal's number
    (143 and 129). After SIGHUP the terminal is gone, so `streams` (standard output and
    error) go to the null device."""

    def stop(signum: int, frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        if name == "SIGHUP":
            quiet_output(streams)
        raise Stop(STOP_SIGNALS[name], 128 + signum)

    previous = {}
    for name in STOP_SIGNALS:
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def quiet_output(streams: Sequence[IO[str]]) -> None:
    import os

    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        for stream in streams:
            os.dup2(null, stream.fileno())


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP off until the block is done, then act on the first.

    A save runs inside this, so it is never cut short by a stop that would then lose the
    response being saved.
    """
    caught: list[int] = []

    def note(signum: int, frame: FrameType | None) -> None:
        caught.append(signum)

    numbers = [signal.SIGINT] + [
        n for n in (getattr(signal, name, None) for name in STOP_SIGNALS) if n is not None
    ]
    previous = {number: signal.signal(number, note) for number in numbers}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if caught:
        handler = previous[caught[0]]
        if callable(handler):
            handler(caught[0], None)
        elif caught[0] == signal.SIGINT:
            raise Stop()


def discard_typeahead(stdin: TextIO | None, tty: bool) -> None:
    """Drop what was typed or pasted but not read, so that it does not reach the shell."""
    if stdin is None or not tty:
        return
    with contextlib.suppress(ImportError, OSError, ValueError):
        import termios

        termios.tcflush(stdin.fileno(), termios.TCIFLUSH)


def fd_lines(fd: int) -> Callable[[], str | None]:
    """A reader of whole lines from a file descriptor (`place room`'s host commands, read
    in a thread of their own): each call returns the next line without its end, or None
    at the end of input. It reads with `os.read`, so no Python stream's lock is held by a
    thread still waiting when the program exits. UTF-8, else the locale's encoding."""
    import locale
    import os

    buffered = bytearray()

    def read() -> str | None:
        while b"\n" not in buffered:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            if not chunk:
                if not buffered:
                    return None
                buffered.extend(b"\n")
                break
            buffered.extend(chunk)
        line, _, rest = bytes(buffered).partition(b"\n")
        buffered[:] = rest
        try:
            return line.decode("utf-8").rstrip("\r")
        except UnicodeDecodeError:
            return line.decode(locale.getpreferredencoding(False), "replace").rstrip("\r")

    return read

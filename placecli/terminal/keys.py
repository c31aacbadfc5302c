"""Single keys from the terminal, for present mode, the timer, `place run` and the team
quiz's countdown (POSIX).

`raw_keys` puts the terminal in cbreak mode (keys arrive one at a time, unechoed; Ctrl-C
still interrupts) and always puts it back, on return, on Ctrl-C and on any error. The
reader it gives is a plain function, `read_key(timeout) -> name | None`, so the loops
that use it (present.py, timer.py) are tested with a list of keys instead. Arrow keys
arrive as escape sequences (`ESC [ C`), read here as one key.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

ReadKey = Callable[[float | None], "str | None"]  # a timeout in seconds; None: no key came
KeySource = Callable[[], AbstractContextManager[ReadKey]]  # keys while the block runs

SEQUENCES = {
    "\x1b[A": "up",
    "\x1b[B": "down",
    "\x1b[C": "right",
    "\x1b[D": "left",
    "\x1bOA": "up",
    "\x1bOB": "down",
    "\x1bOC": "right",
    "\x1bOD": "left",
    "\x1b[H": "home",
    "\x1b[F": "end",
    "\x1bOH": "home",
    "\x1bOF": "end",
    "\x1b[1~": "home",
    "\x1b[4~": "end",
    "\x1b[5~": "pageup",
    "\x1b[6~": "pagedown",
}
NAMES = {"\r": "enter", "\n": "enter", " ": "space", "\x7f": "backspace", "\x08": "backspace"}
NAMES |= {"\x1b": "escape", "\x04": "eof", "\t": "tab"}
ESCAPE_WAIT = 0.05  # the rest of an escape sequence arrives at once; a lone ESC does not


def key_name(chars: str) -> str:
    """`right` for the arrow's escape sequence, `enter`, `space`, ... or the character."""
    if chars in SEQUENCES:
        return SEQUENCES[chars]
    if chars in NAMES:
        return NAMES[chars]
    if chars.startswith("\x1b"):
        return "unknown"
    return chars


def sequence_done(data: bytes) -> bool:
    """Whether the bytes after ESC make a whole sequence: CSI `[`... up to a final byte
    from @ to ~, SS3 `O` and one byte, or ESC and any other one byte."""
    if len(data) < 2:
        return False
    if data[1:2] == b"[":
        return len(data) > 2 and 0x40 <= data[-1] <= 0x7E
    if data[1:2] == b"O":
        return len(data) >= 3
    return True


def reader(fd: int, wake: int | None = None) -> ReadKey:
    """Keys from a file descriptor in cbreak mode; `resize` when a byte arrives on `wake`
    (raw_keys writes one there when the terminal changes size)."""

    def read(timeout: float | None) -> str | None:
        ready = waiting(fd, wake, timeout)
        if wake is not None and wake in ready:
            os.read(wake, 64)
            return "resize"
        if fd not in ready:
            return None
        data = os.read(fd, 1)
        if not data:
            return "eof"
        if data == b"\x1b":
            while len(data) < 8 and not sequence_done(data) and waiting(fd, None, ESCAPE_WAIT):
                data += os.read(fd, 1)
        elif data[0] >= 0xC0:  # the first byte of a longer UTF-8 character
            size = 2 if data[0] < 0xE0 else (3 if data[0] < 0xF0 else 4)
            while len(data) < size and waiting(fd, None, ESCAPE_WAIT):
                data += os.read(fd, 1)
        return key_name(data.decode("utf-8", errors="replace"))

    return read


def waiting(fd: int, wake: int | None, timeout: float | None) -> list[int]:
    """The descriptors ready within the timeout (None: as long as it takes)."""
    import select

    ready: list[int] = select.select([fd] if wake is None else [fd, wake], [], [], timeout)[0]
    return ready


@contextlib.contextmanager
def raw_keys(fd: int) -> Iterator[ReadKey]:
    """Read single keys from `fd` (a terminal) while the block runs; the terminal's own
    settings, and the handler of the resize signal, come back however the block ends."""
    import signal
    import termios
    import tty

    saved = termios.tcgetattr(fd)
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)

    def resized(signum: int, frame: object) -> None:
        with contextlib.suppress(OSError):  # a full pipe: a redraw is due anyway
            os.write(wake_write, b"r")

    previous = signal.signal(signal.SIGWINCH, resized)
    try:
        tty.setcbreak(fd)
        yield reader(fd, wake_read)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        signal.signal(signal.SIGWINCH, previous)
        os.close(wake_read)
        os.close(wake_write)

"""Single keys from the terminal, with a time limit: for the screens that count down
(`place run`, the team quiz's countdown). Only `commands.py` uses this module.

The terminal is put in cbreak mode (keys arrive one by one, unechoed; Ctrl-C still
sends SIGINT) while the block runs, and restored after, whatever happens.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

ReadKey = Callable[[float], "str | None"]  # seconds to wait in; a key's name out, or None
KeySource = Callable[[], AbstractContextManager[ReadKey]]  # keys while the block runs

NAMED = {
    "\x1b[C": "right",
    "\x1b[D": "left",
    "\x1b[A": "up",
    "\x1b[B": "down",
    "\x1bOC": "right",
    "\x1bOD": "left",
    "\x1b[5~": "pageup",
    "\x1b[6~": "pagedown",
    "\r": "enter",
    "\n": "enter",
    " ": "space",
    "\x7f": "backspace",
    "\x1b": "escape",
}


def key_name(chunk: str) -> str:
    """`\\x1b[C` -> `right`, `\\r` -> `enter`, `a` -> `a`."""
    return NAMED.get(chunk, chunk)


@contextlib.contextmanager
def key_reader() -> Iterator[ReadKey]:
    """A `read_key(timeout)` for standard input, which must be a terminal (POSIX)."""
    import select
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)

    def read_key(timeout: float) -> str | None:
        ready, _, _ = select.select([fd], [], [], max(0.0, timeout))
        if not ready:
            return None
        chunk = os.read(fd, 1)
        if chunk == b"\x1b":  # an arrow's escape sequence arrives at once; Esc alone does not
            while select.select([fd], [], [], 0.03)[0]:
                chunk += os.read(fd, 1)
                if chunk[-1:].isalpha() or chunk.endswith(b"~"):
                    break
        return key_name(chunk.decode("utf-8", "replace"))

    try:
        tty.setcbreak(fd)
        yield read_key
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)

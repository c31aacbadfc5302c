"""A clock and keys for the screens that count down: the clock moves only while a key
is waited for, by what the script says, so a test of a countdown takes no time."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from placecli.terminal.keys import ReadKey


class ScriptedKeys:
    """`script` is (seconds before the key, key); when it is used up, each wait takes
    its whole timeout and gives `then` (None: no key; "q" to end a screen)."""

    def __init__(self, script: list[tuple[float, str]], then: str | None = None) -> None:
        self.t = 100.0
        self.script = script
        self.then = then

    def now(self) -> float:
        return self.t

    def read_key(self, timeout: float | None) -> str | None:
        if not self.script:
            if self.then is None and timeout is not None:
                self.t += timeout
            return self.then
        after, key = self.script[0]
        if timeout is not None and after > timeout:
            self.script[0] = (after - timeout, key)
            self.t += timeout
            return None
        self.script.pop(0)
        self.t += after
        return key

    @contextlib.contextmanager
    def keys(self) -> Iterator[ReadKey]:
        yield self.read_key

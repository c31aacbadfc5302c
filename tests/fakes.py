"""A Terminal of the test's own: scripted lines, a fake clock, streams in memory.

Any command or screen can then run in-process as it would at a terminal (or from a
script), and the test reads exactly what went to standard output and standard error:

    fake = FakeTerminal(["B", "", "q"])
    quizzing.quiz(QuizRequest(seed=1), fake.terminal)
    assert "Score: 1 of 1" in fake.out
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from typing import Any

from placecli.terminal.context import Terminal, clock_of, settings_from

# A line typed; an exception raised (Ctrl-C); a function called for the line (to send a
# signal as it is read, say); None: end of input.
Line = str | BaseException | Callable[[], "str | None"] | None


class Clock:
    """Monotonic seconds that move only when told: `sleep`, or `step` on every reading."""

    def __init__(self, start: float = 100.0, step: float = 0.0) -> None:
        self.now, self.step = start, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


class FakeTerminal:
    """`terminal` reads `lines` in turn (a person at a terminal unless `person=False`),
    writes into memory (`out`, `err`), and tells the time by `clock` and `now`."""

    def __init__(
        self,
        lines: Sequence[Line] = (),
        *,
        person: bool = True,
        tty: bool = False,
        now: str = "2026-03-04T09:05:00",
        env: dict[str, str] | None = None,
        size: tuple[int, int] = (100, 40),
        clock: Clock | None = None,
    ) -> None:
        self.lines = list(lines)
        self.prompts: list[str] = []  # every prompt a line was asked with
        self.stdout, self.stderr = io.StringIO(), io.StringIO()
        self.clock = clock or Clock()
        # the test's environment (conftest's private PLACE_DATA and cache) and then `env`
        environ = {**os.environ, "TERM": "xterm-256color", "PLACE_THEME": "dark", **(env or {})}
        settings = settings_from(environ)
        self.terminal = Terminal(
            stdin=io.StringIO(),
            stdout=self.stdout,
            stderr=self.stderr,
            stdin_tty=person,
            stdout_tty=tty,  # one screen for both (Rich still writes no escapes to memory)
            stderr_tty=tty,
            settings=settings,
            lines=self.reader,
            size=size,
            monotonic=self.clock,
            sleep=self.clock.sleep,
            now=clock_of(now),
        )

    @property
    def out(self) -> str:
        return self.stdout.getvalue()

    @property
    def err(self) -> str:
        return self.stderr.getvalue()

    def reader(self, screen: Any) -> Any:
        """Lines in turn, each shown after its prompt as a terminal would echo it."""

        def read(prompt: str) -> str | None:
            self.prompts.append(prompt)
            if not self.lines:
                return None
            line = self.lines.pop(0)
            if isinstance(line, BaseException):
                raise line
            if callable(line):
                line = line()
            if line is not None:
                screen.print(prompt + line, markup=False, highlight=False)
            return line

        return read

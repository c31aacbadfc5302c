"""When place pauses Python's cyclic garbage collector: the one home of it.

The collector walks the objects made since its last pass, about every 700 new objects.
Two kinds of work make many objects that are not garbage, so that each pass is wasted:

- Starting. A full screen's imports (Typer, Rich, Textual) and its first page make some
  40,000 objects that live as long as the process; the collector walked them about 100
  times before the first frame, a tenth of the time to it. So `placecli.__main__` pauses
  it as place starts (`starting`), and `started` turns it on again: the full-screen shell
  calls it once its imports are done, just before it draws; for every other command a
  timer calls it a second after the start at the latest, so that no long command (a
  quiz, the room's server) runs on without collection. What the start made is frozen
  first (`gc.freeze`): later passes leave it out.
- Reading a pack and laying out a result (`paused`): what a view makes (a million
  segments for an answer key of 7,000 questions) is freed by its reference counts, and
  each pass walked all of it and the whole pack again, about 40% of the time the largest
  views took. A cycle made meanwhile is collected once the pause ends, as usual.

The collector runs again only when no pause holds it: a pause inside the start, or the
timer ending the start inside a pause, leaves it off until the last one ends. A program
that imports place (tests, say) is never paused by the start; `paused` leaves a collector
that something else turned off as it was.
"""

from __future__ import annotations

import _thread  # built in: `threading` is imported only for the timer, not by --version
import gc
from types import TracebackType

START_AT_MOST = 1.0  # seconds: the start's pause ends by then, whatever the command


class Pauses:
    """The pauses in force (the collector runs when there is none), and whether the
    start's own pause is one of them."""

    def __init__(self) -> None:
        self.lock = _thread.allocate_lock()
        self.holds = 0
        self.starting = False

    def hold(self) -> bool:
        """One more pause; False (nothing held) when something else turned it off."""
        with self.lock:
            if self.holds == 0 and not gc.isenabled():
                return False
            self.holds += 1
            gc.disable()
            return True

    def release(self) -> None:
        with self.lock:
            self.holds -= 1
            if self.holds == 0:
                gc.enable()

    def end_the_start(self) -> bool:
        """True once, if the start's pause was still held: it is now the caller's to release."""
        with self.lock:
            ended, self.starting = self.starting, False
            return ended


PAUSES = Pauses()


def starting() -> None:
    """Pause the collector while place starts (called by `placecli.__main__` alone)."""
    PAUSES.starting = PAUSES.hold()


def started() -> None:
    """The start is over: freeze what it made, and let the collector run again (unless a
    pause still holds it). Called by whatever comes first: the full-screen shell about to
    draw, or the timer of `time_the_start`. Once only; a no-op in a program that imports
    place."""
    if PAUSES.end_the_start():
        gc.freeze()
        PAUSES.release()


def time_the_start() -> None:
    """End the start's pause after `START_AT_MOST` seconds at the latest."""
    if PAUSES.starting:
        import threading

        timer = threading.Timer(START_AT_MOST, started)
        timer.daemon = True  # never keeps a finished command waiting
        timer.start()


class paused:  # used as a function: `with paused():`
    """No cyclic garbage collection inside: see the module's note."""

    def __enter__(self) -> None:
        self.held = PAUSES.hold()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.held:
            PAUSES.release()

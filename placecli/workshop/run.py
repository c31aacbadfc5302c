"""A plan as it is run (`place run`): which step is showing, each step's length, pauses,
and the schedule that says whether the session runs ahead or behind. No clock of its
own: every time is passed in, as seconds from the clock the screen uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from placecli.words import plural
from placecli.workshop.plan import Plan, Step


def rescaled(minutes: Sequence[float], seconds_left: float) -> list[float]:
    """Step lengths (minutes) scaled together to fill `seconds_left`."""
    total = sum(minutes)
    return [m * seconds_left / 60 / total for m in minutes] if total else list(minutes)


@dataclass
class Run:
    """Where a run of a plan (`place run`) is: the step, each step's length, pauses, and
    the schedule that says whether the session runs ahead or behind. Times are seconds
    from the clock passed in."""

    plan: Plan
    started: float
    minutes: list[float] = field(default_factory=list)  # each step's length now
    schedule: list[float] = field(default_factory=list)  # planned start of each step
    index: int = 0
    step_started: float = 0.0
    paused_at: float | None = None
    paused_for: float = 0.0
    message: str = ""

    def __post_init__(self) -> None:
        if not self.minutes:
            self.minutes = [float(s.minutes) for s in self.plan.steps]
        if not self.schedule:
            self.schedule = starts(self.minutes, 0.0)
        self.step_started = self.started

    @property
    def step(self) -> Step:
        return self.plan.steps[self.index]

    def elapsed(self, now: float) -> float:
        """Seconds into the current step, pauses left out."""
        return running_time(self.step_started, self.paused_at, self.paused_for, now)

    def length(self) -> float:
        return self.minutes[self.index] * 60

    def left(self, now: float) -> float:
        """Seconds left in the step (below 0 once it overruns)."""
        return self.length() - self.elapsed(now)

    def warning(self, now: float) -> bool:
        """The last 20% of the step, or past its end."""
        return self.left(now) <= 0.2 * self.length()

    def behind(self, now: float) -> float:
        """Seconds the session runs behind its schedule (below 0: ahead)."""
        planned = self.schedule[self.index] + min(self.elapsed(now), self.length())
        return (now - self.started) - planned

    def go(self, index: int, now: float) -> None:
        self.index = max(0, min(index, len(self.plan.steps) - 1))
        self.step_started, self.paused_at, self.paused_for = now, None, 0.0

    def pause(self, now: float) -> None:
        self.paused_at, self.paused_for = paused(self.paused_at, self.paused_for, now)

    def adjust(self, minutes: int) -> None:
        """A minute more or less for this step (never below one minute)."""
        self.minutes[self.index] = max(1.0, self.minutes[self.index] + minutes)

    def fit(self, now: float, seconds_to_end: float) -> None:
        """Scale this step and the ones after it to end in `seconds_to_end`; the
        schedule from here on becomes the new plan, and `message` says so."""
        rest = self.minutes[self.index :]
        before = sum(rest)
        if seconds_to_end < 60 * len(rest):
            self.message = f"too little time left to rescale {plural(len(rest), 'step')}"
            return
        self.minutes[self.index :] = rescaled(rest, seconds_to_end)
        self.schedule[self.index :] = starts(self.minutes[self.index :], now - self.started)
        self.step_started = now
        after = seconds_to_end / 60
        self.message = (
            f"{plural(len(rest), 'step')} rescaled from {before:.0f} to "
            f"{after:.0f} min (×{after / before:.2f})"
        )


def running_time(started: float, paused_at: float | None, paused_for: float, now: float) -> float:
    """Seconds since `started`, the pauses left out (one may be going on since `paused_at`)."""
    until = paused_at if paused_at is not None else now
    return until - started - paused_for


def paused(paused_at: float | None, paused_for: float, now: float) -> tuple[float | None, float]:
    """A pause starts now, or the one going on ends: the new (paused_at, paused_for)."""
    if paused_at is None:
        return now, paused_for
    return None, paused_for + now - paused_at


def starts(minutes: Sequence[float], first: float) -> list[float]:
    """The start of each step, in seconds, the first at `first`."""
    result, at = [], first
    for m in minutes:
        result.append(at)
        at += m * 60
    return result

"""Words the whole program shares: counts with their nouns, and clock times.

The lowest layer, with `errors.py` and `safetext.py`: it imports nothing of place, so any
module may use it. One home for each: a count is always written by `plural`, and every
clock on every screen is written by `clock` (one rounding rule for all of them).
"""

import math


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`1 question`, `5 questions`, `0 questions`; `many` for an irregular plural
    (`plural(2, "follow-up")` is regular; `plural(3, "child", "children")` is not)."""
    return f"{count} {word_for(count, noun, many)}"


def word_for(count: int, one: str, many: str | None = None) -> str:
    """The word alone for a count: `item` or `items` (`items 1 and 3`), `is` or `are`, or
    for a count written otherwise (`1,204 problems`)."""
    return one if count == 1 else (many or one + "s")


def clock(seconds: float, *, signed: bool = False) -> str:
    """`4:59`, `12:04`, `1:05:09`: a time left or taken, in whole seconds counted up
    (a countdown shows 0:00 only when it is over); `signed`: an overrun shows `-0:30`."""
    negative = signed and seconds < 0
    whole = math.ceil(abs(seconds) - 1e-9) if negative else max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    sign = "-" if negative and whole else ""
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"

"""Words the whole program shares: counts with their nouns, clock times, and numbers as
people type them.

The lowest layer, with `errors.py` and `safetext.py`: it imports nothing of place, so any
module may use it. One home for each: a count is always written by `plural`, every
clock on every screen is written by `clock` (one rounding rule for all of them), and
every number typed (a section, a count of teams, a key) is read by `typed_number`.
"""

import math


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`1 question`, `5 questions`, `0 questions`; `many` for an irregular plural
    (`plural(2, "follow-up")` is regular; `plural(3, "child", "children")` is not)."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"


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


LONGEST_NUMBER = 9  # digits: more is no count, section or key anyone means


def typed_number(text: str) -> int | None:
    """`text` as a whole number if it is one written in decimal digits, else None.

    Not `str.isdigit()`: it accepts `²` (its own key on a French keyboard) and `①`,
    which `int()` refuses. Any script's decimal digits are read (`３`, `٣`), as `int()`
    reads them, and at most LONGEST_NUMBER of them (`int()` refuses thousands).
    """
    if not (text.isdecimal() and len(text) <= LONGEST_NUMBER):
        return None
    return int(text)

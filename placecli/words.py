"""Words the whole program shares: counts with their nouns, clock times, and numbers as
people type them.

The lowest layer, with `errors.py` and `safetext.py`: it imports nothing of place, so any
module may use it. One home for each: a count is always written by `plural`, every
clock on every screen is written by `clock` (one rounding rule for all of them), and
every number typed (a section, a count of teams, a key) is read by `typed_number`, and
every "did you mean" hint by `meant` (the names `closest` or, for a typo in one word of
a name, `closest_by_words` found).
"""

import math
from collections.abc import Iterable, Sequence


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


def closest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates most like `word`, best first (may be empty). A set's candidates are
    read in sorted order, so that ties come out the same on every run."""
    if isinstance(candidates, (set, frozenset)):
        candidates = sorted(candidates)
    lowered = {c.lower(): c for c in candidates}
    wanted = word.lower()
    containing = [c for low, c in lowered.items() if wanted and (wanted in low or low in wanted)]
    import difflib  # only for a mistake

    similar = difflib.get_close_matches(wanted, list(lowered), n=n, cutoff=0.6)
    return list(dict.fromkeys(containing + [lowered[s] for s in similar]))[:n]


def closest_by_words(word: str, names: Iterable[tuple[str, str]], n: int = 3) -> list[str]:
    """The keys whose names come closest to `word`, comparing it with each word of each
    name as well as the whole name (`cultral` is near the "cultural" of
    "cultural-conundrum"); `names` are (key, name) pairs; best first, each key once."""
    import difflib  # only for a mistake
    import re

    wanted = word.lower()
    best: dict[str, float] = {}
    for key, name in names:
        parts = [name.lower(), *re.split(r"[^\w]+", name.lower())]
        score = max(difflib.SequenceMatcher(None, wanted, p).ratio() for p in parts if p)
        if score >= 0.75 and score > best.get(key, 0.0):
            best[key] = score
    return sorted(best, key=lambda k: -best[k])[:n]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`; did you mean "a" or "b"?` or the empty string."""
    return meant(closest(word, candidates))


def meant(near: Sequence[str]) -> str:
    """`; did you mean "a", "b" or "c"?` for the names found, or the empty string."""
    if not near:
        return ""
    quoted = [f'"{c}"' for c in near]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f"; did you mean {listed}?"


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

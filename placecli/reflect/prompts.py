"""Reflection: choosing prompts, journal entries and the countdown.

How an entry reaches the file, safely, is `journal.py`'s job.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from placecli.errors import UsageError
from placecli.packs.model import Pack, Prompt
from placecli.safetext import neutral

DEFAULT_MINUTES = 10  # `--timer auto` for a prompt that suggests no time


def select_prompts(
    pack: Pack,
    concepts: Sequence[str] = (),
    audience: str | None = None,
    rng: random.Random | None = None,
) -> list[Prompt]:
    """Prompts for the concepts (all if none) and audience, in reading order; one if rng."""
    order = {c.id: i for i, c in enumerate(pack.concepts)}
    chosen = [
        p
        for p in pack.prompts
        if (not concepts or p.concept in concepts) and (audience is None or p.audience == audience)
    ]
    if not chosen:
        limits = ([f"for audience {audience}"] if audience else []) + (
            [f"on {', '.join(concepts)}"] if concepts else []
        )
        raise UsageError(" ".join(["the pack has no prompts", *limits]))
    chosen.sort(key=lambda p: order.get(p.concept or "", len(order)))
    return [rng.choice(chosen)] if rng is not None else chosen


def journal_entry(
    prompt: Prompt,
    concept_title: str,
    response: str,
    when: dt.datetime,
    stopped: str | None = None,
) -> str:
    """One Markdown entry: date and concept, the prompt, its id, the response as written.

    The id sits in an HTML comment (invisible when the Markdown is shown) under the
    prompt, so `--resume` can tell which prompts have a response. `stopped` says how an
    unfinished response was cut short ("stopped with Ctrl-C").
    """
    note = f" (unfinished: {stopped})" if stopped else ""
    heading = f"## {when:%Y-%m-%d %H:%M} · {one_line(concept_title)}{note}"
    marker = f"<!-- place: prompt={prompt.id}{' unfinished' if stopped else ''} -->"
    body = response.strip("\n")
    entry = f"{heading}\n\n### {one_line(prompt.prompt)}\n{marker}\n\n{body}\n\n"
    return neutral(entry)  # a journal is read with cat too: nothing in it may drive a terminal


def one_line(text: str) -> str:
    return " ".join(text.split())


ENTRY = re.compile(
    r"^## \d{4}-\d\d-\d\d \d\d:\d\d · (?P<heading>[^\n]*)\n\n"
    r"### (?P<prompt>[^\n]*)\n"
    r"(?:<!-- place: prompt=(?P<id>[a-z0-9-]+)(?P<unfinished> unfinished)? -->\n)?",
    re.MULTILINE,
)


class Answered(NamedTuple):
    """The prompts a journal holds a finished response to: by id, and by prompt text for
    entries written before entries carried their prompt's id."""

    ids: frozenset[str] = frozenset()
    texts: frozenset[str] = frozenset()

    def has(self, prompt: Prompt) -> bool:
        return prompt.id in self.ids or one_line(prompt.prompt) in self.texts


def answered(journal: str) -> Answered:
    """Which prompts have a finished response in a journal's text; unfinished ones do not
    count. Entries are found by the heading and prompt lines `journal_entry` writes."""
    ids: set[str] = set()
    texts: set[str] = set()
    for entry in ENTRY.finditer(journal.replace("\r\n", "\n")):
        if entry["id"]:
            if not entry["unfinished"]:
                ids.add(entry["id"])
        elif "(unfinished:" not in entry["heading"]:
            texts.add(one_line(entry["prompt"]))
    return Answered(frozenset(ids), frozenset(texts))


MIN_TIMER_SECONDS, MAX_TIMER_SECONDS = 5, 24 * 60 * 60
_DURATION_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600}


class BadDuration(UsageError):
    """A duration that cannot be read (`text`), or out of range; `takes` says what would
    do. Worded without the option that gave it: the caller adds that."""

    def __init__(self, text: str, takes: str) -> None:
        self.text, self.takes = text, takes
        super().__init__(self.worded("a duration"))

    def worded(self, name: str) -> str:
        """`--timer takes 5 seconds to 24 hours, not "2s"`, with the caller's name."""
        return f'{name} takes {self.takes}, not "{self.text}"'


def parse_duration(text: str) -> float:
    """Seconds in `15` (minutes), `15m`, `90s`, `1:30` (minutes:seconds), `1h`, `2.5m`.

    BadDuration for anything else, or for less than 5 seconds or more than a day.
    """
    import re

    words = text.strip().lower()
    clock = re.fullmatch(r"(\d{1,4}):([0-5]\d)", words)
    plain = re.fullmatch(r"(\d{1,5}(?:\.\d+)?|\.\d+)\s*([a-z]*)", words)
    seconds: float
    if clock:
        seconds = int(clock[1]) * 60 + int(clock[2])
    elif plain and plain[2] in ("", *_DURATION_UNITS):
        seconds = float(plain[1]) * _DURATION_UNITS.get(plain[2], 60)
    else:
        raise BadDuration(text, "a duration like 15 (minutes), 15m, 90s, 1:30 or 1h")
    if not MIN_TIMER_SECONDS <= seconds <= MAX_TIMER_SECONDS:
        raise BadDuration(text, "5 seconds to 24 hours")
    return seconds


def countdown(
    seconds: float, now: Callable[[], float], sleep: Callable[[float], None], tick: float = 1.0
) -> Iterator[float]:
    """Seconds left, about every `tick`, ending with 0; the clock and sleep are passed in."""
    end = now() + seconds
    while (left := end - now()) > 0:
        yield left
        sleep(min(tick, left))
    yield 0.0

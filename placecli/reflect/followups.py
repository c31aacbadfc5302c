"""Reflection follow-ups: coming back to what was written, after 2, 7 and 30 days.

The schedule lives in the journal itself, in its headings, so a journal copied to another
machine keeps its follow-ups and nothing else has to be kept in step with it:

- an entry (`## 2026-11-29 10:12 · Concept` then `### The prompt`) with a finished
  response is an original, due for follow-ups STEPS days after its date;
- a follow-up is an entry whose heading names the original it follows and the step it
  answers: `## 2026-12-01 09:30 · Follow-up after 2 days to 2026-11-29 10:12 · Concept`,
  with the original's prompt under it, so it reads well on its own.

A step is done when a follow-up of that step or a later one exists; one follow-up answers
every step already past, so a learner who comes back late is asked once. Anything in the
journal that does not read as an entry (edited by hand, say) is passed over: an edited
journal never breaks `place`. Nothing here reads files, prints or looks at the clock.

`calendar()` writes the pending follow-ups as an iCalendar file (RFC 5545).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from placecli.safetext import neutral
from placecli.words import plural

STEPS = (2, 7, 30)  # days after the original entry
QUESTIONS = ("What happened since?", "What will you do next?")
STAMP = "%Y-%m-%d %H:%M"
HEADING = re.compile(
    r"^## (?P<when>\d{4}-\d\d-\d\d \d\d:\d\d) · (?P<title>[^\n]*)\n\n### (?P<prompt>[^\n]*)\n",
    re.MULTILINE,
)
FOLLOW_UP = re.compile(
    r"^Follow-up after (?P<step>\d{1,4}) days? to "
    r"(?P<of>\d{4}-\d\d-\d\d \d\d:\d\d) · (?P<title>.*)$"
)
MARKER = re.compile(r"^<!-- place:[^\n]*-->\n?")


class Original(NamedTuple):
    """A finished response in the journal: when, under which concept, to which prompt."""

    when: dt.datetime
    title: str
    prompt: str
    response: str

    @property
    def key(self) -> tuple[str, str]:
        return (f"{self.when:{STAMP}}", self.prompt)


class FollowUp(NamedTuple):
    """One step of following up an original, due on a day."""

    original: Original
    step: int
    due: dt.date

    @property
    def uid(self) -> str:
        """The same follow-up gets the same id on every export (a calendar updates it)."""
        said = f"{self.original.when:{STAMP}}\x1f{self.original.prompt}\x1f{self.step}"
        return hashlib.sha256(said.encode("utf-8")).hexdigest()[:24] + "@place"


def entries(journal: str) -> Iterator[tuple[dt.datetime, str, str, str]]:
    """(when, title, prompt, body) of every entry that reads as one; others are passed."""
    text = journal.replace("\r\n", "\n")
    found = list(HEADING.finditer(text))
    for number, entry in enumerate(found):
        end = found[number + 1].start() if number + 1 < len(found) else len(text)
        try:
            when = dt.datetime.strptime(entry["when"], STAMP)
        except ValueError:  # a date edited into one that does not exist
            continue
        body = MARKER.sub("", text[entry.end() : end].lstrip("\n"), count=1)
        yield when, entry["title"].strip(), entry["prompt"].strip(), body.strip("\n")


def read_journal(journal: str) -> tuple[list[Original], dict[tuple[str, str], int]]:
    """The originals, oldest first, and the latest step followed up for each (by key)."""
    originals: list[Original] = []
    done: dict[tuple[str, str], int] = {}
    for when, title, prompt, body in entries(journal):
        follow = FOLLOW_UP.match(title)
        if "(unfinished:" in title:
            continue  # stopped before it was finished: neither an original nor a follow-up
        if follow:
            key = (follow["of"], prompt)
            done[key] = max(done.get(key, 0), int(follow["step"]))
        elif body.strip():
            originals.append(Original(when, title, prompt, body))
    originals.sort(key=lambda o: o.when)
    return originals, done


def pending(journal: str, steps: Sequence[int] = STEPS) -> list[FollowUp]:
    """Every follow-up not done yet, soonest first."""
    originals, done = read_journal(journal)
    found = [
        FollowUp(o, step, o.when.date() + dt.timedelta(days=step))
        for o in originals
        for step in steps
        if step > done.get(o.key, 0)
    ]
    return sorted(found, key=lambda f: (f.due, f.original.when))


def due(journal: str, today: dt.date, steps: Sequence[int] = STEPS) -> list[FollowUp]:
    """The follow-ups to ask today, oldest original first: for each original, its latest
    step that has come (the earlier ones it answers too)."""
    latest: dict[tuple[str, str], FollowUp] = {}
    for follow in pending(journal, steps):
        if follow.due <= today:
            latest[follow.original.key] = follow
    return sorted(latest.values(), key=lambda f: f.original.when)


def upcoming(journal: str, today: dt.date, steps: Sequence[int] = STEPS) -> list[FollowUp]:
    return [f for f in pending(journal, steps) if f.due > today]


def follow_up_entry(follow: FollowUp, response: str, when: dt.datetime, stopped: str = "") -> str:
    """The entry a follow-up appends: linked to its original by the heading (the original's
    date and, under it, its prompt). An unfinished one is marked and does not count."""
    original = follow.original
    after = plural(follow.step, "day")
    title = f"Follow-up after {after} to {original.when:{STAMP}} · {original.title}"
    if stopped:
        title = f"{title} (unfinished: {stopped})"  # as the journal marks its own
    questions = " ".join(QUESTIONS)
    heading = f"## {when:{STAMP}} · {title}\n\n### {original.prompt}\n\n"
    return f"{heading}*{questions}*\n\n{response.strip()}\n\n"


# The calendar (RFC 5545).


def escaped(text: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped (3.3.11); no
    control character (3.3.11 allows none but tab), as a visible stand-in instead."""
    text = (
        neutral(text.replace("\r\n", "\n"))
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
    )
    return text.replace("\r\n", "\n").replace("\n", "\\n")


def folded(line: str) -> str:
    """A content line folded so that no line is longer than 75 octets (3.1), never inside
    a UTF-8 character; each continuation starts with one space."""
    parts: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def calendar(follow_ups: Sequence[FollowUp], stamp: dt.datetime, command: str) -> str:
    """One all-day event per follow-up, with a reminder at 9:00 that day; `stamp` is the
    moment of export (DTSTAMP, UTC), `command` what to run on the day."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//place//reflection follow-ups//EN"]
    lines.append("CALSCALE:GREGORIAN")
    utc = stamp.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    for follow in follow_ups:
        original = follow.original
        summary = f"Reflection follow-up: {original.prompt}"
        description = (
            f"On {original.when:{STAMP}} ({original.title}) you wrote:\n{original.response}\n\n"
            f"{' '.join(QUESTIONS)}\nRun: {command}"
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{follow.uid}",
            f"DTSTAMP:{utc}",
            f"DTSTART;VALUE=DATE:{follow.due:%Y%m%d}",
            f"DTEND;VALUE=DATE:{follow.due + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escaped(summary)}",
            f"DESCRIPTION:{escaped(description)}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escaped(summary)}",
            "TRIGGER;RELATED=START:PT9H",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(folded(line) + "\r\n" for line in lines)

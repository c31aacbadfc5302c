"""What the room is made of: a session's setup, its devices, answers and texts, the
records every change becomes, the events the host hears, and how a moment is logged.

Plain data and two pure helpers, shared by the room (`state`), its log and its views.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any, NamedTuple

Record = dict[str, Any]
Event = dict[str, Any]
TEXTS_PER_ACTIVITY = 3  # texts one device may send to one activity
MORE_SECONDS = 15  # what `more` (the key +) adds to the countdown
FATES = {"approve": "approved", "discard": "discarded"}  # a moderation's text's status


class Unknown(Exception):
    """A host command that names nothing there is (a text, a device) or cannot be done now."""


class Setup(NamedTuple):
    """What a session is, fixed at its start (and logged in its first record)."""

    session: str
    kind: str  # quiz or reflect
    token: str  # the join token in the QR code
    code: str  # the short code said aloud, typed on the page
    secret: str  # keys the devices' CSRF tokens and the shuffles
    min_tally: int = 5  # a tally stays hidden below this many answers
    max_devices: int = 300
    seconds: int | None = None  # a countdown for each item
    teams: tuple[str, ...] = ()


@dataclass
class Device:
    id: str
    key: str  # a hash of its cookie: the cookie itself is never kept
    team: str | None = None
    kicked: bool = False
    seen: float = 0.0  # when it was last heard from: joined, chose a team, answered, wrote


class Answer(NamedTuple):
    device: str
    keys: tuple[str, ...]
    given: tuple[str, ...]


@dataclass
class Text:
    id: str
    activity: str
    device: str
    text: str
    status: str = "held"  # approved, discarded


class Change(NamedTuple):
    """What applying a record did: events for the host, and whose view changed."""

    events: list[Event]
    everyone: bool = True
    device: str | None = None


def stamp(now: float) -> str:
    """A moment as logged: UTC, to the millisecond."""
    moment = dt.datetime.fromtimestamp(now, dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def moment(text: str) -> float:
    when = dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)
    return when.timestamp()


def key_of(cookie: str) -> str:
    return hashlib.sha256(cookie.encode()).hexdigest()[:32]

"""Spaced review with FSRS (the `fsrs` package, as in Anki): which questions are due.

Imported only by `place quiz --due`. The review log is the history's answers (a right
answer is "Good", a wrong one "Again", at the moment it was given); the scheduler's state
for each question (an FSRS card) is a cache in the `card` table, brought up to date from
the answers it has not seen, and rebuilt from the whole log whenever it was made by
another scheduler (an upgrade of fsrs, other parameters) or cannot be read.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from importlib.metadata import version
from typing import NamedTuple

from fsrs import Card, Rating, Scheduler

from placecli.learning.history import Review, patiently, question_hash, reviews_after, write
from placecli.packs.model import Pack, Question

# Fuzzing spreads intervals with the `random` module: off, so one log gives one schedule.
SCHEDULER = Scheduler(enable_fuzzing=False)
Key = tuple[str, str]  # (question id, question hash)


def scheduler_key() -> str:
    """What made the cache: a cache made by anything else is rebuilt."""
    return json.dumps({"fsrs": version("fsrs"), **SCHEDULER.to_dict()}, sort_keys=True)


def rating(correct: bool) -> Rating:
    return Rating.Good if correct else Rating.Again


def replay(cards: dict[Key, Card], reviews: Sequence[Review]) -> set[Key]:
    """Apply each review to its question's card, in order; the keys changed."""
    changed = set()
    for review in reviews:
        key = (review.question, review.question_hash)
        card = cards.get(key) or Card(card_id=review.id, due=review.at)  # an id: no sleep
        cards[key], _ = SCHEDULER.review_card(card, rating(review.correct), review.at)
        changed.add(key)
    return changed


def cached_cards(conn: sqlite3.Connection) -> tuple[dict[Key, Card], int] | None:
    """The cards and the last answer they include, or None if the cache must be rebuilt."""
    row = conn.execute("SELECT scheduler, last_answer FROM card_cache").fetchone()
    if row is None or row[0] != scheduler_key():
        return None
    try:
        rows = conn.execute("SELECT question, question_hash, state FROM card")
        return {(q, h): Card.from_json(state) for q, h, state in rows}, row[1]
    except (ValueError, KeyError, TypeError):
        return None


def refresh(conn: sqlite3.Connection) -> dict[Key, Card]:
    """Every question's card, after bringing the cache up to the end of the review log."""
    return patiently(lambda: refreshed(conn))


def refreshed(conn: sqlite3.Connection) -> dict[Key, Card]:
    with write(conn):
        cached = cached_cards(conn)
        if cached is None:
            conn.execute("DELETE FROM card")
            cached = {}, 0
        cards, last = cached
        reviews = reviews_after(conn, last)
        changed = replay(cards, reviews)
        conn.executemany(
            "INSERT OR REPLACE INTO card (question, question_hash, state, due) VALUES (?,?,?,?)",
            [(*key, cards[key].to_json(), cards[key].due.isoformat()) for key in changed],
        )
        last = reviews[-1].id if reviews else last
        conn.execute(
            "INSERT OR REPLACE INTO card_cache (id, scheduler, last_answer) VALUES (1, ?, ?)",
            (scheduler_key(), last),
        )
    return cards


class Due(NamedTuple):
    """The pack's questions due now (most overdue first), and when the others come."""

    now: list[Question]
    later: list[dt.datetime]  # the due moment of each question not due yet, soonest first


def due(pack: Pack, cards: dict[Key, Card], now: dt.datetime) -> Due:
    """Only questions answered before (in their present wording) are scheduled."""
    scheduled = []
    for question in pack.questions:
        card = cards.get((question.id, question_hash(question)))
        if card is not None:
            scheduled.append((card.due, question))
    scheduled.sort(key=lambda pair: pair[0])
    return Due(
        [q for when, q in scheduled if when <= now], [when for when, _ in scheduled if when > now]
    )

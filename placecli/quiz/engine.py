"""The quiz engine: drawing questions, reading answers, scoring. No printing, no input.

One seed is one quiz. The questions come from one sequence that the seed fixes whatever
the count, so `--seed S --count 5` asks the first five of `--seed S --count 10`; each
question's options are shuffled by a generator of its own, seeded with the seed and its
id, so its letters do not depend on what was drawn before it. The sequence takes one
question from every concept before it takes a second from any, so one run does not ask
two questions on one concept (whose explanations could give each other away) unless the
count needs more questions than there are concepts.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from placecli.errors import UsageError
from placecli.packs import qtypes
from placecli.packs.model import Pack, Question

QUIT_WORDS = {"q", "quit", "exit"}


class Asked(NamedTuple):
    """A question as the player sees it: its number and its options in the order shown."""

    number: int
    question: Question
    options: tuple[str, ...]

    @property
    def kind(self) -> qtypes.QType:
        return qtypes.of(self.question)

    def choices(self) -> list[tuple[str, str]]:
        """(key to type, option text), in the order shown."""
        return self.kind.keys(self)

    @property
    def how_to_answer(self) -> str:
        return self.kind.how_to_answer(self)


class Outcome(NamedTuple):
    """The result of one question; `given` is empty when the answer could not be read."""

    asked: Asked
    given: tuple[str, ...]

    @property
    def correct(self) -> bool:
        return bool(self.given) and self.asked.kind.is_right(self.asked.question, self.given)

    @property
    def partly(self) -> str | None:
        return None if self.correct else self.asked.kind.partly(self.asked, self.given)

    @property
    def feedback(self) -> list[tuple[str, str]]:
        return self.asked.kind.feedback(self.asked.question, self.given)


class ConceptScore(NamedTuple):
    concept: str
    right: int
    asked: int


def sequence(pack: Pack, concepts: Sequence[str], seed: int) -> list[Question]:
    """Every question of the chosen concepts in the order the seed gives: concepts taken
    in turn, in a drawn order, and each concept's questions in a drawn order."""
    rng = random.Random(seed)
    by_concept: dict[str, list[Question]] = {}
    for question in pack.questions:
        if not concepts or question.concept in concepts:
            by_concept.setdefault(question.concept, []).append(question)
    piles = list(by_concept.values())
    for pile in piles:
        rng.shuffle(pile)
    rng.shuffle(piles)
    longest = max((len(p) for p in piles), default=0)
    return [pile[turn] for turn in range(longest) for pile in piles if turn < len(pile)]


class TooFewQuestions(UsageError):
    """A quiz of fewer than one question (`count`); the caller names the option."""

    def __init__(self, count: int) -> None:
        self.count = count
        super().__init__(f"a quiz asks at least 1 question, not {count}")


class NoQuestions(UsageError):
    """The pack has no questions on these concepts (on any, if none are given)."""

    def __init__(self, concepts: Sequence[str]) -> None:
        self.concepts = tuple(concepts)
        where = f" for {', '.join(concepts)}" if concepts else ""
        super().__init__(f"the pack has no questions{where}")


def draw(pack: Pack, count: int, concepts: Sequence[str], seed: int) -> list[Asked]:
    """The first `count` questions (or all, if fewer) of the seed's sequence."""
    if count < 1:
        raise TooFewQuestions(count)
    chosen = sequence(pack, concepts, seed)[:count]
    if not chosen:
        raise NoQuestions(concepts)
    return arrange(chosen, seed)


def arrange(questions: Sequence[Question], seed: int) -> list[Asked]:
    """These questions, in this order, numbered, each with its options in its own draw."""
    return [
        Asked(number, q, qtypes.of(q).arrange(q, random.Random(f"{seed}:{q.id}")))
        for number, q in enumerate(questions, start=1)
    ]


def read_answer(asked: Asked, text: str) -> tuple[str, ...]:
    """The option texts a typed answer gives; raises Unreadable for anything else."""
    return asked.kind.read(asked, text)


def is_quit(text: str) -> bool:
    return text.strip().lower() in QUIT_WORDS


@dataclass
class Quiz:
    """A quiz in progress: the questions drawn and the outcomes so far."""

    asked: list[Asked]
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def current(self) -> Asked | None:
        return self.asked[len(self.outcomes)] if len(self.outcomes) < len(self.asked) else None

    def answer(self, text: str) -> Outcome:
        """Score the current question with a typed answer (Unreadable if it cannot be read)."""
        asked = self.current
        if asked is None:
            raise IndexError("the quiz is over")
        return self.record(Outcome(asked, read_answer(asked, text)))

    def unanswered(self) -> Outcome:
        """Score the current question as not answered (a scripted line that cannot be read)."""
        asked = self.current
        if asked is None:
            raise IndexError("the quiz is over")
        return self.record(Outcome(asked, ()))

    def record(self, outcome: Outcome) -> Outcome:
        self.outcomes.append(outcome)
        return outcome

    @property
    def score(self) -> int:
        return sum(o.correct for o in self.outcomes)

    @property
    def total(self) -> int:
        return len(self.outcomes)

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.total) if self.total else 0

    def by_concept(self, pack: Pack) -> list[ConceptScore]:
        """Right and asked per concept, in the pack's reading order."""
        tally: dict[str, list[int]] = {}
        for o in self.outcomes:
            right_asked = tally.setdefault(o.asked.question.concept, [0, 0])
            right_asked[0] += o.correct
            right_asked[1] += 1
        order = {c.id: i for i, c in enumerate(pack.concepts)}
        ids = sorted(tally, key=lambda c: order.get(c, len(order)))
        return [ConceptScore(c, *tally[c]) for c in ids]

    def by_section(self, pack: Pack) -> list[tuple[int, str | None, int, int]]:
        """(section number, section, right, asked) for each section with questions asked."""
        scores = {s.concept: s for s in self.by_concept(pack)}
        rows = []
        for number, (section, members) in enumerate(pack.sections(), start=1):
            asked = [scores[c.id] for c in members if c.id in scores]
            if asked:
                rows.append(
                    (number, section, sum(s.right for s in asked), sum(s.asked for s in asked))
                )
        return rows

    def to_revisit(self, pack: Pack) -> list[str]:
        return [s.concept for s in self.by_concept(pack) if s.right < s.asked]

    def result_data(self, pack: Pack) -> dict[str, object]:
        """The JSON result of cli.md, with the per-concept breakdown added."""
        return {
            "score": self.score,
            "total": self.total,
            "percent": self.percent,
            "questions": [
                {
                    "id": o.asked.question.id,
                    "concept": o.asked.question.concept,
                    "type": o.asked.question.type,
                    "correct": o.correct,
                    "given": list(o.given),
                    "answer": list(o.asked.question.answer),
                }
                for o in self.outcomes
            ],
            "concepts": [
                {"concept": s.concept, "right": s.right, "asked": s.asked}
                for s in self.by_concept(pack)
            ],
            "revisit": self.to_revisit(pack),
        }

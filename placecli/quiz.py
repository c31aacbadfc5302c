"""The quiz engine: drawing questions, reading answers, scoring. No printing, no input.

The random generator is passed in, so one seed gives the same questions, in the same
order, with the same option letters, in the quiz and in its answer key.
"""

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from .errors import UsageError
from .model import Pack, Question

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # not string.ascii_uppercase: `string` is slow to import
TRUE_WORDS = {"t", "true", "y", "yes"}
FALSE_WORDS = {"f", "false", "n", "no"}
QUIT_WORDS = {"q", "quit", "exit"}
_SEPARATORS = re.compile(r"[\s,;/&+]+|\band\b", re.IGNORECASE)


class Unreadable(ValueError):
    """An answer that cannot be read; it is asked again and costs nothing."""

    def __init__(self, hint: str) -> None:
        super().__init__(hint)
        self.hint = hint


class Asked(NamedTuple):
    """A question as the player sees it: its number and its options in shuffled order."""

    number: int
    question: Question
    options: tuple[str, ...]

    def letter(self, option: str) -> str:
        return LETTERS[self.options.index(option)]

    @property
    def how_to_answer(self) -> str:
        last = LETTERS[len(self.options) - 1]
        if self.question.type == "true-false":
            return "Answer t (true) or f (false), or q to quit"
        if self.question.type == "multiple":
            return f"Answer with every letter that applies (A-{last}, e.g. AC), or q to quit"
        return f"Answer with one letter (A-{last}), or q to quit"


class Outcome(NamedTuple):
    """The result of one answered question."""

    asked: Asked
    given: tuple[str, ...]

    @property
    def correct(self) -> bool:
        return set(self.given) == set(self.asked.question.answer)

    @property
    def feedback(self) -> list[tuple[str, str]]:
        """(option, words) for each chosen wrong option that the pack has feedback for."""
        q = self.asked.question
        return [(g, q.feedback[g]) for g in self.given if g not in q.answer and g in q.feedback]


class ConceptScore(NamedTuple):
    concept: str
    right: int
    asked: int


def draw(pack: Pack, count: int, concepts: Sequence[str], rng: random.Random) -> list[Asked]:
    """`count` questions (or all, if fewer) from the chosen concepts, options shuffled."""
    if count < 1:
        raise UsageError("--count must be at least 1")
    pool = [q for q in pack.questions if not concepts or q.concept in concepts]
    if not pool:
        where = f" for {', '.join(concepts)}" if concepts else ""
        raise UsageError(f"the pack has no questions{where}")
    chosen = rng.sample(pool, min(count, len(pool)))
    asked = []
    for number, question in enumerate(chosen, start=1):
        options = list(question.choices)
        if question.type != "true-false":
            rng.shuffle(options)
        asked.append(Asked(number, question, tuple(options)))
    return asked


def read_answer(asked: Asked, text: str) -> tuple[str, ...]:
    """The option texts a typed answer chooses; raises Unreadable for anything else."""
    words = text.strip().lower()
    if asked.question.type == "true-false":
        if words in TRUE_WORDS:
            return ("True",)
        if words in FALSE_WORDS:
            return ("False",)
        raise Unreadable("type t for true or f for false")
    letters = [c for c in _SEPARATORS.sub("", words).upper() if c]
    valid = LETTERS[: len(asked.options)]
    if not letters:
        raise Unreadable(f"type a letter from A to {valid[-1]}")
    wrong = [c for c in letters if c not in valid]
    if wrong:
        raise Unreadable(f'"{wrong[0]}" is not an option: use letters A to {valid[-1]}')
    unique = list(dict.fromkeys(letters))
    if asked.question.type == "single" and len(unique) > 1:
        raise Unreadable("this question has one answer: type a single letter")
    return tuple(asked.options[valid.index(c)] for c in sorted(unique))


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
        outcome = Outcome(asked, read_answer(asked, text))
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

    def by_concept(self) -> list[ConceptScore]:
        """Right and asked per concept, in the order concepts were first asked."""
        tally: dict[str, list[int]] = {}
        for o in self.outcomes:
            right_asked = tally.setdefault(o.asked.question.concept, [0, 0])
            right_asked[0] += o.correct
            right_asked[1] += 1
        return [ConceptScore(c, right, n) for c, (right, n) in tally.items()]

    def to_revisit(self) -> list[str]:
        return [s.concept for s in self.by_concept() if s.right < s.asked]

    def result_data(self) -> dict[str, object]:
        """The JSON result of cli.md, with the per-concept breakdown added."""
        return {
            "score": self.score,
            "total": self.total,
            "percent": self.percent,
            "questions": [
                {
                    "id": o.asked.question.id,
                    "concept": o.asked.question.concept,
                    "correct": o.correct,
                    "given": list(o.given),
                    "answer": list(o.asked.question.answer),
                }
                for o in self.outcomes
            ],
            "concepts": [
                {"concept": s.concept, "right": s.right, "asked": s.asked}
                for s in self.by_concept()
            ],
            "revisit": self.to_revisit(),
        }

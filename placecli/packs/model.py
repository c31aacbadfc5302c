"""The typed, frozen model of a content pack. After loading, the rest of the code trusts it.

The records are `typing.NamedTuple`s rather than frozen dataclasses: just as typed and
immutable, but Python builds them several times faster, and building eight dataclasses
cost about 10 ms, half a bare Python start, at every start of `place`. For the same
reason there is no `from __future__ import annotations` here: typing would compile each
annotation written as a string when it builds the records.
"""

import datetime as dt
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal, NamedTuple, TypeVar

QuestionType = str  # a name in qtypes.TYPES, the one home of the question types
Audience = Literal["individual", "pair", "group"]
AUDIENCES: tuple[Audience, ...] = ("individual", "pair", "group")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # ids: lower-case letters, digits, hyphens


class Author(NamedTuple):
    name: str
    role: str | None = None


class Source(NamedTuple):
    title: str
    authors: tuple[Author, ...] = ()
    publication: str | None = None
    published: dt.date | None = None
    url: str | None = None


class Local(NamedTuple):
    """An example from the room's own place, shown under a concept's general points."""

    text: str
    source: str | None = None
    as_of: dt.date | None = None


class Concept(NamedTuple):
    id: str
    title: str
    summary: str
    section: str | None = None
    points: tuple[str, ...] = ()
    quote: str | None = None
    terms: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    local: tuple[Local, ...] = ()
    origin: str = ""  # where it was written: "questions.yaml:41", for messages


class Question(NamedTuple):
    """A quiz question; what each field holds for each type is in `qtypes.py`.

    `options` are the texts the player chooses among, `answer` the right ones (in order,
    for an order or match question), `left` the numbered left-hand items of a match.
    """

    id: str
    concept: str
    type: QuestionType
    question: str
    answer: tuple[str, ...]
    explanation: str
    options: tuple[str, ...] = ()
    feedback: Mapping[str, str] = MappingProxyType({})
    left: tuple[str, ...] = ()
    origin: str = ""  # where it was written: "questions.yaml:41", for messages


class Prompt(NamedTuple):
    id: str
    prompt: str
    concept: str | None = None
    audience: Audience = "individual"
    follow_ups: tuple[str, ...] = ()
    minutes: int | None = None
    origin: str = ""  # where it was written: "questions.yaml:41", for messages


class Term(NamedTuple):
    id: str
    term: str
    definition: str
    aliases: tuple[str, ...] = ()
    origin: str = ""  # where it was written: "questions.yaml:41", for messages


class Pack(NamedTuple):
    """One pack, or several joined as if they were one."""

    id: str
    title: str
    description: str | None = None
    source: Source | None = None
    concepts: tuple[Concept, ...] = ()
    questions: tuple[Question, ...] = ()
    prompts: tuple[Prompt, ...] = ()
    terms: tuple[Term, ...] = ()

    def concept(self, concept_id: str) -> Concept:
        """The concept with this id (KeyError if none)."""
        return by_id(self.concepts)[concept_id]

    def sections(self) -> list[tuple[str | None, list[Concept]]]:
        """Concepts grouped by section, sections in order of first appearance."""
        groups: dict[str | None, list[Concept]] = {}
        for concept in self.concepts:
            groups.setdefault(concept.section, []).append(concept)
        return list(groups.items())

    def questions_for(self, concept_id: str) -> list[Question]:
        return [q for q in self.questions if q.concept == concept_id]

    def prompts_for(self, concept_id: str) -> list[Prompt]:
        return [p for p in self.prompts if p.concept == concept_id]

    def tally(self) -> dict[str, tuple[int, int]]:
        """Each concept id's numbers of questions and prompts, in one pass over each.

        For every concept at once; `questions_for` per concept would scan every question
        for each concept, which is quadratic in a large pack.
        """
        counts = {c.id: [0, 0] for c in self.concepts}
        for question in self.questions:
            counts.setdefault(question.concept, [0, 0])[0] += 1
        for prompt in self.prompts:
            if prompt.concept is not None:
                counts.setdefault(prompt.concept, [0, 0])[1] += 1
        return {concept: (q, p) for concept, (q, p) in counts.items()}

    def counts(self) -> dict[str, int]:
        return {
            "concepts": len(self.concepts),
            "questions": len(self.questions),
            "prompts": len(self.prompts),
            "terms": len(self.terms),
        }

    def counts_line(self) -> str:
        return counts_line(self.counts())


Record = TypeVar("Record", Concept, Term)
# A record tuple of a Pack -> (that tuple, its records by id); see by_id.
_INDEXES: dict[int, tuple[tuple[Any, ...], dict[str, Any]]] = {}


def by_id(records: tuple[Record, ...]) -> dict[str, Record]:
    """A pack's concepts or terms by id (the first of an id), built once per tuple: views
    look one up for every question, prompt and link, and a scan each time is quadratic."""
    index = _INDEXES.get(id(records))
    if index is None or index[0] is not records:
        if len(_INDEXES) >= 8:  # a few packs are in use at a time; keep no others alive
            _INDEXES.clear()
        index = (records, {r.id: r for r in reversed(records)})
        _INDEXES[id(records)] = index
    return index[1]


def counts_line(counts: Mapping[str, int]) -> str:
    """`16 concepts, 41 questions, 22 prompts, 20 terms`, singular where it is one."""
    return ", ".join(f"{n} {kind if n != 1 else kind[:-1]}" for kind, n in counts.items())

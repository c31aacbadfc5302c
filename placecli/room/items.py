"""What the room is asked: each kind of item in one home.

An item says what a phone shows (its text, its options as (key, text) rows, the `shape`
of an answer, the rows of a sequence), reads a phone's choice (`read`, which raises
Refused for anything else), counts the answers (`tally`) and, for a question, which
keys are right. A quiz question asks its question type (`packs/qtypes.py`) for all of
this; the activities of `place room reflect` are defined here:

- `text`: a free answer to a prompt, held until the facilitator approves it;
- `cloud`: one to three words on a prompt, approved like a text, shown as a word cloud;
- `scale`: how far one agrees with a statement of the article, 1 to 5;
- `rank`: the chosen concepts put in order of how much they matter here.

Shapes: `one` (a radio button each), `many` (checkboxes), `sequence` (a choice for each
row, in order), `text` and `words` (a text box).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from placecli.packs.qtypes import LETTERS, Form, Unreadable

if TYPE_CHECKING:
    from placecli.packs.model import Concept, Pack, Prompt
    from placecli.quiz.engine import Asked

TEXT_LIMIT = 280  # characters in a text from a phone
WORDS_LIMIT = 3  # words in one word-cloud entry
WORDS_CHARACTERS = 40

Row = tuple[str, str]  # (key, text)


class Refused(Exception):
    """A request the room will not take: an HTTP status and one line saying why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def said_hash(*parts: str) -> str:
    """A hash of what an item says, as the history's question hash is: edit the text and
    it is a new item."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


class Item:
    """One thing the room answers; subclasses fill in the kind."""

    slot: ClassVar[str] = "activity"  # where a phone's view carries it: question or activity
    takes_text: ClassVar[bool] = False  # answered with a text (POST /t), held for moderation
    distinct: ClassVar[bool] = True  # must a sequence use each option once?
    limit: ClassVar[int] = TEXT_LIMIT  # characters in a text
    shape: str = "one"
    id: str
    kind: str
    text: str
    qhash: str

    def options(self) -> list[Row]:
        return []

    def rows(self) -> list[Row]:
        """The rows of a sequence answer, each chosen from the options."""
        return []

    def read(self, keys: Sequence[str]) -> tuple[str, ...]:
        """The texts a choice of keys gives; Refused(400) for anything else."""
        known = dict(self.options())
        if not keys or any(not isinstance(k, str) or k not in known for k in keys):
            raise Refused(400, "choose from the options shown")
        if self.shape == "one" and len(keys) != 1:
            raise Refused(400, "choose one option")
        if self.shape == "many" and len(set(keys)) != len(keys):
            raise Refused(400, "choose each option once")
        if self.shape == "sequence" and (
            len(keys) != len(self.rows()) or (self.distinct and len(set(keys)) != len(keys))
        ):
            raise Refused(400, f"choose one option for each of the {len(self.rows())} rows")
        return tuple(known[k] for k in keys)

    def tally(self, choices: Iterable[Sequence[str]]) -> dict[str, int]:
        """Answers counted by option key (a sequence: by the whole sequence)."""
        counts = {key: 0 for key, _ in self.options()}
        if self.shape == "sequence":
            counts = {"".join(self.right() or ()): 0} if self.right() else {}
            for keys in choices:
                joined = "".join(keys)
                counts[joined] = counts.get(joined, 0) + 1
            return counts
        for keys in choices:
            for key in keys:
                counts[key] += 1
        return counts

    def right(self) -> list[str] | None:
        """The keys of the right answer, in order; None where nothing is right."""
        return None

    def correct(self, given: Sequence[str]) -> bool | None:
        return None

    def explanation(self) -> str | None:
        return None

    def cleaned(self, text: str) -> str:
        """A text as kept: surrounding space gone, runs of blank lines made one."""
        lines = [line.rstrip() for line in text.strip().splitlines()]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))

    def same(self, text: str) -> str:
        """Texts that read the same are moderated together."""
        return " ".join(text.split()).casefold()

    def record(self) -> dict[str, str]:
        """How the log names it."""
        return {"id": self.id, "kind": self.kind, "qhash": self.qhash}


class QuestionItem(Item):
    """A quiz question as the quiz engine drew it: options in the order shown."""

    slot = "question"
    distinct = False  # the question type says what a sequence may hold

    def __init__(self, asked: Asked, qhash: str) -> None:
        self.asked = asked
        question = asked.question
        self.id, self.kind, self.text, self.qhash = (
            question.id,
            question.type,
            question.question,
            qhash,
        )
        form = asked.kind.form  # what the type asks: one option, several, or every one arranged
        self.shape = "sequence" if not form.chosen else ("many" if form is Form.SEVERAL else "one")

    def options(self) -> list[Row]:
        return self.asked.choices()

    def rows(self) -> list[Row]:
        if self.shape != "sequence":
            return []
        lead = self.asked.kind.lead(self.asked)
        return lead or [(str(n), ordinal(n)) for n in range(1, len(self.asked.options) + 1)]

    def read(self, keys: Sequence[str]) -> tuple[str, ...]:
        super().read(keys)  # only known keys reach the type's own reading
        try:
            return self.asked.kind.read(self.asked, "".join(keys))
        except Unreadable as error:
            raise Refused(400, error.hint) from None

    def right(self) -> list[str]:
        key_of = {text: key for key, text in self.options()}
        answer = self.asked.question.answer
        if self.shape == "sequence":
            return [key_of[text] for text in answer]
        return [key for key, text in self.options() if text in answer]

    def correct(self, given: Sequence[str]) -> bool:
        from placecli.quiz.engine import Outcome

        return Outcome(self.asked, tuple(given)).correct

    def explanation(self) -> str:
        return self.asked.question.explanation


class TextActivity(Item):
    """A prompt answered in a few sentences, held until approved."""

    takes_text = True
    shape = "text"
    kind = "text"

    def __init__(self, prompt: Prompt) -> None:
        self.id = f"{self.kind}-{prompt.id}"
        self.text = prompt.prompt
        self.qhash = said_hash(self.kind, prompt.prompt)

    def tally(self, choices: Iterable[Sequence[str]]) -> dict[str, int]:
        return {}


class CloudActivity(TextActivity):
    """One to three words on a prompt; the approved words make a cloud."""

    shape = "words"
    kind = "cloud"
    limit = WORDS_CHARACTERS

    def cleaned(self, text: str) -> str:
        words = text.split()
        if len(words) > WORDS_LIMIT:
            raise Refused(400, f"at most {WORDS_LIMIT} words")
        return " ".join(words).lower()


AGREE = (
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
)


class ScaleActivity(Item):
    """How far one agrees with a concept's summary, from 1 to 5."""

    kind = "scale"

    def __init__(self, concept: Concept) -> None:
        self.id = f"{self.kind}-{concept.id}"
        self.text = concept.summary
        self.qhash = said_hash(self.kind, concept.summary)

    def options(self) -> list[Row]:
        return [(str(n), f"{n}: {words}") for n, words in enumerate(AGREE, 1)]


class RankActivity(Item):
    """The chosen concepts, put in order of how much they matter in this place."""

    kind = "rank"
    shape = "sequence"
    question = "Put these in order: which matters most in our place?"

    def __init__(self, concepts: Sequence[Concept]) -> None:
        self.id = self.kind
        self.titles = tuple(c.title for c in concepts)
        self.text = self.question
        self.qhash = said_hash(self.kind, *self.titles)

    def options(self) -> list[Row]:
        return [(LETTERS[i], title) for i, title in enumerate(self.titles)]

    def rows(self) -> list[Row]:
        return [(str(n), ordinal(n)) for n in range(1, len(self.titles) + 1)]

    def tally(self, choices: Iterable[Sequence[str]]) -> dict[str, int]:
        """Points by option (a Borda count): first place is worth as many as there are
        options, the last one."""
        points = {key: 0 for key, _ in self.options()}
        size = len(points)
        for keys in choices:
            for place, key in enumerate(keys):
                points[key] += size - place
        return points


ACTIVITIES = ("text", "cloud", "scale", "rank")
ORDINALS = ("1st", "2nd", "3rd")


def ordinal(n: int) -> str:
    return ORDINALS[n - 1] if n <= len(ORDINALS) else f"{n}th"


# The items of a session's plan, made the same way when it starts and when it resumes.


def quiz_items(pack: Pack, plan: dict[str, Any]) -> list[Item]:
    """The questions of a quiz plan (seed, count, concepts), as the quiz engine draws them."""
    from placecli.learning.history import question_hash
    from placecli.quiz.engine import draw

    asked = draw(pack, plan["count"], plan["concepts"], plan["seed"])
    return [QuestionItem(a, question_hash(a.question)) for a in asked]


def activity_items(pack: Pack, plan: dict[str, Any]) -> list[Item]:
    """The activities of a reflection plan: each kind in turn, over its prompts or concepts."""
    prompts = {p.id: p for p in pack.prompts}
    concepts = {c.id: c for c in pack.concepts}
    items: list[Item] = []
    for kind in plan["activities"]:
        if kind in ("text", "cloud"):
            made = TextActivity if kind == "text" else CloudActivity
            items.extend(made(prompts[p]) for p in plan["prompts"] if p in prompts)
        elif kind == "scale":
            items.extend(ScaleActivity(concepts[c]) for c in plan["concepts"] if c in concepts)
        else:
            items.append(RankActivity([concepts[c] for c in plan["concepts"] if c in concepts]))
    return items


def plan_items(pack: Pack, plan: dict[str, Any]) -> list[Item]:
    """The items of a workshop plan's room (`place run PLAN --room`): each part, a quiz
    step's questions or a reflection step's activities, in the plan's order."""
    return [item for part in plan["parts"] for item in part_items(pack, part)]


def part_items(pack: Pack, part: dict[str, Any]) -> list[Item]:
    return (
        quiz_items(pack, part["quiz"]) if "quiz" in part else activity_items(pack, part["reflect"])
    )


def items_of(pack: Pack, room: str, plan: dict[str, Any]) -> list[Item]:
    """A session's items from its start record's `room` (quiz, reflect or plan) and plan."""
    made = {"quiz": quiz_items, "reflect": activity_items, "plan": plan_items}[room]
    return made(pack, plan)

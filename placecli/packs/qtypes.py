"""One home per question type: everything that differs between single, multiple,
true-false, order and match questions lives here, and the rest of the code asks the type.

Each type says:
- `fields()`: its own fields in a pack file, and `build()`: how they are checked and
  turned into the model's `options`, `answer`, `left` and `feedback`;
- `sound()`: the invariants a loaded question keeps (the cache checks them again);
- `arrange()`: the order its options are shown in, from the question's own random draw;
- `keys()` and `lead()`: what the player sees, as (key, text) rows;
- `how_to_answer()`, `read()`, `is_right()`, `partly()`: reading and scoring an answer;
- `answer_lines()`: an answer written out, for the verdict and the answer key.

Adding a type: a subclass here, registered in TYPES; its rows in the broken-pack table of
tests/test_pack.py and in the answer tables of tests/test_quiz.py; a section in
docs/content-format.md. Nothing else changes.
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

from placecli.packs.model import Question

if TYPE_CHECKING:
    from placecli.packs.schema import Convert, Draft, FileCheck
    from placecli.quiz.engine import Asked

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # not string.ascii_uppercase: `string` is slow to import
TRUE_FALSE = ("True", "False")
TRUE_WORDS = frozenset({"t", "true", "y", "yes"})
FALSE_WORDS = frozenset({"f", "false", "n", "no"})
MIN_ITEMS, MAX_ITEMS = 3, 8  # order items and match pairs
_SEPARATORS = re.compile(r"[\s,;/&+\-.>]+|\band\b|\bthen\b", re.IGNORECASE)
NO_FEEDBACK: Mapping[str, str] = MappingProxyType({})


class Unreadable(ValueError):
    """An answer that cannot be read: on a terminal it is asked again and costs nothing."""

    def __init__(self, hint: str) -> None:
        super().__init__(hint)
        self.hint = hint


def letters_of(text: str) -> list[str]:
    """The letters typed, separators and case ignored: `c, a b` -> [C, A, B]."""
    return [c for c in _SEPARATORS.sub("", text.strip()).upper() if c]


def listed(items: Sequence[str]) -> str:
    """`A`, `A and C`, `A, C and E`."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


class QType:
    """What every question type answers; the defaults suit lettered options."""

    name: ClassVar[str]
    shuffled: ClassVar[bool] = True  # are the options shown in a drawn order?
    ticks: ClassVar[bool] = True  # does an answer key tick the right options? (not a sequence)
    many: ClassVar[bool] = False  # may one answer tick several options? (a phone's checkboxes)

    # Loading.

    def fields(self) -> dict[str, tuple[Convert, bool]]:
        raise NotImplementedError

    def build(self, check: FileCheck, draft: Draft) -> None:
        """Check the type's fields together; leave the model's fields in `draft.values`."""
        raise NotImplementedError

    def sound(self, q: Question) -> bool:
        distinct = len(set(q.options)) == len(q.options)
        return distinct and bool(q.answer) and set(q.answer) <= set(q.options)

    # Showing.

    def arrange(self, q: Question, rng: random.Random) -> tuple[str, ...]:
        options = list(q.options)
        if self.shuffled:
            rng.shuffle(options)
        return tuple(options)

    def keys(self, asked: Asked) -> list[tuple[str, str]]:
        """(key to type, option text), in the order shown."""
        return [(LETTERS[i], option) for i, option in enumerate(asked.options)]

    def lead(self, asked: Asked) -> list[tuple[str, str]]:
        """Rows shown between the question and its options (match: the numbered items)."""
        return []

    # Answering.

    def how_to_answer(self, asked: Asked) -> str:
        raise NotImplementedError

    def read(self, asked: Asked, text: str) -> tuple[str, ...]:
        """The option texts an answer gives, in the order given; Unreadable otherwise."""
        raise NotImplementedError

    def is_right(self, q: Question, given: Sequence[str]) -> bool:
        return tuple(given) == q.answer  # order and match: the whole sequence

    def partly(self, asked: Asked, given: Sequence[str]) -> str | None:
        """How much of a wrong answer was right, when that says something."""
        return None

    def answer_lines(self, asked: Asked, texts: Sequence[str]) -> list[str]:
        return [f"{key}  {text}" for key, text in self.keys(asked) if text in texts]

    def feedback(self, q: Question, given: Sequence[str]) -> list[tuple[str, str]]:
        """(option, words) for each chosen wrong option that the pack has feedback for."""
        return [(g, q.feedback[g]) for g in given if g not in q.answer and g in q.feedback]

    # Shared pieces.

    def valid_letters(self, asked: Asked, text: str) -> list[str]:
        letters = letters_of(text)
        valid = LETTERS[: len(asked.options)]
        if not letters:
            raise Unreadable(f"type a letter from A to {valid[-1]}")
        wrong = [c for c in letters if c not in valid]
        if wrong:
            raise Unreadable(f'"{wrong[0]}" is not an option: use letters A to {valid[-1]}')
        return letters


class Single(QType):
    name = "single"

    def fields(self) -> dict[str, tuple[Convert, bool]]:
        from placecli.packs import schema

        return {
            "options": (schema.options, True),
            "answer": (schema.any_node, True),
            "feedback": (schema.any_node, False),
        }

    def build(self, check: FileCheck, draft: Draft) -> None:
        from placecli.packs import schema

        values = draft.values
        options = values.get("options")
        if options is None:  # missing or already reported
            values.pop("answer", None)
            return
        if "answer" in values:
            values["answer"] = schema.chosen_options(
                check,
                values["answer"],
                f"{draft.path}.answer",
                options,
                many=self.name == "multiple",
            )
        if "feedback" in values:
            values["feedback"] = schema.feedback(
                check, values["feedback"], f"{draft.path}.feedback", options
            )

    def sound(self, q: Question) -> bool:
        return super().sound(q) and len(q.answer) == 1 and 2 <= len(q.options) <= 8

    def how_to_answer(self, asked: Asked) -> str:
        return f"Answer with one letter (A-{LETTERS[len(asked.options) - 1]}), or q to quit"

    def read(self, asked: Asked, text: str) -> tuple[str, ...]:
        unique = list(dict.fromkeys(self.valid_letters(asked, text)))
        if len(unique) > 1:
            raise Unreadable("this question has one answer: type a single letter")
        return (asked.options[LETTERS.index(unique[0])],)


class Multiple(Single):
    name = "multiple"
    many = True

    def sound(self, q: Question) -> bool:
        return QType.sound(self, q) and 2 <= len(q.options) <= 8

    def how_to_answer(self, asked: Asked) -> str:
        last = LETTERS[len(asked.options) - 1]
        return f"Answer with every letter that applies (A-{last}, e.g. AC), or q to quit"

    def read(self, asked: Asked, text: str) -> tuple[str, ...]:
        unique = sorted(set(self.valid_letters(asked, text)))
        return tuple(asked.options[LETTERS.index(c)] for c in unique)

    def is_right(self, q: Question, given: Sequence[str]) -> bool:
        return set(given) == set(q.answer)

    def partly(self, asked: Asked, given: Sequence[str]) -> str | None:
        answer = asked.question.answer
        right = [g for g in given if g in answer]
        if not right:
            return None
        letter = {text: key for key, text in self.keys(asked)}
        missed = sorted(letter[a] for a in answer if a not in given)
        extra = sorted(letter[g] for g in given if g not in answer)
        words = [f"{len(right)} of {len(answer)} right"]
        if missed:
            words.append(f"you missed {listed(missed)}")
        if extra:
            words.append(f"{listed(extra)} {'is' if len(extra) == 1 else 'are'} not right")
        return "; ".join(words)


class TrueFalse(QType):
    name = "true-false"
    shuffled = False

    def fields(self) -> dict[str, tuple[Convert, bool]]:
        from placecli.packs import schema

        return {"answer": (schema.any_node, True), "feedback": (schema.any_node, False)}

    def build(self, check: FileCheck, draft: Draft) -> None:
        from placecli.packs import schema

        values = draft.values
        values["options"] = TRUE_FALSE
        if "answer" in values:
            values["answer"] = schema.true_false(check, values["answer"], f"{draft.path}.answer")
        if "feedback" in values:
            values["feedback"] = schema.feedback(
                check, values["feedback"], f"{draft.path}.feedback", TRUE_FALSE
            )

    def sound(self, q: Question) -> bool:
        return q.options == TRUE_FALSE and len(q.answer) == 1 and super().sound(q)

    def keys(self, asked: Asked) -> list[tuple[str, str]]:
        return [("t", "True"), ("f", "False")]

    def how_to_answer(self, asked: Asked) -> str:
        return "Answer t (true) or f (false), or q to quit"

    def read(self, asked: Asked, text: str) -> tuple[str, ...]:
        word = text.strip().lower()
        if word in TRUE_WORDS:
            return ("True",)
        if word in FALSE_WORDS:
            return ("False",)
        raise Unreadable("type t for true or f for false")

    def answer_lines(self, asked: Asked, texts: Sequence[str]) -> list[str]:
        return list(texts)


class Order(QType):
    """Items to put in order: `options` and `answer` both hold them in the right order."""

    name = "order"
    ticks = False

    def fields(self) -> dict[str, tuple[Convert, bool]]:
        from placecli.packs import schema

        return {"items": (schema.distinct_texts(MIN_ITEMS, MAX_ITEMS, "items"), True)}

    def build(self, check: FileCheck, draft: Draft) -> None:
        items = draft.values.pop("items", None)
        if items is not None:
            draft.values["options"] = draft.values["answer"] = items

    def sound(self, q: Question) -> bool:
        return (
            super().sound(q) and q.answer == q.options and MIN_ITEMS <= len(q.options) <= MAX_ITEMS
        )

    def how_to_answer(self, asked: Asked) -> str:
        n = len(asked.options)
        return f"Type the {n} letters in order, first to last (e.g. {example(n)}), or q to quit"

    def read(self, asked: Asked, text: str) -> tuple[str, ...]:
        letters = self.valid_letters(asked, text)
        n = len(asked.options)
        if len(letters) != n or len(set(letters)) != n:
            raise Unreadable(f"type each of the {n} letters once, in order (e.g. {example(n)})")
        return tuple(asked.options[LETTERS.index(c)] for c in letters)

    def partly(self, asked: Asked, given: Sequence[str]) -> str | None:
        right = in_place(given, asked.question.answer)
        if not right:
            return None
        n = len(asked.question.answer)
        where = f"position{'s' * (len(right) > 1)} {listed(right)}"
        return f"{len(right)} of {n} in the right place ({where})"

    def answer_lines(self, asked: Asked, texts: Sequence[str]) -> list[str]:
        letter = {text: key for key, text in self.keys(asked)}
        return [f"{i}. {letter[t]}  {t}" for i, t in enumerate(texts, 1)]


class Match(QType):
    """Pairs to match: `left` holds the numbered items, `options` and `answer` their
    matches in the same order; the matches are shown lettered, in a drawn order."""

    name = "match"
    ticks = False

    def fields(self) -> dict[str, tuple[Convert, bool]]:
        from placecli.packs import schema

        return {"pairs": (schema.pairs(MIN_ITEMS, MAX_ITEMS), True)}

    def build(self, check: FileCheck, draft: Draft) -> None:
        pairs = draft.values.pop("pairs", None)
        if pairs is not None:
            draft.values["left"] = tuple(left for left, _ in pairs)
            draft.values["options"] = draft.values["answer"] = tuple(right for _, right in pairs)

    def sound(self, q: Question) -> bool:
        return (
            super().sound(q)
            and q.answer == q.options
            and len(q.left) == len(q.options)
            and len(set(q.left)) == len(q.left)
            and MIN_ITEMS <= len(q.left) <= MAX_ITEMS
        )

    def lead(self, asked: Asked) -> list[tuple[str, str]]:
        return [(str(i), item) for i, item in enumerate(asked.question.left, 1)]

    def how_to_answer(self, asked: Asked) -> str:
        n = len(asked.question.left)
        return f"Type the letter matching each of items 1 to {n} (e.g. {example(n)}), or q to quit"

    def read(self, asked: Asked, text: str) -> tuple[str, ...]:
        letters = self.valid_letters(asked, text)
        n = len(asked.question.left)
        if len(letters) != n:
            raise Unreadable(
                f"type {n} letters, one for each of items 1 to {n} (e.g. {example(n)})"
            )
        return tuple(asked.options[LETTERS.index(c)] for c in letters)

    def partly(self, asked: Asked, given: Sequence[str]) -> str | None:
        right = in_place(given, asked.question.answer)
        if not right:
            return None
        n = len(asked.question.answer)
        return f"{len(right)} of {n} pairs right (item{'s' * (len(right) > 1)} {listed(right)})"

    def answer_lines(self, asked: Asked, texts: Sequence[str]) -> list[str]:
        letter = {text: key for key, text in self.keys(asked)}
        pairs = zip(asked.question.left, texts, strict=True)
        return [f"{i}. {left} → {letter[t]}  {t}" for i, (left, t) in enumerate(pairs, 1)]


def in_place(given: Sequence[str], answer: Sequence[str]) -> list[str]:
    """The positions (from 1) where an answer in order agrees with the right one."""
    return [str(i) for i, (g, a) in enumerate(zip(given, answer, strict=False), 1) if g == a]


def example(n: int) -> str:
    """A sample answer of n letters that is not simply A, B, C: `CAB`, `CDAB`."""
    return "".join(LETTERS[(i + 2) % n] for i in range(n))


TYPES: dict[str, QType] = {t.name: t for t in (Single(), Multiple(), TrueFalse(), Order(), Match())}


def of(question: Question) -> QType:
    return TYPES[question.type]


def common_fields() -> dict[str, tuple[Convert, bool]]:
    """The fields every question has, whatever its type."""
    from placecli.packs import schema

    return {
        "id": (schema.slug, True),
        "concept": (schema.slug, True),
        "type": (schema.one_of(*TYPES), True),
        "question": (schema.text, True),
        "explanation": (schema.text, True),
    }


def fields_for(node: Any) -> dict[str, tuple[Convert, bool]]:
    """The fields a question in a pack file may have: those of its type, or, while its
    type is missing or unknown, those of any type (the type itself is reported)."""
    kind = node.get("type") if isinstance(node, dict) else None
    return fields_of(str(kind).strip() if kind is not None else None)


@functools.cache
def fields_of(kind: str | None) -> dict[str, tuple[Convert, bool]]:
    """fields_for, made once for each type (a large pack asks for them thousands of times)."""
    qtype = TYPES.get(kind) if kind is not None else None
    every: dict[str, tuple[Convert, bool]] = {}
    for each in TYPES.values():
        every |= {name: (convert, False) for name, (convert, _) in each.fields().items()}
    if qtype is None:
        return common_fields() | every
    own = qtype.fields()
    others = {name: (not_a_field_of(qtype), False) for name in every if name not in own}
    return common_fields() | others | own


def not_a_field_of(qtype: QType) -> Convert:
    """For a field that other types have: say which fields this type has instead."""

    def refuse(check: FileCheck, node: Any, path: str) -> Any:
        from placecli.packs import schema

        own = ", ".join(qtype.fields())
        return check.problem(
            schema.line_of(node), path, f"a {qtype.name} question has no such field (it has {own})"
        )

    return refuse

"""One home per question type: everything that differs between single, multiple,
true-false, order and match questions lives here, and the rest of the code asks the type.

Each type says:
- `fields()`: its own fields in a pack file, and `build()`: how they are checked and
  turned into the model's `options`, `answer`, `left` and `feedback`;
- `sound()`: the invariants a loaded question keeps (the cache checks them again);
- `form`: what it asks of the reader, in words every export format acts on (`Form`);
- `arrange()`: the order its options are shown in, from the question's own random draw;
- `keys()`, `lead()` and `labels()`: what the player sees, as (key, text) rows, and what a
  room's answers are counted under;
- `how_to_answer()`, `read()`, `is_right()`, `partly()`: reading and scoring an answer;
- `answer_lines()`: an answer written out, for the verdict and the answer key.
- `choices()`, `stated()`, `pairings()`, `sequence()`: what the item-writing warnings read
  (a key or a distractor, a text that states the source, a pair, an order).

A type is known once it is registered (`register`); the built-in ones are registered
below. Adding one: docs/content-format.md, "Adding a question type".
"""

from __future__ import annotations

import enum
import random
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, NamedTuple, Protocol

from placecli.packs.model import Question
from placecli.words import word_for

if TYPE_CHECKING:
    from placecli.packs.schema import Convert, Draft, FileCheck

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # not string.ascii_uppercase: `string` is slow to import
TRUE_FALSE = ("True", "False")
SPELLED = {"true": "True", "false": "False"}  # how a pack may write them (feedback keys)
TRUE_WORDS = frozenset({"t", "true", "y", "yes"})
FALSE_WORDS = frozenset({"f", "false", "n", "no"})
MIN_ITEMS, MAX_ITEMS = 3, 8  # order items and match pairs
_SEPARATORS = re.compile(r"[\s,;/&+\-.>]+|\band\b|\bthen\b", re.IGNORECASE)


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


class Form(enum.Enum):
    """What a question asks of the reader, in words an export format can act on: each
    format writes the forms it can hold and names the questions it leaves out. A new type
    that asks one of these needs nothing from any format."""

    ONE = "choose one of the options"
    SEVERAL = "choose every option that applies"
    TRUE_OR_FALSE = "say whether a statement is true"  # options: (the true one, the false one)
    ORDER = "put the options in order"  # the answer: every option, in the right order
    PAIRS = "match each item to an option"  # `left`: the items; the answer: their matches

    @property
    def chosen(self) -> bool:
        """Does an answer pick among the options (ticked in an answer key, counted per
        option in a room), rather than arrange every one of them?"""
        return self not in (Form.ORDER, Form.PAIRS)


class Shown(Protocol):
    """A question with its options in the order shown (the quiz's `Asked` is one)."""

    @property
    def question(self) -> Question: ...

    @property
    def options(self) -> tuple[str, ...]: ...


class AsWritten(NamedTuple):
    """A question with its options in the pack's order: how the exports show it."""

    question: Question
    options: tuple[str, ...]


class QType:
    """What every question type answers; the defaults suit lettered options."""

    name: ClassVar[str]
    form: ClassVar[Form]
    shuffled: ClassVar[bool] = True  # are the options shown in a drawn order?

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

    def keys(self, shown: Shown) -> list[tuple[str, str]]:
        """(key to type, option text), in the order shown."""
        return [(LETTERS[i], option) for i, option in enumerate(shown.options)]

    def lead(self, shown: Shown) -> list[tuple[str, str]]:
        """Rows shown between the question and its options (match: the numbered items)."""
        return []

    def labels(self, shown: Shown) -> list[tuple[str, str]]:
        """(label, option text): what a room's answers are counted under, in the order
        shown; the keys, unless the options are short enough to name themselves."""
        return self.keys(shown)

    # Answering.

    def how_to_answer(self, shown: Shown) -> str:
        raise NotImplementedError

    def read(self, shown: Shown, text: str) -> tuple[str, ...]:
        """The option texts an answer gives, in the order given; Unreadable otherwise."""
        raise NotImplementedError

    def is_right(self, q: Question, given: Sequence[str]) -> bool:
        return tuple(given) == q.answer  # order and match: the whole sequence

    def partly(self, shown: Shown, given: Sequence[str]) -> str | None:
        """How much of a wrong answer was right, when that says something."""
        return None

    def answer_lines(self, shown: Shown, texts: Sequence[str]) -> list[str]:
        return [f"{key}  {text}" for key, text in self.keys(shown) if text in texts]

    def feedback(self, q: Question, given: Sequence[str]) -> list[tuple[str, str]]:
        """(option, words) for each chosen wrong option that the pack has feedback for."""
        return [(g, q.feedback[g]) for g in given if g not in q.answer and g in q.feedback]

    # What the item-writing warnings read (packs/lint.py, packs/bank.py).

    def choices(self, q: Question) -> tuple[str, ...]:
        """The texts the author wrote for the player to choose among: right ones (keys)
        and wrong ones (distractors). None for a type whose options are fixed or are all
        right, in an order or a pairing."""
        return q.options if self.form.chosen else ()

    def stated(self, q: Question) -> tuple[str, ...]:
        """Texts the question shows as statements of the source (an order's items, a
        match's two sides), which must not give away another question's answer."""
        return ()

    def pairings(self, q: Question) -> tuple[tuple[str, str], ...]:
        """(left, right) pairs that are the answer, for a type that pairs texts."""
        return ()

    def sequence(self, q: Question) -> tuple[str, ...]:
        """The texts in their right order, for a type whose answer is an order."""
        return ()

    # Shared pieces.

    def valid_letters(self, shown: Shown, text: str) -> list[str]:
        letters = letters_of(text)
        valid = LETTERS[: len(shown.options)]
        if not letters:
            raise Unreadable(f"type a letter from A to {valid[-1]}")
        wrong = [c for c in letters if c not in valid]
        if wrong:
            raise Unreadable(f'"{wrong[0]}" is not an option: use letters A to {valid[-1]}')
        return letters


class Single(QType):
    name = "single"
    form = Form.ONE

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
                many=self.form is Form.SEVERAL,
            )
        if "feedback" in values:
            values["feedback"] = schema.feedback(
                check, values["feedback"], f"{draft.path}.feedback", options
            )

    def sound(self, q: Question) -> bool:
        return super().sound(q) and len(q.answer) == 1 and 2 <= len(q.options) <= 8

    def how_to_answer(self, shown: Shown) -> str:
        return f"Answer with one letter (A-{LETTERS[len(shown.options) - 1]}), or q to quit"

    def read(self, shown: Shown, text: str) -> tuple[str, ...]:
        unique = list(dict.fromkeys(self.valid_letters(shown, text)))
        if len(unique) > 1:
            raise Unreadable("this question has one answer: type a single letter")
        return (shown.options[LETTERS.index(unique[0])],)


class Multiple(Single):
    name = "multiple"
    form = Form.SEVERAL

    def sound(self, q: Question) -> bool:
        return QType.sound(self, q) and 2 <= len(q.options) <= 8

    def how_to_answer(self, shown: Shown) -> str:
        last = LETTERS[len(shown.options) - 1]
        return f"Answer with every letter that applies (A-{last}, e.g. AC), or q to quit"

    def read(self, shown: Shown, text: str) -> tuple[str, ...]:
        unique = sorted(set(self.valid_letters(shown, text)))
        return tuple(shown.options[LETTERS.index(c)] for c in unique)

    def is_right(self, q: Question, given: Sequence[str]) -> bool:
        return set(given) == set(q.answer)

    def partly(self, shown: Shown, given: Sequence[str]) -> str | None:
        answer = shown.question.answer
        right = [g for g in given if g in answer]
        if not right:
            return None
        letter = {text: key for key, text in self.keys(shown)}
        missed = sorted(letter[a] for a in answer if a not in given)
        extra = sorted(letter[g] for g in given if g not in answer)
        words = [f"{len(right)} of {len(answer)} right"]
        if missed:
            words.append(f"you missed {listed(missed)}")
        if extra:
            words.append(f"{listed(extra)} {word_for(len(extra), 'is', 'are')} not right")
        return "; ".join(words)


class TrueFalse(QType):
    name = "true-false"
    form = Form.TRUE_OR_FALSE
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
                check, values["feedback"], f"{draft.path}.feedback", TRUE_FALSE, SPELLED
            )

    def sound(self, q: Question) -> bool:
        return q.options == TRUE_FALSE and len(q.answer) == 1 and super().sound(q)

    def keys(self, shown: Shown) -> list[tuple[str, str]]:
        return [("t", "True"), ("f", "False")]

    def labels(self, shown: Shown) -> list[tuple[str, str]]:
        return [(option, option) for option in shown.options]

    def how_to_answer(self, shown: Shown) -> str:
        return "Answer t (true) or f (false), or q to quit"

    def read(self, shown: Shown, text: str) -> tuple[str, ...]:
        word = text.strip().lower()
        if word in TRUE_WORDS:
            return ("True",)
        if word in FALSE_WORDS:
            return ("False",)
        raise Unreadable("type t for true or f for false")

    def answer_lines(self, shown: Shown, texts: Sequence[str]) -> list[str]:
        return list(texts)

    def choices(self, q: Question) -> tuple[str, ...]:
        return ()  # True and False are the type's, not the author's


class Order(QType):
    """Items to put in order: `options` and `answer` both hold them in the right order."""

    name = "order"
    form = Form.ORDER

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

    def how_to_answer(self, shown: Shown) -> str:
        n = len(shown.options)
        return f"Type the {n} letters in order, first to last (e.g. {example(n)}), or q to quit"

    def read(self, shown: Shown, text: str) -> tuple[str, ...]:
        letters = self.valid_letters(shown, text)
        n = len(shown.options)
        if len(letters) != n or len(set(letters)) != n:
            raise Unreadable(f"type each of the {n} letters once, in order (e.g. {example(n)})")
        return tuple(shown.options[LETTERS.index(c)] for c in letters)

    def partly(self, shown: Shown, given: Sequence[str]) -> str | None:
        right = in_place(given, shown.question.answer)
        if not right:
            return None
        n = len(shown.question.answer)
        where = f"{word_for(len(right), 'position')} {listed(right)}"
        return f"{len(right)} of {n} in the right place ({where})"

    def answer_lines(self, shown: Shown, texts: Sequence[str]) -> list[str]:
        letter = {text: key for key, text in self.keys(shown)}
        return [f"{i}. {letter[t]}  {t}" for i, t in enumerate(texts, 1)]

    def stated(self, q: Question) -> tuple[str, ...]:
        return q.options

    def sequence(self, q: Question) -> tuple[str, ...]:
        return q.answer


class Match(QType):
    """Pairs to match: `left` holds the numbered items, `options` and `answer` their
    matches in the same order; the matches are shown lettered, in a drawn order."""

    name = "match"
    form = Form.PAIRS

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

    def lead(self, shown: Shown) -> list[tuple[str, str]]:
        return [(str(i), item) for i, item in enumerate(shown.question.left, 1)]

    def how_to_answer(self, shown: Shown) -> str:
        n = len(shown.question.left)
        return f"Type the letter matching each of items 1 to {n} (e.g. {example(n)}), or q to quit"

    def read(self, shown: Shown, text: str) -> tuple[str, ...]:
        letters = self.valid_letters(shown, text)
        n = len(shown.question.left)
        if len(letters) != n:
            raise Unreadable(
                f"type {n} letters, one for each of items 1 to {n} (e.g. {example(n)})"
            )
        return tuple(shown.options[LETTERS.index(c)] for c in letters)

    def partly(self, shown: Shown, given: Sequence[str]) -> str | None:
        right = in_place(given, shown.question.answer)
        if not right:
            return None
        n = len(shown.question.answer)
        return f"{len(right)} of {n} pairs right ({word_for(len(right), 'item')} {listed(right)})"

    def answer_lines(self, shown: Shown, texts: Sequence[str]) -> list[str]:
        letter = {text: key for key, text in self.keys(shown)}
        pairs = zip(shown.question.left, texts, strict=True)
        return [f"{i}. {left} → {letter[t]}  {t}" for i, (left, t) in enumerate(pairs, 1)]

    def stated(self, q: Question) -> tuple[str, ...]:
        return q.left + q.options

    def pairings(self, q: Question) -> tuple[tuple[str, str], ...]:
        return tuple(zip(q.left, q.answer, strict=True))


def in_place(given: Sequence[str], answer: Sequence[str]) -> list[str]:
    """The positions (from 1) where an answer in order agrees with the right one."""
    return [str(i) for i, (g, a) in enumerate(zip(given, answer, strict=False), 1) if g == a]


def example(n: int) -> str:
    """A sample answer of n letters that is not simply A, B, C: `CAB`, `CDAB`."""
    return "".join(LETTERS[(i + 2) % n] for i in range(n))


TYPES: dict[str, QType] = {}  # name -> type: the known types, in the order registered


def of(question: Question) -> QType:
    return TYPES[question.type]


def keyed(question: Question) -> list[tuple[str, str]]:
    """(key, option text) in the pack's order, keyed as the quiz keys them: for exports."""
    return of(question).keys(AsWritten(question, question.options))


def register(qtype: QType) -> QType:
    """Make a question type known: from now on a pack may name it in `type:`, and every
    command and export handles it by asking it. A name already taken is refused."""
    if qtype.name in TYPES:
        raise ValueError(f"a question type named {qtype.name!r} is already registered")
    TYPES[qtype.name] = qtype
    return qtype


def unregister(name: str) -> None:
    """Forget a registered type (a test's own type, once the test is done)."""
    del TYPES[name]


for _builtin in (Single(), Multiple(), TrueFalse(), Order(), Match()):
    register(_builtin)

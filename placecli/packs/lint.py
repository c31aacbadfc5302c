"""Item-writing warnings: questions a test-wise reader could answer without the text.

These follow the standard multiple-choice item-writing rules (Haladyna, Downing and
Rodriguez, 2002). A pack with warnings is still valid: `place validate` lists them and
exits 0, or 1 with `--strict`. Each warning names where the record was written, the rule,
what is wrong and how to fix it; docs/content-format.md has an example of each.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from placecli.packs.model import Pack, Question
from placecli.packs.qtypes import Form, of
from placecli.words import plural

ABSOLUTE = re.compile(
    r"\b(only|always|never|all|none|every|purely|solely|entirely|completely|alone|"
    r"nothing|cannot|must)\b",
    re.IGNORECASE,
)
ABSOLUTE_WORDS = frozenset(ABSOLUTE.pattern.split("(")[1].split(")")[0].replace("|", " ").split())
NOT_LETTERS = str.maketrans(dict.fromkeys("\n\t.,;:!?()[]{}\"'/-", " "))
ABOVE = re.compile(r"\b(all|none|both|neither) of the (above|options)\b", re.IGNORECASE)
POINTING_STEM = re.compile(r"(this|these|that|those|it|they)\b", re.IGNORECASE)
LONG_KEY_RATIO = 1.5  # the key this much longer than the others on average is a cue


class Warning_(NamedTuple):
    """One item-writing warning. (`Warning` is a built-in exception, hence the name.)"""

    origin: str  # file:line of the record, or of the pack
    rule: str
    message: str
    fix: str


def warnings(pack: Pack) -> list[Warning_]:
    """Every warning for the pack: each rule's in the order the records were written."""
    found = [w for q in pack.questions for w in question_warnings(q)]
    found += list(pack_warnings(pack))
    from placecli.packs.bank import bank_warnings  # it builds on Warning_, from here

    found += list(bank_warnings(pack))
    return found


def question_warnings(q: Question) -> Iterator[Warning_]:
    if POINTING_STEM.match(q.question):
        yield Warning_(
            q.origin,
            "pointing-stem",
            f'the question "{q.id}" begins with "{q.question.split()[0]}", which points at '
            "something it does not name when the question is drawn alone",
            "name what it refers to, so the question stands alone",
        )
    joined = "\n".join(q.options).lower()  # one look for the common case: nothing found
    for option in q.options if " of the " in joined else ():
        if ABOVE.search(option):
            yield Warning_(
                q.origin,
                "all-of-the-above",
                f'"{option}" in "{q.id}" can be answered by spotting two true options',
                "write a real option instead",
            )
    form = of(q).form
    if form is Form.ONE:
        yield from long_key(q)
    words = joined.translate(NOT_LETTERS).split()
    if form in (Form.ONE, Form.SEVERAL) and not ABSOLUTE_WORDS.isdisjoint(words):
        yield from cue_words(q)


def long_key(q: Question) -> Iterator[Warning_]:
    key = q.answer[0]
    others = [len(o) for o in q.options if o != key]
    if (
        others
        and len(key) > LONG_KEY_RATIO * (sum(others) / len(others))
        and len(key) > max(others)
    ):
        yield Warning_(
            q.origin,
            "long-key",
            f'the answer to "{q.id}" is much longer than its other options '
            f"({len(key)} characters against {round(sum(others) / len(others))} on average)",
            "make the options alike in length: shorten the answer or give the others detail",
        )


def cue_words(q: Question) -> Iterator[Warning_]:
    marked = [o for o in q.options if ABSOLUTE.search(o)]
    if marked and all(o not in q.answer for o in marked):
        word = ABSOLUTE.search(marked[0])
        yield Warning_(
            q.origin,
            "cue-word",
            f'in "{q.id}" only wrong options use words like "{word[0] if word else ""}", '
            "which test-wise readers learn to reject",
            "use such words in a right option too, or in none",
        )


def pack_warnings(pack: Pack) -> Iterator[Warning_]:
    statements = [q for q in pack.questions if of(q).form is Form.TRUE_OR_FALSE]
    if len(statements) >= 4:
        true = sum(is_true(q) for q in statements)
        if not 0.3 <= true / len(statements) <= 0.7:
            yield Warning_(
                statements[0].origin,
                "true-false-balance",
                f"{true} of the {len(statements)} true/false statements are true; a reader "
                "who always answers the same way does well",
                "make about half of them true and half false",
            )
        yield from absolute_statements(statements)
    yield from key_position(pack)
    tally = pack.tally()
    for concept in pack.concepts:
        asked, prompts = tally[concept.id]
        if asked < 2:
            yield Warning_(
                concept.origin,
                "few-questions",
                f'the concept "{concept.id}" has {plural(asked, "question")}',
                "give every concept at least two, so a quiz can check it more than once",
            )
        if not prompts:
            yield Warning_(
                concept.origin,
                "no-prompt",
                f'the concept "{concept.id}" has no reflection prompt',
                "add a prompt, so it can be discussed as well as quizzed",
            )


def is_true(statement: Question) -> bool:
    """A true-or-false statement that is true: its answer is the first option."""
    return statement.answer[0] == statement.options[0]


def absolute_statements(statements: list[Question]) -> Iterator[Warning_]:
    """Absolute words are a cue when they mostly mark false statements."""
    marked = [q for q in statements if ABSOLUTE.search(q.question)]
    false = [q for q in marked if not is_true(q)]
    if len(false) >= 3 and len(false) > 2 * (len(marked) - len(false)):
        yield Warning_(
            false[0].origin,
            "absolute-statement",
            f"{len(false)} of the {len(marked)} true/false statements with words like "
            '"only" or "never" are false, so those words give the answer away',
            "put such words in true statements as often as in false ones",
        )


def key_position(pack: Pack) -> Iterator[Warning_]:
    """In a file, the right option should not always stand in one place."""
    singles = [q for q in pack.questions if of(q).form is Form.ONE]
    if len(singles) < 4:
        return
    positions = [q.options.index(q.answer[0]) for q in singles]
    commonest = max(set(positions), key=positions.count)
    if positions.count(commonest) > 0.5 * len(singles):
        yield Warning_(
            singles[0].origin,
            "key-position",
            f"the answer is option {commonest + 1} in {positions.count(commonest)} of the "
            f"{len(singles)} single-answer questions, as written in the files",
            "move the answer about among the options, so any view that does not shuffle "
            "shows no pattern",
        )

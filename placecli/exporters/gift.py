"""Moodle's GIFT format: one `$CATEGORY` per concept, then its questions.

Each question is titled with its id and written as HTML (`[html]`), so pack text is
HTML-escaped first and then GIFT-escaped (`~ = # { } :` and the backslash); line breaks
become `<br>`, as a blank line would end the question. Per-option feedback follows `#`,
the explanation is the general feedback (`####`). A multiple-answer question gives each
right option an equal share of 100% and each wrong one the same share off, using only
the weights Moodle accepts. Order questions become matching (position -> item); matching
needs three pairs in Moodle, and fewer are skipped; its answers (the right-hand texts)
are plain text in Moodle, so they are GIFT-escaped only.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from placecli.exporters import Exported, Options, Skipped, questions_of
from placecli.packs.qtypes import Form, of

if TYPE_CHECKING:
    from placecli.packs.model import Concept, Pack, Question

# The grades Moodle's GIFT import accepts (question/format/gift: its list of fractions).
MOODLE_WEIGHTS = {
    1: "100",
    2: "50",
    3: "33.33333",
    4: "25",
    5: "20",
    6: "16.66667",
    7: "14.28571",
    8: "12.5",
    9: "11.11111",
    10: "10",
}
MIN_MATCH_PAIRS = 3
_GIFT_SPECIAL = re.compile(r"([\\~=#{}:])")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def text(value: str) -> str:
    """Pack text as GIFT in HTML format: one line, HTML-escaped, GIFT specials escaped."""
    escaped = html.escape(value, quote=False).replace("\t", " ")
    return _GIFT_SPECIAL.sub(r"\\\1", _LINE_BREAK.sub("<br>", escaped))


def plain(value: str) -> str:
    """Text Moodle shows as it is (a matching answer): one line, GIFT specials escaped."""
    return _GIFT_SPECIAL.sub(r"\\\1", " ".join(value.split()))


def category(value: str) -> str:
    """A category name: one line; `/` nests categories, so a literal one is doubled."""
    return " ".join(value.split()).replace("/", "//")


def export(pack: Pack, concepts: Sequence[Concept], options: Options) -> Exported:
    lines: list[str] = []
    skipped: list[Skipped] = []
    by_concept: dict[str, list[Question]] = {c.id: [] for c in concepts}
    for question in questions_of(pack, concepts):
        by_concept[question.concept].append(question)
    for concept in concepts:
        lines += [f"$CATEGORY: $course$/top/{category(pack.title)}/{category(concept.title)}", ""]
        for question in by_concept[concept.id]:
            write = WRITERS.get(of(question).form)
            answers = write(question) if write else f"GIFT has no {question.type} question"
            if answers.startswith("{"):
                lines += [f"::{text(question.id)}::[html]{text(question.question)}{answers}", ""]
            else:
                skipped.append(Skipped(question.id, answers))
    return Exported("\n".join(lines).rstrip() + "\n" if lines else "", tuple(skipped))


def general(question: Question) -> str:
    return f"####{text(question.explanation)}"


def choice(question: Question, option: str, mark: str) -> str:
    feedback = question.feedback.get(option)
    return f"{mark}{text(option)}" + (f"#{text(feedback)}" if feedback else "")


def single(question: Question) -> str:
    marks = ["=" if o in question.answer else "~" for o in question.options]
    lines = [choice(question, o, m) for o, m in zip(question.options, marks, strict=True)]
    return "{\n" + "\n".join([*lines, general(question)]) + "\n}"


def multiple(question: Question) -> str:
    share = MOODLE_WEIGHTS.get(len(question.answer))
    if share is None:
        return f"Moodle has no grade for 1 of {len(question.answer)} right answers"
    marks = [f"~%{share}%" if o in question.answer else f"~%-{share}%" for o in question.options]
    lines = [choice(question, o, m) for o, m in zip(question.options, marks, strict=True)]
    return "{\n" + "\n".join([*lines, general(question)]) + "\n}"


def true_false(question: Question) -> str:
    """`{TRUE#shown to a wrong answer#shown to a right one ####general}`; the first
    option is the true one."""
    right = question.answer[0]
    wrong = next(option for option in question.options if option != right)
    feedback = [question.feedback.get(option, "") for option in (wrong, right)]
    while feedback and not feedback[-1]:
        feedback.pop()
    truth = "TRUE" if right == question.options[0] else "FALSE"
    return "{" + truth + "".join(f"#{text(f)}" for f in feedback) + general(question) + "}"


def matching(pairs: Sequence[tuple[str, str]], question: Question) -> str:
    if len(pairs) < MIN_MATCH_PAIRS:
        return f"Moodle's matching needs {MIN_MATCH_PAIRS} pairs, it has {len(pairs)}"
    if any("->" in left for left, _ in pairs):
        return "a left text holds '->', which GIFT cannot escape"
    lines = [f"={text(left)} -> {plain(right)}" for left, right in pairs]
    return "{\n" + "\n".join([*lines, general(question)]) + "\n}"


def match(question: Question) -> str:
    return matching(list(zip(question.left, question.answer, strict=True)), question)


def order(question: Question) -> str:
    """Matching each position to its item, as GIFT has no ordering question."""
    return matching([(str(n), item) for n, item in enumerate(question.answer, 1)], question)


WRITERS: dict[Form, Callable[[Question], str]] = {
    Form.ONE: single,
    Form.SEVERAL: multiple,
    Form.TRUE_OR_FALSE: true_false,
    Form.ORDER: order,
    Form.PAIRS: match,
}

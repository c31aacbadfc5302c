"""text2qti's plain-text quiz format, which `text2qti` turns into a QTI zip for Canvas.

text2qti reads each text as Markdown and `$...$` as LaTeX, so every character Markdown or
text2qti could read as syntax is backslash-escaped, and `&`, `<`, `>` and quotes become
HTML entities (which its SmartyPants leaves as they are); line breaks become `<br />`, as
each text must stay on its line. Titles are plain text to text2qti. Questions answered
by choosing one option, several, or true or false are written (true or false as a choice
between the two); questions answered by putting in order or matching are skipped.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from placecli.exporters import Exported, Options, Skipped, questions_of
from placecli.packs.qtypes import Form, of

if TYPE_CHECKING:
    from placecli.packs.model import Concept, Pack, Question

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!$])")  # Python-Markdown's escapes, and $
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def text(value: str) -> str:
    escaped = html.escape(_SPECIAL.sub(r"\\\1", value.replace("\t", " ")))
    return _LINE_BREAK.sub("<br />", escaped)


def title(value: str) -> str:
    """Titles are plain text to text2qti (no Markdown): only kept to one line."""
    return " ".join(value.split())


def export(pack: Pack, concepts: Sequence[Concept], options: Options) -> Exported:
    lines = [f"Quiz title: {title(pack.title)}"]
    if pack.description:
        lines.append(f"Quiz description: {text(pack.description)}")
    lines.append("")
    skipped: list[Skipped] = []
    number = 0
    for question in questions_of(pack, concepts):
        write = WRITERS.get(of(question).form)
        if write is None:
            skipped.append(Skipped(question.id, f"text2qti has no {question.type} question"))
            continue
        number += 1
        lines += [f"Title: {title(question.id)}", f"{number}.  {text(question.question)}"]
        lines += [f"... {text(question.explanation)}", *write(question), ""]
    return Exported("\n".join(lines).rstrip() + "\n", tuple(skipped))


def feedback(question: Question, option: str) -> list[str]:
    said = question.feedback.get(option)
    return [f"... {text(said)}"] if said else []


def choices(question: Question) -> list[str]:
    lines = []
    for letter, option in zip(string.ascii_lowercase, question.options, strict=False):
        mark = "*" if option in question.answer else ""
        lines += [f"{mark}{letter}) {text(option)}", *feedback(question, option)]
    return lines


def checkboxes(question: Question) -> list[str]:
    lines = []
    for option in question.options:
        mark = "[*]" if option in question.answer else "[ ]"
        lines += [f"{mark} {text(option)}", *feedback(question, option)]
    return lines


WRITERS: dict[Form, Callable[[Question], list[str]]] = {
    Form.ONE: choices,
    Form.SEVERAL: checkboxes,
    Form.TRUE_OR_FALSE: choices,
}

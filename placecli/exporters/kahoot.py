"""Kahoot!'s quiz spreadsheet (.xlsx), laid out as Kahoot's own import template.

The template (KahootQuizTemplate.xlsx, linked from Kahoot's "Import questions from a
spreadsheet" help page; pacphi/kahoot-quiz-generator fills in the same layout, starting
from the template) has its column headings on row 8 and one question per row from row 9:
B the question (at most 120 characters), C to F answers 1 to 4 (at most 75 each, at least
two), G the time limit in seconds (5, 10, 20, 30, 60, 90, 120 or 240), H the number of
the correct answer. Questions with one right option (single-choice, true/false) that fit
are written; anything else is skipped with its reason.

No cell starts with `=`, `+`, `-` or `@`, which a spreadsheet could run as a formula:
such a text gets a leading apostrophe. Written with XlsxWriter, with the creation date
fixed, so the same packs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from placecli.exporters import Exported, Options, Skipped, questions_of
from placecli.packs.qtypes import Form, of

if TYPE_CHECKING:
    from placecli.packs.model import Concept, Pack, Question

QUESTION_MAX = 120
ANSWER_MAX = 75
ANSWERS = range(2, 5)
TIME_LIMITS = (5, 10, 20, 30, 60, 90, 120, 240)
TIME_LIMIT = 30  # seconds: room to read a long question and its answers aloud
HEADER_ROW = 7  # zero-based: the template's row 8
HEADINGS = (
    "",
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
)
FORMULA_START = ("=", "+", "-", "@")
FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


def cell(value: str) -> str:
    """One line of text that a spreadsheet will never read as a formula."""
    value = " ".join(value.split())
    return "'" + value if value.startswith(FORMULA_START) else value


def unfit(question: Question) -> str | None:
    """Why the question cannot go into Kahoot's template, or None if it can."""
    if of(question).form not in (Form.ONE, Form.TRUE_OR_FALSE):
        return "only single-choice and true/false questions go to Kahoot"
    if len(cell(question.question)) > QUESTION_MAX:
        return f"the question is over {QUESTION_MAX} characters"
    if len(question.options) not in ANSWERS:
        return f"Kahoot takes {ANSWERS.start} to {ANSWERS.stop - 1} answers"
    if any(len(cell(c)) > ANSWER_MAX for c in question.options):
        return f"an answer is over {ANSWER_MAX} characters"
    return None


def row(question: Question) -> list[str | int]:
    """The cells from column B: the one correct answer's number is a number, as in the
    template; several would be text ("1,3")."""
    answers = [cell(c) for c in question.options]
    answers += [""] * (ANSWERS.stop - 1 - len(answers))
    right = [n for n, c in enumerate(question.options, 1) if c in question.answer]
    correct = right[0] if len(right) == 1 else ",".join(map(str, right))
    return [cell(question.question), *answers, TIME_LIMIT, correct]


def export(pack: Pack, concepts: Sequence[Concept], options: Options) -> Exported:
    import xlsxwriter

    rows: list[list[str | int]] = []
    skipped: list[Skipped] = []
    for question in questions_of(pack, concepts):
        reason = unfit(question)
        if reason:
            skipped.append(Skipped(question.id, reason))
        else:
            rows.append(row(question))
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    book.set_properties({"title": cell(pack.title), "created": FIXED_DATE})
    sheet = book.add_worksheet("Sheet1")
    sheet.write_string(0, 1, "Quiz template")
    sheet.write_string(1, 1, cell(pack.title))
    sheet.write_row(HEADER_ROW, 0, HEADINGS)
    for n, values in enumerate(rows, 1):
        sheet.write_number(HEADER_ROW + n, 0, n)
        for column, value in enumerate(values, 1):
            if isinstance(value, int):
                sheet.write_number(HEADER_ROW + n, column, value)
            else:
                sheet.write_string(HEADER_ROW + n, column, value)
    book.close()
    return Exported(out.getvalue(), tuple(skipped))

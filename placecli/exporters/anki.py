"""Anki's text import: tab-separated notes of the built-in Basic note type, fields as HTML.

The header lines tell Anki the separator, that fields are HTML, the note type, the deck,
and which columns hold each note's GUID and tags. One note per concept (its summary and
points), per glossary term and per question. The GUID is derived from the pack id and the
record id, so importing a newer export updates the notes instead of adding copies.
Fields are HTML-escaped (quotes too, so a field never opens a CSV quote), line breaks
become `<br>` and tabs a space.
"""

from __future__ import annotations

import html
import random
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from placecli.exporters import Exported, Options, questions_of, stable_id, terms_of
from placecli.packs.qtypes import Form, keyed, of
from placecli.views.text import concept_title

if TYPE_CHECKING:
    from placecli.packs.model import Concept, Pack, Question, Term

NOTETYPE = "Basic"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def field(value: str) -> str:
    return _LINE_BREAK.sub("<br>", html.escape(value).replace("\t", " "))


def deck(pack: Pack) -> str:
    """The pack's title as one deck: `::` would nest decks."""
    return " ".join(pack.title.split()).replace("::", ":")


def export(pack: Pack, concepts: Sequence[Concept], options: Options) -> Exported:
    header = [
        "#separator:tab",
        "#html:true",
        f"#notetype:{NOTETYPE}",
        f"#deck:{deck(pack)}",
        "#guid column:1",
        "#tags column:4",
    ]
    rows = [*concept_notes(pack, concepts), *term_notes(pack, terms_of(pack, concepts))]
    rows += question_notes(pack, questions_of(pack, concepts))
    return Exported("\n".join(header + ["\t".join(row) for row in rows]) + "\n")


def tags(*names: str) -> str:
    return " ".join(f"place::{name}" for name in names)


def concept_notes(pack: Pack, concepts: Sequence[Concept]) -> Iterator[list[str]]:
    for c in concepts:
        back = field(c.summary)
        if c.points:
            back += "<ul>" + "".join(f"<li>{field(p)}</li>" for p in c.points) + "</ul>"
        if c.quote:
            back += f"<blockquote>“{field(c.quote)}”</blockquote>"
        yield [stable_id(pack, "concept", c.id), field(c.title), back, tags("concept", c.id)]


def term_notes(pack: Pack, terms: Sequence[Term]) -> Iterator[list[str]]:
    for t in terms:
        front = field(t.term) + (f"<br>({field(', '.join(t.aliases))})" if t.aliases else "")
        yield [stable_id(pack, "term", t.id), front, field(t.definition), tags("term")]


def question_notes(pack: Pack, questions: Sequence[Question]) -> Iterator[list[str]]:
    for q in questions:
        front = field(q.question) + shown_options(q)
        back = f"{answer_html(q)}<br><br>{field(q.explanation)}"
        back += f"<br><br><i>{field(concept_title(pack, q.concept))}</i>"
        yield [stable_id(pack, "question", q.id), front, back, tags("question", q.concept)]


def shown_options(q: Question) -> str:
    """The options on the front, keyed as the quiz keys them; an order question's items
    shuffled by a seed taken from its id (the same every time); a match question's two
    columns."""
    form = of(q).form
    if form is Form.TRUE_OR_FALSE:
        return "<br>True or false?"
    if form is Form.ORDER:
        items = list(q.options)
        random.Random(q.id).shuffle(items)
        return "<br>Put in order:" + listed(items)
    if form is Form.PAIRS:
        rights = sorted(q.options)
        return "<br>Match:" + listed(q.left) + "with:" + listed(rights)
    return "".join(f"<br><b>{field(key)}</b> {field(o)}" for key, o in keyed(q))


def listed(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{field(i)}</li>" for i in items) + "</ul>"


def answer_html(q: Question) -> str:
    form = of(q).form
    if form is Form.ORDER:
        return "<ol>" + "".join(f"<li>{field(i)}</li>" for i in q.answer) + "</ol>"
    if form is Form.PAIRS:
        pairs = zip(q.left, q.answer, strict=True)
        return "<ul>" + "".join(f"<li>{field(a)} → {field(b)}</li>" for a, b in pairs) + "</ul>"
    if form is Form.TRUE_OR_FALSE:
        return f"<b>{field(q.answer[0])}</b>"
    right = [(key, o) for key, o in keyed(q) if o in q.answer]
    return "<br>".join(f"<b>{field(key)}</b> {field(o)}" for key, o in right)

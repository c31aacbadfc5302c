"""The printable handout as one self-contained HTML file: title and source, the concepts
by section with points and quotes, the glossary, the reflection prompts with room to
write, and with the answer key the quiz and its answers.

The print styles leave the paper size to the printer (A4 or Letter; WeasyPrint, which
makes the PDF, takes A4), number the pages, and keep each concept, term, prompt and
question on one page. Every pack text is HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from html import escape
from typing import TYPE_CHECKING

from placecli.exporters import Exported, Options, prompts_of, questions_of, terms_of
from placecli.packs.qtypes import Form, keyed, of
from placecli.views.text import byline, concept_links, concept_title, local_note, sections_of

if TYPE_CHECKING:
    from placecli.packs.model import Concept, Pack, Prompt, Question, Term

STYLE = """\
:root { font-family: Georgia, "DejaVu Serif", serif; line-height: 1.45; color: #111; }
body { max-width: 44em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.8em; margin-bottom: 0.2em; }
h2 { border-bottom: 1px solid #999; margin-top: 1.6em; }
.source { color: #444; }
.concept, .term, .prompt, .question { break-inside: avoid; page-break-inside: avoid; }
blockquote { margin: 0.5em 1.5em; font-style: italic; }
.local { border-left: 3px solid #2a7a3a; padding-left: 0.75em; }
.links, .meta { color: #555; font-size: 0.9em; }
.prompt .meta { margin-right: 0.5em; }
.write { border-bottom: 1px dotted #888; height: 1.8em; }
.right { font-weight: bold; }
@page { margin: 18mm 16mm; @bottom-center { content: counter(page) " / " counter(pages); } }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .part { break-before: page; page-break-before: always; }
}
"""


def export(pack: Pack, concepts: Sequence[Concept], options: Options) -> Exported:
    body = [*heading(pack), *concept_parts(pack, concepts)]
    terms = terms_of(pack, concepts)
    if terms:
        body += glossary_part(terms)
    prompts = prompts_of(pack, concepts)
    if prompts:
        body += prompts_part(prompts, pack)
    questions = questions_of(pack, concepts)
    if options.answer_key and questions:
        body += answer_key_part(questions, pack)
    page = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(pack.title)}</title>",
        f"<style>\n{STYLE}</style>",
        "</head>",
        "<body>",
        *body,
        "</body>",
        "</html>",
    ]
    return Exported("\n".join(page) + "\n")


def heading(pack: Pack) -> Iterator[str]:
    yield f"<h1>{escape(pack.title)}</h1>"
    if pack.source:
        yield f'<p class="source">A study guide to <cite>{escape(pack.source.title)}</cite><br>'
        yield "<br>".join(escape(line) for line in byline(pack.source)) + "</p>"
    if pack.description:
        yield f"<p>{escape(pack.description)}</p>"


def concept_parts(pack: Pack, concepts: Sequence[Concept]) -> Iterator[str]:
    for _, section, members in sections_of(pack, concepts):
        if section:
            yield f"<h2>{escape(section)}</h2>"
        for concept in members:
            yield f'<section class="concept" id="{escape(concept.id)}">'
            yield f"<h3>{escape(concept.title)}</h3>"
            yield f"<p>{escape(concept.summary)}</p>"
            if concept.points:
                yield listed(concept.points)
            if concept.local:
                yield local_part(concept)
            if concept.quote:
                yield f"<blockquote>“{escape(concept.quote)}”</blockquote>"
            links = concept_links(concept, pack, for_print=True)
            if links:
                yield f'<p class="links">{escape(links)}</p>'
            yield "</section>"


def local_part(concept: Concept) -> str:
    """The room's own examples, marked as local (overlay packs: content-format.md)."""
    items = []
    for example in concept.local:
        note = local_note(example)
        meta = f" <span class=meta>({escape(note)})</span>" if note else ""
        items.append(f"<li>{escape(example.text)}{meta}</li>")
    return (
        '<div class="local"><p><strong>Local examples</strong></p><ul>'
        + "".join(items)
        + "</ul></div>"
    )


def listed(items: Sequence[str], tag: str = "ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{escape(i)}</li>" for i in items) + f"</{tag}>"


def glossary_part(terms: Sequence[Term]) -> Iterator[str]:
    yield '<section class="part"><h2>Glossary</h2><dl>'
    for term in terms:
        also = f" <span class=meta>(also: {escape(', '.join(term.aliases))})</span>"
        yield f'<div class="term"><dt>{escape(term.term)}{also if term.aliases else ""}</dt>'
        yield f"<dd>{escape(term.definition)}</dd></div>"
    yield "</dl></section>"


def prompts_part(prompts: Sequence[Prompt], pack: Pack) -> Iterator[str]:
    yield '<section class="part"><h2>Reflection</h2>'
    current: object = object()
    for prompt in prompts:
        if prompt.concept != current:
            current = prompt.concept
            yield f"<h3>{escape(concept_title(pack, prompt.concept))}</h3>"
        label = prompt.audience + (f" · {prompt.minutes} min" if prompt.minutes else "")
        yield f'<div class="prompt"><p><span class="meta">{label}</span>'
        yield f"{escape(prompt.prompt)}</p>"
        if prompt.follow_ups:
            yield listed(prompt.follow_ups)
        yield '<div class="write"></div>' * 4 + "</div>"
    yield "</section>"


def answer_key_part(questions: Sequence[Question], pack: Pack) -> Iterator[str]:
    yield '<section class="part"><h2>Quiz and answers</h2>'
    for number, question in enumerate(questions, 1):
        yield f'<div class="question"><h3>{number}. {escape(question.question)}</h3>'
        title = escape(concept_title(pack, question.concept))
        yield f'<p class="meta">{title} ({escape(question.id)})</p>'
        yield answer_html(question)
        yield f"<p><b>Why:</b> {escape(question.explanation)}</p></div>"
    yield "</section>"


def answer_html(question: Question) -> str:
    form = of(question).form
    if form is Form.ORDER:
        return "<p><b>In order:</b></p>" + listed(question.answer, "ol")
    if form is Form.PAIRS:
        pairs = zip(question.left, question.answer, strict=True)
        return "<p><b>Pairs:</b></p>" + listed([f"{a} → {b}" for a, b in pairs])
    items = []
    for key, text in keyed(question):
        right = text in question.answer
        mark = '<span class="right">✓</span>' if right else "·"
        items.append(f"<li{' class=right' if right else ''}>{mark} {key} {escape(text)}</li>")
    return "<ul>" + "".join(items) + "</ul>"

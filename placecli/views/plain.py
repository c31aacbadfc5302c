"""The model as plain text and data: Markdown handouts and JSON-ready dicts.

Nothing here imports Rich, so `--format json` and `--format markdown` start in about
half the time of a Rich view. Nothing here prints.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from placecli.packs.model import Concept, Pack, Prompt, Source, Term
from placecli.safetext import neutral
from placecli.views.text import byline, concept_links, concept_title, local_note, sections_of

if TYPE_CHECKING:
    from placecli.quiz.engine import Asked


# Markdown: a clean handout.

_MD_SPECIAL = re.compile(r"[\\`*_\[\]<>#|!~]|&(?=#?\w+;)")  # & only where it starts an entity
_MD_LINE_START = re.compile(r"^(?:([-+=])|(\d+)([.)]))")  # a list, a setext underline


def md(text: str) -> str:
    """Pack text as literal Markdown on one line: characters Markdown would read as syntax
    are escaped, and runs of white space (tabs and line breaks too) become one space, as
    Markdown itself would show a single line break."""
    text = _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), " ".join(text.split()))
    return _MD_LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def summary_markdown(pack: Pack, concepts: Sequence[Concept], brief: bool) -> str:
    lines = [f"# {md(pack.title)}", ""]
    if pack.source:
        lines += [f"A study guide to *{md(pack.source.title)}*", ""]
        lines += [md(line) + "\\" for line in byline(pack.source)[:-1]]  # hard line breaks
        lines += [md(byline(pack.source)[-1]), ""]
    for _, section, members in sections_of(pack, concepts):
        if section:
            lines += [f"## {md(section)}", ""]
        if brief:
            lines += [f"- **{md(c.title)}** (`{c.id}`)" for c in members] + [""]
            continue
        for concept in members:
            lines += concept_markdown(concept, pack)
    return neutral("\n".join(lines).rstrip() + "\n")  # shown, never obeyed, when printed


def concept_markdown(concept: Concept, pack: Pack) -> list[str]:
    lines = [f"### {md(concept.title)}", "", md(concept.summary), ""]
    if concept.points:
        lines += [f"- {md(p)}" for p in concept.points] + [""]
    if concept.local:
        lines += ["**Local examples**", ""]
        for example in concept.local:
            note = local_note(example)
            lines.append(f"- {md(example.text)}" + (f" *({md(note)})*" if note else ""))
        lines.append("")
    if concept.quote:
        lines += [f"> “{md(concept.quote)}”", ""]
    links = concept_links(concept, pack, for_print=True)
    if links:
        lines += [f"*{md(links)}*", ""]
    return lines


# JSON-ready data.


def source_data(source: Source | None) -> dict[str, Any] | None:
    if source is None:
        return None
    return {
        "title": source.title,
        "authors": [{"name": a.name, "role": a.role} for a in source.authors],
        "publication": source.publication,
        "published": source.published.isoformat() if source.published else None,
        "url": source.url,
    }


def summary_data(pack: Pack, concepts: Sequence[Concept], brief: bool) -> dict[str, Any]:
    def concept_data(c: Concept) -> dict[str, Any]:
        data: dict[str, Any] = {"id": c.id, "title": c.title, "section": c.section}
        if not brief:
            data |= {
                "summary": c.summary,
                "points": list(c.points),
                "quote": c.quote,
                "terms": list(c.terms),
                "related": list(c.related),
                "local": [
                    {
                        "text": e.text,
                        "source": e.source,
                        "as_of": e.as_of.isoformat() if e.as_of else None,
                    }
                    for e in c.local
                ],
            }
        return data

    return {
        "pack": {
            "id": pack.id,
            "title": pack.title,
            "description": pack.description,
            "source": source_data(pack.source),
        },
        "concepts": [concept_data(c) for c in concepts],
    }


def concepts_data(pack: Pack) -> list[dict[str, Any]]:
    tally = pack.tally()
    return [
        {
            "id": c.id,
            "title": c.title,
            "section": c.section,
            "questions": tally[c.id][0],
            "prompts": tally[c.id][1],
        }
        for c in pack.concepts
    ]


def terms_data(terms: Sequence[Term]) -> list[dict[str, Any]]:
    return [
        {"id": t.id, "term": t.term, "definition": t.definition, "aliases": list(t.aliases)}
        for t in terms
    ]


def prompts_data(prompts: Sequence[Prompt], pack: Pack) -> list[dict[str, Any]]:
    return [
        {
            "id": p.id,
            "concept": p.concept,
            "title": concept_title(pack, p.concept),
            "audience": p.audience,
            "minutes": p.minutes,
            "prompt": p.prompt,
            "follow_ups": list(p.follow_ups),
        }
        for p in prompts
    ]


def answer_key_data(asked: Sequence[Asked]) -> dict[str, Any]:
    return {
        "questions": [
            {
                "number": a.number,
                "id": a.question.id,
                "concept": a.question.concept,
                "type": a.question.type,
                "question": a.question.question,
                **({"items": list(a.question.left)} if a.question.left else {}),
                "options": [{"key": k, "text": o} for k, o in a.choices()],
                "answer": list(a.question.answer),
                "answer_lines": a.kind.answer_lines(a, a.question.answer),
                "explanation": a.question.explanation,
            }
            for a in asked
        ]
    }

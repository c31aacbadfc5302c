"""Plain-text helpers that the views share: the Rich views (`render.py`), the Markdown
and JSON output (`plain.py`) and the exports; a workshop plan's steps in words. No Rich
here, and nothing prints."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from placecli.packs.model import Concept, Local, Pack, Source, by_id
from placecli.words import plural

if TYPE_CHECKING:
    from placecli.workshop.plan import Show


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def byline(source: Source) -> list[str]:
    """The source as short lines: authors with roles, then publication and date."""
    authors = [f"{a.name}, {a.role}" if a.role else a.name for a in source.authors]
    where = [w for w in (source.publication, source.published and long_date(source.published)) if w]
    lines = [" · ".join(authors)] if authors else []
    if where:
        lines.append(" · ".join(str(w) for w in where))
    if source.url:
        lines.append(source.url)
    return lines


def local_note(example: Local) -> str:
    """Where a local example comes from: `Board papers, as of 1 March 2024`."""
    as_of = example.as_of and f"as of {long_date(example.as_of)}"
    return ", ".join(part for part in (example.source, as_of) if part)


def concept_title(pack: Pack, concept_id: str | None) -> str:
    if concept_id is None:
        return "General"
    try:
        return pack.concept(concept_id).title
    except KeyError:
        return concept_id


def concept_links(concept: Concept, pack: Pack, for_print: bool = False) -> str:
    """The terms a concept uses and the concepts it relates to.

    On screen, related concepts are named by id, ready to type; in print, by title.
    """
    terms = by_id(pack.terms)
    links = []
    if concept.terms:
        links.append(
            "Terms: " + ", ".join(terms[t].term if t in terms else t for t in concept.terms)
        )
    if concept.related:
        if for_print:  # titles may hold commas
            links.append("See also: " + "; ".join(concept_title(pack, r) for r in concept.related))
        else:
            links.append("See also: " + ", ".join(concept.related))
    return (" · " if for_print else "   ").join(links)


def sections_of(
    pack: Pack, concepts: Sequence[Concept]
) -> list[tuple[int, str | None, list[Concept]]]:
    """The pack's numbered sections, keeping only the chosen concepts and the sections left."""
    chosen = {c.id for c in concepts}
    numbered = enumerate(pack.sections(), start=1)
    kept = [(n, s, [c for c in members if c.id in chosen]) for n, (s, members) in numbered]
    return [(n, s, members) for n, s, members in kept if members]


# A workshop plan in words: what each step shows (for the exports and the run screen).


def show_line(show: Show, pack: Pack) -> str:
    """One line saying what a step shows."""
    if show.kind == "summary":
        return "Summary: " + "; ".join(concept_title(pack, c) for c in show.concepts)
    if show.kind == "quiz":
        return "Quiz: " + quiz_words(show)
    if show.kind == "reflect":
        who = f"{show.audience} " if show.audience else ""
        timer = f", {show.timer}-minute discussion" if show.timer else ""
        on = f" on {plural(len(show.concepts), 'concept')}" if show.concepts else ""
        return f"Reflection: {who}prompts{on}{timer}"
    if show.kind == "break":
        return "Break" + (f": {show.text}" if show.text else "")
    return show.text or ""


def quiz_words(show: Show) -> str:
    count = plural(show.questions or 10, "question")
    teams = f", teams {', '.join(show.teams)}" if show.teams else ""
    seed = f", seed {show.seed}" if show.seed else ""
    return count + teams + seed


def quiz_command(show: Show) -> str:
    """The command line that runs a quiz step by itself."""
    import shlex

    words = ["place", "quiz", "--count", str(show.questions or 10)]
    if show.seed:
        words += ["--seed", str(show.seed)]
    for concept in show.concepts:
        words += ["--concept", concept]
    if show.teams:
        words += ["--teams", ",".join(show.teams)]
    return shlex.join(words)


def drift_text(seconds: float) -> str:
    minutes = round(abs(seconds) / 60)
    if minutes == 0:
        return "on time"
    return f"{minutes} min {'behind' if seconds > 0 else 'ahead'}"

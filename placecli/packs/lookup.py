"""Finding concepts and terms by what a person types, and suggesting the closest ids."""

from __future__ import annotations

import re
from collections.abc import Sequence

from placecli.errors import UsageError
from placecli.packs.model import Concept, Pack, Term
from placecli.words import closest, closest_by_words, did_you_mean, meant, plural


def unknown(kind: str, query: str, ids: Sequence[str], listing: str) -> UsageError:
    """The error for an id that matches nothing: the closest ids, or where to see them all."""
    hint = did_you_mean(query, ids)
    if not hint:
        shown = ", ".join(ids[:12]) + (", ..." if len(ids) > 12 else "")
        hint = f"; known ids: {shown} (see `{listing}`)"
    return UsageError(f'unknown {kind} "{query}"{hint}')


def concepts_for(pack: Pack, query: str) -> list[Concept]:
    """The concepts a person means by `query`, tried in this order:

    an id or a title (any case); a section by its number (`3`) or its heading, or an
    unambiguous start of it; an unambiguous start of an id or title; the words of a
    title or id, each word matched by its start (`culture` finds "cultural", `compet`
    finds "compete"). Nothing found is a usage error with the closest concepts.
    """
    wanted = " ".join(query.lower().split())
    if not wanted:
        raise UsageError("an empty concept name; give an id from `place concepts`")
    exact = [c for c in pack.concepts if wanted in (c.id, c.title.lower())]
    if exact:
        return exact[:1]
    sections = pack.sections()
    if wanted.isdigit() and 1 <= int(wanted) <= len(sections):
        return sections[int(wanted) - 1][1]
    for attempt in (
        [m for s, m in sections if s and s.lower().rstrip("?") == wanted.rstrip("?")],
        [m for s, m in sections if s and s.lower().startswith(wanted)],
    ):
        if len(attempt) == 1:
            return attempt[0]
    for matches in (
        [c for c in pack.concepts if c.id.startswith(wanted) or c.title.lower().startswith(wanted)],
        [c for c in pack.concepts if words_match(wanted, c)],
    ):
        if len(matches) == 1:
            return matches
        if matches:
            raise ambiguous(query, matches)
    raise unknown_concept(pack, query)


def stem(word: str) -> str:
    """The start of a word that its other forms share: `culture`, `cultural` -> `cultu`."""
    return word[:5] if len(word) > 5 else word


def words_match(wanted: str, concept: Concept) -> bool:
    words = set(re.split(r"[^a-z0-9]+", f"{concept.id} {concept.title}".lower()))
    return all(
        any(w.startswith(stem(q)) for w in words) for q in re.split(r"[^a-z0-9]+", wanted) if q
    )


def listing(concepts: Sequence[Concept]) -> str:
    """Concepts one a line, id then title, for a message."""
    width = max(len(c.id) for c in concepts)
    return "\n".join(f"  {c.id.ljust(width)}  {c.title}" for c in concepts)


def ambiguous(query: str, matches: Sequence[Concept]) -> UsageError:
    return UsageError(
        f'"{query}" could mean any of these; type more of the id:\n{listing(matches)}'
    )


def unknown_concept(pack: Pack, query: str) -> UsageError:
    """No concept matches: the three closest by id and title, or where to see them all."""
    by_name = {c.id: c for c in pack.concepts} | {c.title: c for c in pack.concepts}
    near = list(dict.fromkeys(by_name[n].id for n in closest(query, by_name, n=6)))[:3]
    if not near:  # a typo in one word of an id or title
        names = [(c.id, name) for c in pack.concepts for name in (c.id, c.title)]
        near = closest_by_words(query, names)
    if not near:
        return UsageError(f'no concept matches "{query}"', "See every id with: place concepts")
    chosen = [c for c in pack.concepts if c.id in near]
    return UsageError(
        f'no concept matches "{query}"; the closest:\n{listing(chosen)}',
        "See every id with: place concepts",
    )


def find_concepts(pack: Pack, queries: Sequence[str]) -> list[Concept]:
    """Concepts for each query, in the pack's reading order, without repeats."""
    chosen = {c.id for q in queries for c in concepts_for(pack, q)}
    return [c for c in pack.concepts if c.id in chosen]


def find_term(pack: Pack, query: str) -> Term:
    """A glossary term by id, term or alias (case-insensitive), or a unique prefix of them."""
    wanted = query.strip().lower()
    for term in pack.terms:
        if wanted in {term.id, term.term.lower(), *(a.lower() for a in term.aliases)}:
            return term
    matches = [t for t in pack.terms if wanted and names_of(t, prefix=wanted)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UsageError(f'"{query}" could mean any of: {", ".join(t.id for t in matches)}')
    words = [w for t in pack.terms for w in (t.id, t.term, *t.aliases)]
    hint = (
        did_you_mean(query, words)
        # a typo in one word of a term
        or meant(closest_by_words(query, [(t.term, w) for t in pack.terms for w in names(t)]))
        or f"; see `place glossary` for all {plural(len(pack.terms), 'term')}"
    )
    raise UsageError(f'unknown term "{query}"{hint}')


def names(term: Term) -> tuple[str, ...]:
    return (term.id, term.term, *term.aliases)


def names_of(term: Term, prefix: str) -> bool:
    return any(n.lower().startswith(prefix) for n in names(term))

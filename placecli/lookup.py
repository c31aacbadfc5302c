"""Finding concepts and terms by what a person types, and suggesting the closest ids."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .errors import UsageError
from .model import Concept, Pack, Term


def closest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates most like `word`, best first (may be empty)."""
    lowered = {c.lower(): c for c in candidates}
    wanted = word.lower()
    containing = [c for low, c in lowered.items() if wanted and (wanted in low or low in wanted)]
    import difflib  # only for a mistake

    similar = difflib.get_close_matches(wanted, list(lowered), n=n, cutoff=0.6)
    return list(dict.fromkeys(containing + [lowered[s] for s in similar]))[:n]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`; did you mean "a" or "b"?` or the empty string."""
    near = closest(word, candidates)
    if not near:
        return ""
    quoted = [f'"{c}"' for c in near]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f"; did you mean {listed}?"


def unknown(kind: str, query: str, ids: Sequence[str], listing: str) -> UsageError:
    """The error for an id that matches nothing: the closest ids, or where to see them all."""
    hint = did_you_mean(query, ids)
    if not hint:
        shown = ", ".join(ids[:12]) + (", ..." if len(ids) > 12 else "")
        hint = f"; known ids: {shown} (see `{listing}`)"
    return UsageError(f'unknown {kind} "{query}"{hint}')


def find_concept(pack: Pack, query: str) -> Concept:
    """A concept by id, or by an unambiguous case-insensitive prefix of an id or title."""
    wanted = query.strip().lower()
    exact = [c for c in pack.concepts if wanted in (c.id, c.title.lower())]
    if exact:
        return exact[0]
    matches = [
        c
        for c in pack.concepts
        if wanted and (c.id.startswith(wanted) or c.title.lower().startswith(wanted))
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = ", ".join(c.id for c in matches)
        raise UsageError(f'"{query}" could mean any of: {names}; type more of the id')
    raise unknown("concept", query, [c.id for c in pack.concepts], "place concepts")


def find_concepts(pack: Pack, queries: Sequence[str]) -> list[Concept]:
    """Concepts for each query, in the pack's reading order, without repeats."""
    chosen = {find_concept(pack, q).id for q in queries}
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
    hint = did_you_mean(query, words) or f"; see `place glossary` for all {len(pack.terms)} terms"
    raise UsageError(f'unknown term "{query}"{hint}')


def names_of(term: Term, prefix: str) -> bool:
    return any(n.lower().startswith(prefix) for n in (term.id, term.term, *term.aliases))

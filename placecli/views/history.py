"""The history as data (for `--format json`) and as a small chart in the terminal.

One row per concept; one column per recent session, a bar as high as the share answered
right in it (a dot: not asked then). No printing here: the command shows what this makes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from placecli.learning.history import ConceptTally, Overview, SessionTotal, moment
from placecli.packs.model import Pack
from placecli.words import plural

BLOCKS = "▁▂▃▄▅▆▇█"
RECENT = 8  # sessions shown as columns in the chart
LISTED = 10  # sessions listed one a line


def concept_order(pack: Pack, concepts: Iterable[str]) -> list[tuple[str, str]]:
    """(id, title) in the pack's reading order; concepts no longer in the pack come last,
    by id, under their id."""
    titles = {c.id: c.title for c in pack.concepts}
    order = {c.id: i for i, c in enumerate(pack.concepts)}
    ids = sorted(set(concepts), key=lambda c: (order.get(c, len(order)), c))
    return [(c, titles.get(c, c)) for c in ids]


def cells_of(tallies: Sequence[ConceptTally]) -> dict[str, dict[int, tuple[int, int]]]:
    """{concept: {session: (right, asked)}}."""
    by_concept: dict[str, dict[int, tuple[int, int]]] = {}
    for t in tallies:
        by_concept.setdefault(t.concept, {})[t.session] = (t.right, t.asked)
    return by_concept


def history_data(
    path: str, pack: Pack, sessions: Sequence[SessionTotal], tallies: Sequence[ConceptTally]
) -> dict[str, Any]:
    by_concept = cells_of(tallies)
    return {
        "database": path,
        "answers": sum(s.asked for s in sessions),
        "sessions": [s._asdict() for s in sessions],
        "concepts": [
            {
                "concept": concept,
                "title": title,
                "right": sum(r for r, _ in by_concept[concept].values()),
                "asked": sum(a for _, a in by_concept[concept].values()),
                "sessions": [
                    {"session": s, "right": r, "asked": a}
                    for s, (r, a) in sorted(by_concept[concept].items())
                ],
            }
            for concept, title in concept_order(pack, by_concept)
        ],
    }


def cell(right: int, asked: int) -> tuple[str, str]:
    """A bar for one session's share right, and its colour."""
    share = right / asked
    style = (
        "place.bar.good"
        if right == asked
        else ("place.bar.bad" if right == 0 else "place.bar.part")
    )
    return BLOCKS[round(share * (len(BLOCKS) - 1))], style


def when(started: str) -> str:
    return moment(started).astimezone().strftime("%Y-%m-%d %H:%M")


def history_view(
    pack: Pack,
    overview: Overview,
    sessions: Sequence[SessionTotal],
    tallies: Sequence[ConceptTally],
    totals: Mapping[str, tuple[int, int]],
) -> Any:
    """The chart: the last sessions listed (`sessions`), and per concept its bars over the
    sessions `tallies` covers and its totals. For a history with at least one answer."""
    from rich.console import Group
    from rich.table import Table

    from placecli.views.render import ACCENT, Text, bar

    heading = Text.assemble(
        ("History", ACCENT),
        f": {plural(overview.sessions, 'session')}, {plural(overview.answers, 'answer')}, "
        f"since {when(overview.since or '')[:10]}",
    )
    listed = Table(box=None, padding=(0, 1), show_edge=False, header_style="place.strong")
    for name in ("session", "when", "kind", "score", ""):
        listed.add_column(name, justify="right" if name == "score" else "left")
    for s in sessions:
        listed.add_row(
            str(s.id), when(s.started), s.kind, f"{s.right}/{s.asked}", bar(s.right, s.asked)
        )
    recent = sorted({t.session for t in tallies})
    by_concept = cells_of(tallies)
    chart = Table(box=None, padding=(0, 1), show_edge=False, header_style="place.strong")
    chart.add_column("concept")
    chart.add_column(f"last {len(recent)}", no_wrap=True, overflow="ignore")
    chart.add_column("right", justify="right")
    for concept, title in concept_order(pack, totals):
        cells = by_concept.get(concept, {})
        bars = Text()
        for session in recent:
            right_asked = cells.get(session)
            bars.append(*cell(*right_asked) if right_asked else ("·", "place.muted"))
        right, asked = totals[concept]
        chart.add_row(title, bars, f"{right}/{asked}")
    earlier = overview.sessions - len(sessions)
    parts: list[Any] = [heading, Text(), listed]
    if earlier > 0:
        parts.append(Text(f"… and {earlier} earlier (place history --format json lists all)"))
    parts += [Text(), Text("Per concept, oldest to newest:", style="place.strong"), chart]
    return Group(*parts)

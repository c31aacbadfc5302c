"""The history as data (for `--format json`) and as a small chart in the terminal.

One row per concept; one column per recent session, a bar as high as the share answered
right in it (a dot: not asked then). No printing here: the command shows what this makes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .history import ConceptTally, SessionTotal, moment
from .model import Pack

BLOCKS = "▁▂▃▄▅▆▇█"
RECENT = 8  # sessions shown as columns in the chart
LISTED = 10  # sessions listed one a line


def concept_rows(
    pack: Pack, tallies: Sequence[ConceptTally]
) -> list[tuple[str, str, dict[int, tuple[int, int]]]]:
    """(concept id, title, {session: (right, asked)}), in the pack's reading order; concepts
    no longer in the pack come last, by id, under their id."""
    by_concept: dict[str, dict[int, tuple[int, int]]] = {}
    for t in tallies:
        by_concept.setdefault(t.concept, {})[t.session] = (t.right, t.asked)
    titles = {c.id: c.title for c in pack.concepts}
    order = {c.id: i for i, c in enumerate(pack.concepts)}
    ids = sorted(by_concept, key=lambda c: (order.get(c, len(order)), c))
    return [(c, titles.get(c, c), by_concept[c]) for c in ids]


def history_data(
    path: str, pack: Pack, sessions: Sequence[SessionTotal], tallies: Sequence[ConceptTally]
) -> dict[str, Any]:
    return {
        "database": path,
        "answers": sum(s.asked for s in sessions),
        "sessions": [s._asdict() for s in sessions],
        "concepts": [
            {
                "concept": concept,
                "title": title,
                "right": sum(r for r, _ in cells.values()),
                "asked": sum(a for _, a in cells.values()),
                "sessions": [
                    {"session": s, "right": r, "asked": a} for s, (r, a) in sorted(cells.items())
                ],
            }
            for concept, title, cells in concept_rows(pack, tallies)
        ],
    }


def cell(right: int, asked: int) -> tuple[str, str]:
    """A bar for one session's share right, and its colour."""
    share = right / asked
    style = "green" if right == asked else ("red" if right == 0 else "yellow")
    return BLOCKS[round(share * (len(BLOCKS) - 1))], style


def when(started: str) -> str:
    return moment(started).astimezone().strftime("%Y-%m-%d %H:%M")


def history_view(
    pack: Pack, sessions: Sequence[SessionTotal], tallies: Sequence[ConceptTally]
) -> Any:
    """The chart, for at least one session."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from .render import ACCENT, bar

    answers = sum(s.asked for s in sessions)
    heading = Text.assemble(
        ("History", ACCENT),
        f": {len(sessions)} session{'s' * (len(sessions) != 1)}, {answers} answers, "
        f"since {when(sessions[0].started)[:10]}",
    )
    listed = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    for name in ("session", "when", "kind", "score", ""):
        listed.add_column(name, justify="right" if name == "score" else "left")
    for s in sessions[-LISTED:]:
        listed.add_row(
            str(s.id), when(s.started), s.kind, f"{s.right}/{s.asked}", bar(s.right, s.asked)
        )
    recent = [s.id for s in sessions[-RECENT:]]
    chart = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    chart.add_column("concept")
    chart.add_column(f"last {len(recent)}", no_wrap=True, overflow="ignore")
    chart.add_column("right", justify="right")
    for _, title, cells in concept_rows(pack, tallies):
        bars = Text()
        for session in recent:
            right_asked = cells.get(session)
            bars.append(*cell(*right_asked) if right_asked else ("·", "dim"))
        right, asked = sum(r for r, _ in cells.values()), sum(a for _, a in cells.values())
        chart.add_row(title, bars, f"{right}/{asked}")
    earlier = len(sessions) - LISTED
    parts: list[Any] = [heading, Text(), listed]
    if earlier > 0:
        parts.append(Text(f"… and {earlier} earlier (place history --format json lists all)"))
    parts += [Text(), Text("Per concept, oldest to newest:", style="bold"), chart]
    return Group(*parts)

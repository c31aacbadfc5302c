"""`place run` alone: the plans the packs in use ship, one line each."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType

from placecli.views.render import Text
from placecli.words import plural


def plan_listing(plans: Sequence[tuple[str, str, int, int]]) -> RenderableType:
    """`place run` alone: each plan's name, title, steps and minutes."""
    if not plans:
        return Text("The packs in use have no plans (a pack keeps them in plans/).")
    width = max(len(name) for name, *_ in plans)
    rows: list[RenderableType] = [Text("Plans (place run NAME):", style="place.strong")]
    for name, title, steps, minutes in plans:
        line = Text(f"  {name:<{width}}  ", style="place.mark") + Text(title)
        line.append(f"  {plural(steps, 'step')}, {minutes} min", style="place.muted")
        rows.append(line)
    return Group(*rows)

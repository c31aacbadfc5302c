"""What a journal's follow-up shows: the original response and the questions to answer."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule

from placecli.reflect.followups import QUESTIONS, FollowUp
from placecli.views.render import ACCENT, Text


def follow_up_view(follow: FollowUp, number: int, total: int) -> RenderableType:
    original = follow.original
    header = Text(f"Follow-up {number} of {total}", style=ACCENT)
    header.append(f"  ·  after {follow.step} days  ·  {original.title}", style="place.muted")
    return Group(
        Text(),
        Rule(header, align="left", style="place.rule"),
        Text(f"On {original.when:%a} {original.when.day} {original.when:%b %Y} you answered:"),
        Padding(Text(original.prompt, style="place.strong"), (0, 0, 0, 2)),
        Padding(Text(original.response, style="place.quote"), (0, 0, 0, 2)),
        Text(),
        Text(" ".join(QUESTIONS), style="place.strong"),
    )

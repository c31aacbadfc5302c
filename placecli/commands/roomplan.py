"""`place run PLAN --room`: a workshop plan's quiz and reflection steps answered on
phones, in the plan's order, in one room session (phones join once). The plan's other
steps (summaries, texts, breaks) are for the projector.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from placecli.commands.room import Settings, Start, check_installed, start
from placecli.errors import UsageError

if TYPE_CHECKING:
    from placecli.packs.model import Pack
    from placecli.room.records import Event
    from placecli.terminal.context import Terminal
    from placecli.workshop.plan import Plan


class PlanRequest(NamedTuple):
    content: tuple[str, ...] = ()
    plan: str = ""  # a plan's name or file
    settings: Settings = Settings()


def plan(request: PlanRequest, terminal: Terminal) -> int:
    """The plan's room, served until it ends; a `step` event says where each step begins."""
    from placecli.commands.packs import load_paths, packs_in_use
    from placecli.room.items import plan_items
    from placecli.workshop import plan as plans

    check_installed()
    paths = packs_in_use(request.content, terminal)
    pack = load_paths(paths, terminal)
    chosen = plans.load_plan(plans.find_plan(request.plan, paths), pack)
    parts = room_parts(chosen, pack)
    if not parts:
        raise UsageError(f"the plan {request.plan} has no quiz or reflection steps for phones")
    room_plan = {"plan": chosen.title, "steps": len(chosen.steps), "parts": parts}
    teams = next((tuple(p["teams"]) for p in parts if p.get("teams")), ())
    items = plan_items(pack, room_plan)
    new = Start("plan", pack, items, room_plan, request.settings, None, teams)
    return start(new._replace(marks=step_marks(pack, room_plan)), terminal)


def room_parts(chosen: Plan, pack: Pack) -> list[dict[str, Any]]:
    """A plan's quiz and reflection steps as the parts of a room's plan (the start
    record keeps them, so that a resumed session draws the same items)."""
    import random

    from placecli.workshop.plan import prompts_of

    parts: list[dict[str, Any]] = []
    for number, step in enumerate(chosen.steps, start=1):
        show = step.show
        part: dict[str, Any] = {"step": number, "title": step.title}
        if show.kind == "quiz":
            seed = show.seed or random.SystemRandom().randrange(1, 10_000)
            count = show.questions or 10
            part["quiz"] = {"seed": seed, "count": count, "concepts": list(show.concepts)}
            part["teams"] = list(show.teams)
        elif show.kind == "reflect":
            prompts = [p.id for p in prompts_of(show, pack)]
            concepts = list(show.concepts)
            part["reflect"] = {"activities": ["text"], "prompts": prompts, "concepts": concepts}
        else:
            continue
        parts.append(part)
    return parts


def step_marks(pack: Pack, room_plan: dict[str, Any]) -> dict[int, Event]:
    """The `step` event that each part's first item (by number, from 1) begins."""
    from placecli.room.items import part_items

    marks: dict[int, Event] = {}
    number = 1
    for part in room_plan["parts"]:
        marks[number] = {
            "event": "step",
            "step": part["step"],
            "of": room_plan["steps"],
            "title": part["title"],
        }
        number += len(part_items(pack, part))
    return marks

"""What each side sees of the room: a phone's view (the JSON of every event on its
stream, and what its page shows) and the host's summary lines.

A phone's view is the whole state of what that phone shows, so a reconnect simply
redraws: the current question or activity, the phone's own answer, the tally once it is
revealed (and only with enough answers), the approved texts in their shuffled order,
without times or authors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from placecli.room.items import Item
    from placecli.room.records import Device
    from placecli.room.state import Room

View = dict[str, Any]
SHOWN = {"held": "waiting", "approved": "shown", "discarded": "not shown"}


def phone_view(room: Room, device: Device) -> View:
    """The whole of what this phone shows now (its countdown is added when sent)."""
    return {"token": room.token_for(device), **shared_view(room), **own_view(room, device)}


def shared_view(room: Room) -> View:
    """What every phone sees alike: the room's code, the item, the tally."""
    item = room.current
    view: View = {"code": room.setup.code, "question": None, "activity": None, "tally": None}
    view["ended"] = room.ended
    if room.setup.teams:
        view["teams"] = list(room.setup.teams)
    if item is None:
        return view
    view[item.slot] = about(room, item)
    if room.revealed and not item.takes_text:
        view["tally"] = room.tally(item)
        if view["tally"] is None:
            view["withheld"] = room.setup.min_tally
    return view


def own_view(room: Room, device: Device) -> View:
    """What only this phone sees: its answer or texts, its team; whether it was removed."""
    item = room.current
    view: View = {"you": None if item is None else yours(room, item, device)}
    if room.setup.teams:
        view["team"] = device.team
    if device.kicked:
        view |= {"kicked": True, "ended": True, "question": None, "activity": None, "you": None}
    return view


def about(room: Room, item: Item) -> View:
    """The current item as a phone shows it."""
    shown: View = {
        "id": item.id,
        "version": room.version,
        "type" if item.slot == "question" else "kind": item.kind,
        "text": item.text,
        "options": [{"key": key, "text": text} for key, text in item.options()],
        "open": room.open,
        "shape": item.shape,
        "number": room.index + 1,
        "of": len(room.items),
    }
    if item.rows():
        shown["rows"] = [{"key": key, "text": text} for key, text in item.rows()]
    if room.revealed and item.right() is not None:
        shown["answer"] = item.right()
        shown["explanation"] = item.explanation()
    if item.takes_text:
        shown["approved"] = approved(room, item)
    return shown


def yours(room: Room, item: Item, device: Device) -> View | None:
    """This phone's own answer, or its texts and what became of them."""
    if item.takes_text:
        sent = [t for t in room.texts.values() if t.device == device.id and t.activity == item.id]
        return (
            {"texts": [{"text": t.text, "status": SHOWN[t.status]} for t in sent]} if sent else None
        )
    answer = room.answers.get(item.id, {}).get(device.id)
    if answer is None:
        return None
    mine: View = {"answer": list(answer.keys)}
    if room.revealed and item.right() is not None:
        mine["correct"] = item.correct(answer.given)
    return mine


def approved(room: Room, item: Item) -> list[View]:
    """The approved texts, shuffled; the same words once, with how many sent them."""
    counted: dict[str, View] = {}
    for text_id in room.approved.get(item.id, []):
        text = room.texts[text_id]
        same = item.same(text.text)
        if same in counted:
            counted[same]["count"] += 1
        else:
            counted[same] = {"text": text.text, "count": 1}
    return list(counted.values())


def team_results(room: Room, item: Item) -> dict[str, dict[str, float]]:
    """Per team: its members, how many answered right, and its points (the share of its
    members who were right)."""
    results = {}
    answers = room.answers.get(item.id, {})
    for team in room.setup.teams:
        members = [d for d in room.devices.values() if d.team == team and not d.kicked]
        right = sum(1 for d in members if d.id in answers and item.correct(answers[d.id].given))
        points = round(right / len(members), 2) if members else 0.0
        results[team] = {"members": len(members), "right": right, "points": points}
    return results


def standings(room: Room) -> list[View]:
    """The teams by their points over every question shown, best first."""
    totals = dict.fromkeys(room.setup.teams, 0.0)
    for item in room.items[: room.index + 1]:
        if item.right() is not None:
            for team, result in team_results(room, item).items():
                totals[team] += result["points"]
    ranked = sorted(totals.items(), key=lambda pair: -pair[1])
    return [{"team": team, "points": round(points, 2)} for team, points in ranked]


def queue(room: Room) -> list[View]:
    """The texts waiting for the facilitator, oldest first."""
    return [
        {"id": t.id, "activity": t.activity, "text": t.text, "device": t.device}
        for t in room.texts.values()
        if t.status == "held"
    ]


def phones(room: Room) -> list[tuple[Device, int]]:
    """The phones in the room (not removed), first joined first, each with how many
    questions it answered and activities it wrote in."""
    wrote = {(t.device, t.activity) for t in room.texts.values()}
    counts = {device: 0 for device, _ in wrote}
    for device, _ in wrote:
        counts[device] += 1
    for answers in room.answers.values():
        for device in answers:
            counts[device] = counts.get(device, 0) + 1
    return [(d, counts.get(d.id, 0)) for d in room.devices.values() if not d.kicked]

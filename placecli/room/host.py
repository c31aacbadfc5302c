"""The host's side of the wire: commands read as lines, events written as JSON lines
(for scripts and tests, when standard output is not a terminal) or as plain lines for
a person at a terminal (phase 1's host; the full-screen host replaces it).

The commands are room.md's words; the terminal's keys work as well, typed as a line
(`r` reveals, `n` next, a blank line or `space` opens or closes ...). Text from phones
reaches the terminal only through `safetext` (JSON escaping, or `neutral`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import IO, Any

from placecli.room.records import Event
from placecli.room.state import Room
from placecli.safetext import json_escaped, neutral, one_line
from placecli.words import plural

ALIASES = {
    "": "toggle",
    "space": "toggle",
    "o": "open",
    "c": "close",
    "r": "reveal",
    "h": "hide",
    "n": "next",
    "m": "queue",
    "a": "approve",
    "d": "discard",
    "k": "kick",
    "l": "lock",
    "+": "more",
    "q": "end",
    "quit": "end",
    "?": "help",
}
KEYS = "Enter alone opens or closes answering; n next, r reveal, q ends; ? lists all"
HELP = (
    "commands: open, close (or a blank line), reveal (r), hide (h), next (n), queue (m), "
    "approve ID (a ID), discard ID (d ID), lock (l), unlock, kick DEVICE (k DEVICE), "
    "more (+), status, end (q)"
)


def command_of(line: str, room: Room) -> tuple[str, str]:
    """(command, argument) for a typed line; the keys' toggles resolved against the room."""
    word, _, argument = line.strip().partition(" ")
    name = ALIASES.get(word.lower(), word.lower())
    if name == "toggle":
        name = "close" if room.open else "open"
    elif name == "hide" and not room.revealed:
        name = "reveal"
    elif name == "lock" and room.locked and word.lower() == "l":
        name = "unlock"
    return name, argument.strip()


def json_line(event: Event) -> str:
    """One event as a line of JSON, with nothing in it that could drive a terminal."""
    return json_escaped(json.dumps(event, ensure_ascii=False)) + "\n"


class PlainHost:
    """Events as lines a person reads at a terminal."""

    def __init__(self, out: IO[str], room: Room, qr: Callable[[str], str]) -> None:
        self.out, self.room, self.qr = out, room, qr

    def write(self, text: str) -> None:
        self.out.write(neutral(text) + "\n")
        self.out.flush()

    def __call__(self, event: Event) -> None:
        show = getattr(self, "on_" + event["event"], None)
        if show is not None:
            show(event)

    def on_listening(self, event: Event) -> None:
        self.out.write(self.qr(event["qr"]) + "\n")
        self.write(f"Scan to join, or open {event['url']}")
        self.write(f"No camera? Open http://{event['where']}/ and type {event['code']}")
        self.write(KEYS)

    def on_step(self, event: Event) -> None:
        self.write(f"\nStep {event['step']} of {event['of']}: {one_line(event['title'])}")

    def on_joined(self, event: Event) -> None:
        self.write(f"{plural(event['devices'], 'phone')} joined")

    def on_opened(self, event: Event) -> None:
        item = self.room.current
        assert item is not None
        self.write(f"\n{event['number']} of {event['of']} ({item.kind}), answering open:")
        self.write(f"  {one_line(item.text)}")
        for key, text in item.options():
            self.write(f"    {key}  {one_line(text)}")

    def on_answered(self, event: Event) -> None:
        self.write(f"  {plural(event['count'], 'answer')} of {self.room.joined()}")

    def on_closed(self, event: Event) -> None:
        self.write(f"  closed: {plural(event['count'], 'answer')}")

    def on_revealed(self, event: Event) -> None:
        tally = event.get("tally")
        if tally is None:
            why = event.get("withheld") or "nothing to count"
            self.write(f"  revealed, the tally withheld: {why}")
            return
        right = set(event.get("answer") or [])
        total = max(sum(tally.values()), 1)
        for key, count in tally.items():
            bar = "█" * round(20 * count / total)
            mark = " ✓" if key in right or key == "".join(event.get("answer") or []) else ""
            self.write(f"    {key:>6}  {bar} {count}{mark}")
        for team, result in (event.get("teams") or {}).items():
            self.write(f"    {team}: {result['right']} of {result['members']} right")

    def on_text(self, event: Event) -> None:
        self.write(f"  text {event['id']} waiting: {one_line(event['text'])}")
        self.write(f"    a {event['id']} approves, d {event['id']} discards")

    def on_approved(self, event: Event) -> None:
        self.write(f"  {event['id']} approved")

    def on_discarded(self, event: Event) -> None:
        self.write(f"  {event['id']} discarded")

    def on_queue(self, event: Event) -> None:
        if not event["texts"]:
            self.write("  no texts waiting")
        for text in event["texts"]:
            self.write(f"  {text['id']} ({text['device']}): {one_line(text['text'])}")

    def on_status(self, event: Event) -> None:
        self.write(
            f"  {plural(event['devices'], 'phone')}; "
            f"{'locked' if event['locked'] else 'open to new phones'}; "
            f"{plural(event['waiting'], 'text')} waiting"
        )

    def on_locked(self, event: Event) -> None:
        self.write("  the room is locked: no new phones")

    def on_unlocked(self, event: Event) -> None:
        self.write("  the room is open to new phones")

    def on_kicked(self, event: Event) -> None:
        self.write(f"  {event['device']} removed; {plural(event['devices'], 'phone')} left")

    def on_ended(self, event: Event) -> None:
        self.write(f"\nThe session has ended. Its log: {event['log']}")
        for place in event.get("standings") or []:
            self.write(f"  {place['team']}: {place['points']} points")


def status_event(room: Room) -> dict[str, Any]:
    item = room.current
    return {
        "event": "status",
        "devices": room.joined(),
        "locked": room.locked,
        "current": None if item is None else {"id": item.id, "open": room.open},
        "waiting": sum(t.status == "held" for t in room.texts.values()),
    }


def stepped(emit: Callable[[Event], None], marks: Mapping[int, Event]) -> Callable[[Event], None]:
    """`emit`, with a plan's `step` event before the first item of each step opens."""
    if not marks:
        return emit
    last: list[Event] = []

    def out(event: Event) -> None:
        mark = marks.get(event.get("number", 0)) if event["event"] == "opened" else None
        if mark is not None and (not last or last[-1] is not mark):
            last.append(mark)
            emit(mark)
        emit(event)

    return out

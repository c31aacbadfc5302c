"""The room, pure: devices, the current item, answers, texts and the facilitator's calls.

Every change is a record (a JSON-ready dict). A request from a phone or a host command
is first checked (`check_*`, `command`): what is refused raises Refused or Unknown and
makes no record. What is accepted becomes a record, which the caller logs and then
applies (`apply`); applying a log's records again, in order, rebuilds the same room, so
a restarted server loses nothing. Ids, secrets and times come from the caller: nothing
here reads a clock or draws a random number of its own (the shuffle of approved texts is
seeded by the session's secret).
"""

from __future__ import annotations

import hmac
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from placecli.room.items import TEXT_LIMIT, Item, Refused
from placecli.room.records import (
    FATES,
    MORE_SECONDS,
    TEXTS_PER_ACTIVITY,
    Answer,
    Change,
    Device,
    Record,
    Setup,
    Text,
    Unknown,
    key_of,
    moment,
    stamp,
)
from placecli.room.views import team_results
from placecli.safetext import neutral
from placecli.words import plural


@dataclass
class Room:
    setup: Setup
    items: Sequence[Item]
    devices: dict[str, Device] = field(default_factory=dict)  # by id
    by_key: dict[str, str] = field(default_factory=dict)  # cookie hash -> device id
    locked: bool = False
    index: int = -1  # the current item; -1 before the first
    version: int = 0  # of the current item: each item shown gets the next
    open: bool = False
    until: float | None = None  # when answering closes by itself
    revealed: bool = False
    answers: dict[str, dict[str, Answer]] = field(default_factory=dict)  # item -> device ->
    texts: dict[str, Text] = field(default_factory=dict)
    nonces: set[tuple[str, str, str]] = field(default_factory=set)  # (device, activity, nonce)
    approved: dict[str, list[str]] = field(default_factory=dict)  # activity -> text ids
    decided: dict[tuple[str, str], str] = field(default_factory=dict)  # (activity, same) ->
    ended: bool = False

    # Who is here.

    @property
    def current(self) -> Item | None:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    def joined(self) -> int:
        return sum(not d.kicked for d in self.devices.values())

    def device_for(self, cookie: str | None) -> Device:
        """The device a cookie names; Refused(403) for none, an unknown or a kicked one."""
        found = self.devices.get(self.by_key.get(key_of(cookie), "")) if cookie else None
        if found is None:
            raise Refused(403, "this phone has not joined the room: scan the code again")
        if found.kicked:
            raise Refused(403, "the facilitator has removed this phone from the room")
        return found

    def token_for(self, device: Device) -> str:
        """The device's CSRF token: its POSTs carry it, from the page or the events."""
        mac = hmac.new(self.setup.secret.encode(), f"csrf:{device.id}".encode(), "sha256")
        return mac.hexdigest()[:32]

    def check_token(self, device: Device, token: str | None) -> None:
        if not token or not hmac.compare_digest(token, self.token_for(device)):
            raise Refused(403, "this page is out of date: reload it")

    # Checks: a request from a phone becomes a record, or is refused.

    def check_join(self, cookie: str | None, fresh: str, new_id: str, now: float) -> Record | None:
        """None for a phone already here (its cookie); a join record for a new one, which
        gets the `fresh` cookie."""
        if cookie:
            known = self.devices.get(self.by_key.get(key_of(cookie), ""))
            if known is not None and known.kicked:
                raise Refused(403, "the facilitator has removed this phone from the room")
            if known is not None:
                return None
        if self.ended:
            raise Refused(403, "the session has ended")
        if self.locked:
            raise Refused(403, "the room is locked: ask the facilitator")
        if self.joined() >= self.setup.max_devices:
            raise Refused(403, f"the room is full ({self.setup.max_devices} phones)")
        return {"t": stamp(now), "kind": "join", "device": new_id, "key": key_of(fresh)}

    def check_answer(
        self, device: Device, version: object, keys: object, nonce: str, now: float
    ) -> Record | None:
        """An answer record; None when this device has answered this version already."""
        item = self.current
        if item is None or version != self.version or not self.open or item.takes_text:
            raise Refused(409, "answering is closed for this question")
        if not isinstance(keys, list) or len(keys) > 26:
            raise Refused(400, "choose from the options shown")
        given = item.read(keys)
        if device.id in self.answers.get(item.id, {}):
            return None
        if self.setup.teams and device.team is None:
            raise Refused(409, "choose your team first")
        record = self.item_record(item, "answer", now) | {"device": device.id, "value": given}
        record |= {"keys": list(keys), "nonce": nonce}
        correct = item.correct(given)
        return record if correct is None else record | {"correct": correct}

    def check_text(
        self, device: Device, activity: object, text: object, nonce: str, now: float
    ) -> Record | None:
        """A text record; None for a text sent again (the same nonce)."""
        item = self.current
        if not isinstance(text, str) or not text.strip():
            raise Refused(400, "write something first")
        limit = item.limit if item is not None and item.takes_text else TEXT_LIMIT
        if len(text) > limit:
            raise Refused(413, f"at most {limit} characters")
        if item is None or activity != item.id or not self.open or not item.takes_text:
            raise Refused(409, "this activity is closed")
        kept = neutral(item.cleaned(text))  # no terminal control reaches a screen, ever
        if (device.id, item.id, nonce) in self.nonces:
            return None
        sent = sum(t.device == device.id and t.activity == item.id for t in self.texts.values())
        if sent >= TEXTS_PER_ACTIVITY:
            raise Refused(429, f"{TEXTS_PER_ACTIVITY} texts from one phone is the most")
        record = self.item_record(item, "text", now) | {"device": device.id, "value": kept}
        status = self.decided.get((item.id, item.same(kept)), "held")  # as the same words were
        return record | {"id": f"x{len(self.texts) + 1}", "nonce": nonce, "status": status}

    def check_team(self, device: Device, team: object, now: float) -> Record | None:
        if team not in self.setup.teams:
            raise Refused(400, "choose one of the teams")
        if device.team == team:
            return None
        if any(device.id in answers for answers in self.answers.values()):
            raise Refused(409, "your team is set once you have answered")
        return {"t": stamp(now), "kind": "team", "device": device.id, "value": team}

    def item_record(self, item: Item, kind: str, now: float) -> Record:
        return {
            "t": stamp(now),
            "kind": kind,
            item.slot: item.id,
            "version": self.version,
            "qhash": item.qhash,
        }

    # The host's commands.

    def command(self, name: str, argument: str, now: float) -> list[Record]:
        """The records a host command makes; Unknown when it names nothing or does nothing."""
        act = HOST_COMMANDS.get(name)
        if act is None:
            raise Unknown(f'unknown command "{name}"; the commands: {", ".join(HOST_COMMANDS)}')
        return act(self, argument, now)

    def host_open(self, argument: str, now: float) -> list[Record]:
        if self.current is None:
            return self.host_next(argument, now)
        if self.open:
            raise Unknown("answering is open already")
        until = now + self.setup.seconds if self.setup.seconds else None
        return [self.plain("open", now) | {"until": stamp(until) if until else None}]

    def host_close(self, argument: str, now: float) -> list[Record]:
        if not self.open:
            raise Unknown("answering is not open")
        return [self.plain("close", now)]

    def host_next(self, argument: str, now: float) -> list[Record]:
        if self.index + 1 >= len(self.items):
            raise Unknown("that was the last one: end finishes the session")
        records = [self.plain("close", now)] if self.open else []
        records.append(self.plain("next", now) | {"version": self.version + 1})
        until = now + self.setup.seconds if self.setup.seconds else None
        return [*records, self.plain("open", now) | {"until": stamp(until) if until else None}]

    def host_reveal(self, argument: str, now: float) -> list[Record]:
        if self.current is None:
            raise Unknown("nothing to reveal yet")
        return [self.plain("reveal", now)]

    def host_hide(self, argument: str, now: float) -> list[Record]:
        if not self.revealed:
            raise Unknown("nothing is revealed")
        return [self.plain("hide", now)]

    def host_more(self, argument: str, now: float) -> list[Record]:
        if not self.open or self.until is None:
            raise Unknown("no countdown is running")
        seconds = int(argument) if argument.isdigit() else MORE_SECONDS
        return [self.plain("more", now) | {"until": stamp(self.until + seconds)}]

    def host_moderate(self, kind: str, argument: str, now: float) -> list[Record]:
        first = self.texts.get(argument)
        if first is None:
            raise Unknown(f'no text "{argument}" to {kind}')
        status = FATES[kind]
        same = self.same(first)
        ids = [
            t.id
            for t in self.texts.values()
            if t.activity == first.activity and t.status != status and self.same(t) == same
        ]
        if not ids:
            raise Unknown(f"{first.id} is {status} already")
        record = {"t": stamp(now), "kind": kind, "activity": first.activity, "id": first.id}
        return [record | {"ids": ids}]

    def host_lock(self, locked: bool, now: float) -> list[Record]:
        if self.locked == locked:
            raise Unknown(f"the room is {'locked' if locked else 'open to new phones'} already")
        return [self.plain("lock" if locked else "unlock", now)]

    def host_kick(self, argument: str, now: float) -> list[Record]:
        device = self.devices.get(argument)
        if device is None or device.kicked:
            raise Unknown(f'no device "{argument}" in the room')
        return [{"t": stamp(now), "kind": "kick", "device": device.id}]

    def host_end(self, argument: str, now: float) -> list[Record]:
        records = [self.plain("close", now)] if self.open else []
        return [*records, self.plain("end", now)]

    def plain(self, kind: str, now: float) -> Record:
        return {"t": stamp(now), "kind": kind}

    # Applying records: the one way the room changes.

    def apply(self, record: Record) -> Change:
        change = APPLY[record["kind"]](self, record)
        if record["kind"] in HEARD:
            self.devices[record["device"]].seen = moment(record["t"])
        return change

    def on_join(self, record: Record) -> Change:
        device = Device(record["device"], record["key"])
        self.devices[device.id] = device
        self.by_key[device.key] = device.id
        return Change([{"event": "joined", "devices": self.joined()}], everyone=False)

    def on_team(self, record: Record) -> Change:
        self.devices[record["device"]].team = record["value"]
        return Change([], everyone=False, device=record["device"])

    def on_answer(self, record: Record) -> Change:
        item = self.current
        assert item is not None  # checked before it was recorded
        answer = Answer(record["device"], tuple(record["keys"]), tuple(record["value"]))
        answers = self.answers.setdefault(item.id, {})
        answers[answer.device] = answer
        count = {"event": "answered", item.slot: {"id": item.id}, "count": len(answers)}
        return Change([count], everyone=self.revealed, device=answer.device)

    def on_text(self, record: Record) -> Change:
        text = Text(record["id"], record["activity"], record["device"], record["value"])
        self.texts[text.id] = text
        self.nonces.add((text.device, text.activity, record["nonce"]))
        if record["status"] != "held":  # the same words were moderated already: decided alike
            self.decide(text, record["status"])
            return Change([], everyone=text.status == "approved", device=text.device)
        event = {"event": "text", "activity": text.activity, "id": text.id, "text": text.text}
        event["device"] = text.device
        return Change([event], everyone=False, device=text.device)

    def same(self, text: Text) -> str:
        item = next((i for i in self.items if i.id == text.activity), None)
        return item.same(text.text) if item is not None else text.text

    def decide(self, text: Text, status: str) -> None:
        if text.status == "approved":
            self.approved[text.activity].remove(text.id)
        text.status = status
        if status == "approved":
            order = self.approved.setdefault(text.activity, [])
            seed = f"{self.setup.secret}:{text.id}"
            order.insert(random.Random(seed).randrange(len(order) + 1), text.id)

    def on_moderate(self, record: Record) -> Change:
        status = FATES[record["kind"]]
        for text_id in record["ids"]:
            self.decide(self.texts[text_id], status)
        first = self.texts[record["id"]]
        self.decided[(first.activity, self.same(first))] = status
        return Change([{"event": status, "id": first.id, "activity": first.activity}])

    def on_next(self, record: Record) -> Change:
        self.index += 1
        self.version = record["version"]
        self.open, self.revealed, self.until = False, False, None
        return Change([])

    def on_open(self, record: Record) -> Change:
        item = self.current
        assert item is not None
        self.open = True
        self.until = moment(record["until"]) if record.get("until") else None
        about = {"id": item.id, "version": self.version, "type": item.kind}
        event = {"event": "opened", item.slot: about, "number": self.index + 1}
        return Change([event | {"of": len(self.items), "text": item.text}])

    def on_close(self, record: Record) -> Change:
        item = self.current
        assert item is not None
        self.open, self.until = False, None
        return Change([{"event": "closed", item.slot: {"id": item.id}, "count": self.count(item)}])

    def on_reveal(self, record: Record) -> Change:
        item = self.current
        assert item is not None
        self.revealed = True
        event = {"event": "revealed", item.slot: {"id": item.id}, "count": self.count(item)}
        event["tally"] = self.tally(item)
        if event["tally"] is None and not item.takes_text:
            event["withheld"] = f"fewer than {plural(self.setup.min_tally, 'answer')}"
        if item.right() is not None:
            event["answer"] = item.right()
        if self.setup.teams:
            event["teams"] = team_results(self, item)
        return Change([event])

    def on_hide(self, record: Record) -> Change:
        self.revealed = False
        item = self.current
        assert item is not None
        return Change([{"event": "hidden", item.slot: {"id": item.id}}])

    def on_more(self, record: Record) -> Change:
        self.until = moment(record["until"])
        return Change([{"event": "more", "until": record["until"]}])

    def on_lock(self, record: Record) -> Change:
        self.locked = record["kind"] == "lock"
        return Change([{"event": "locked" if self.locked else "unlocked"}], everyone=False)

    def on_kick(self, record: Record) -> Change:
        device = self.devices[record["device"]]
        device.kicked = True
        event = {"event": "kicked", "device": device.id, "devices": self.joined()}
        return Change([event], everyone=False, device=device.id)

    def on_end(self, record: Record) -> Change:
        self.ended, self.open = True, False
        return Change([])

    # What is counted and shown.

    def count(self, item: Item) -> int:
        """How many answered: answers, or texts for an activity answered in texts."""
        if item.takes_text:
            return sum(t.activity == item.id for t in self.texts.values())
        return len(self.answers.get(item.id, {}))

    def tally(self, item: Item) -> dict[str, int] | None:
        """The answers counted, or None while fewer than the minimum (a small tally can
        tell who answered what)."""
        answers = self.answers.get(item.id, {})
        if item.takes_text or len(answers) < self.setup.min_tally:
            return None
        return item.tally(a.keys for a in answers.values())


HEARD = {"join", "team", "answer", "text"}  # the records a phone's request makes

HOST_COMMANDS: dict[str, Callable[[Room, str, float], list[Record]]] = {
    "open": Room.host_open,
    "close": Room.host_close,
    "reveal": Room.host_reveal,
    "hide": Room.host_hide,
    "next": Room.host_next,
    "approve": lambda room, arg, now: room.host_moderate("approve", arg, now),
    "discard": lambda room, arg, now: room.host_moderate("discard", arg, now),
    "lock": lambda room, arg, now: room.host_lock(True, now),
    "unlock": lambda room, arg, now: room.host_lock(False, now),
    "kick": Room.host_kick,
    "more": Room.host_more,
    "end": Room.host_end,
}

APPLY: dict[str, Callable[[Room, Record], Change]] = {
    "join": Room.on_join,
    "team": Room.on_team,
    "answer": Room.on_answer,
    "text": Room.on_text,
    "approve": Room.on_moderate,
    "discard": Room.on_moderate,
    "next": Room.on_next,
    "open": Room.on_open,
    "close": Room.on_close,
    "reveal": Room.on_reveal,
    "hide": Room.on_hide,
    "more": Room.on_more,
    "lock": Room.on_lock,
    "unlock": Room.on_lock,
    "kick": Room.on_kick,
    "end": Room.on_end,
}

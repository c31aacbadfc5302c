"""The live room: a request or a host command checked, logged, applied, told to the
host, and the phones' streams woken.

Everything runs in one asyncio event loop (the server's), so the room needs no lock:
a request is checked, its record written to the log and applied before the next one is
looked at. A record is logged before anyone hears it was taken. A change the host made
wakes every stream at once; changes that come from the phones themselves (an answer
while the tally is shown, an approved word) wake them at most four times a second.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Callable
from typing import Any

from placecli.room.items import Refused
from placecli.room.log import Log
from placecli.room.records import Change, Device, Event, Record, Unknown
from placecli.room.state import Room
from placecli.room.views import own_view, phone_view, shared_view
from placecli.words import plural

STREAMS_PER_DEVICE = 2
SOON = 0.25  # seconds: how long changes from phones are gathered before the streams wake
BUCKET_SIZE = 20  # requests a device may make at once
BUCKET_RATE = 4.0  # and then per second
FAILURES = 30  # wrong codes or tokens from one address before it must wait
CODE_FAILURES = 200  # wrong codes from anyone before the typed code stops working
FEW = 10  # phones: fewer than this, and the host is warned when answering opens


class Bucket:
    """A token bucket: `size` at once, then `rate` a second."""

    def __init__(self, size: float, rate: float, now: float) -> None:
        self.size, self.rate = size, rate
        self.tokens, self.then = size, now

    def take(self, now: float) -> bool:
        self.tokens = min(self.size, self.tokens + (now - self.then) * self.rate)
        self.then = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class Stream:
    """One phone's open event stream."""

    def __init__(self, device: str) -> None:
        self.device = device
        self.wake = asyncio.Event()
        self.ended = False
        self.beat = False  # time for a heartbeat (a comment), so a dead stream is found

    def heartbeat(self) -> None:
        self.beat = True
        self.wake.set()


class Hub:
    def __init__(
        self,
        room: Room,
        log: Log,
        emit: Callable[[Event], None],
        note: Callable[[str], None],
        clock: Callable[[], float],
        monotonic: Callable[[], float],
    ) -> None:
        self.room, self.log, self.emit, self.note = room, log, emit, note
        self.clock, self.monotonic = clock, monotonic
        self.streams: dict[str, set[Stream]] = {}
        self.buckets: dict[str, Bucket] = {}
        self.failures: dict[str, Bucket] = {}
        self.code_failures = 0
        self.soon: asyncio.TimerHandle | None = None
        self.closing = False
        self.generation = 0  # of the room: one more for each record applied
        self.drawn: dict[tuple[Any, ...], str] = {}  # event data drawn for this generation
        self.drawn_for = -1
        self.shared: dict[str, Any] = {}
        self.tokens: dict[str, str] = {}  # each device's CSRF token, worked out once

    # Records.

    def record(self, record: Record, *, from_host: bool = False) -> None:
        self.log.append(record)
        change = self.room.apply(record)
        self.generation += 1  # every view drawn before is out of date
        self.changed(change, from_host)

    def changed(self, change: Change, from_host: bool) -> None:
        for event in change.events:
            self.emit(event)
        if change.everyone:
            if from_host:
                self.wake_all()
            else:
                self.wake_all_soon()
        elif change.device is not None:
            self.wake_device(change.device)

    def wake_all(self) -> None:
        if self.soon is not None:
            self.soon.cancel()
            self.soon = None
        for streams in self.streams.values():
            for stream in streams:
                stream.wake.set()

    def wake_all_soon(self) -> None:
        if self.soon is None:
            self.soon = asyncio.get_running_loop().call_later(SOON, self.wake_all)

    def wake_device(self, device: str) -> None:
        for stream in self.streams.get(device, ()):
            stream.wake.set()

    # The phones.

    def allow(self, device: str) -> None:
        """Refused(429) when a device asks too often."""
        now = self.monotonic()
        bucket = self.buckets.setdefault(device, Bucket(BUCKET_SIZE, BUCKET_RATE, now))
        if not bucket.take(now):
            raise Refused(429, "too many requests from this phone: wait a moment")

    def failed(self, address: str) -> None:
        """A wrong token or code from this address: too many, and it must wait."""
        now = self.monotonic()
        bucket = self.failures.setdefault(address, Bucket(FAILURES, 0.5, now))
        if not bucket.take(now):
            raise Refused(429, "too many wrong codes: wait a minute")

    def check_address(self, address: str) -> None:
        bucket = self.failures.get(address)
        if bucket is not None and bucket.tokens < 1 and not bucket.take(self.monotonic()):
            raise Refused(429, "too many wrong codes: wait a minute")

    def join_with_token(self, token: str, cookie: str | None, address: str) -> str:
        """The cookie of the phone that opened the join link (new or its own)."""
        self.check_address(address)
        if not secrets.compare_digest(token.encode(), self.room.setup.token.encode()):
            self.failed(address)
            raise Refused(404, "this is not the link of a room here: scan the code again")
        return self.join(cookie)

    def join_with_code(self, code: str, cookie: str | None, address: str) -> str:
        self.check_address(address)
        if self.code_failures >= CODE_FAILURES:
            raise Refused(403, "the room's code no longer works here: scan the QR code")
        typed = "".join(c for c in code.upper() if c.isalnum())
        wanted = "".join(c for c in self.room.setup.code if c.isalnum())
        if not secrets.compare_digest(typed.encode(), wanted.encode()):
            self.code_failures += 1
            if self.code_failures == CODE_FAILURES:
                self.note("many wrong room codes were typed: the code no longer works; QR only")
            self.failed(address)
            raise Refused(404, "that is not this room's code")
        return self.join(cookie)

    def join(self, cookie: str | None) -> str:
        fresh = secrets.token_urlsafe(24)
        record = self.room.check_join(cookie, fresh, "d-" + secrets.token_hex(3), self.clock())
        if record is None:
            assert cookie is not None
            return cookie
        self.record(record)
        if self.room.joined() == self.room.setup.max_devices:
            self.note(f"the room is full: {self.room.setup.max_devices} phones")
        return fresh

    def device(self, cookie: str | None) -> Device:
        return self.room.device_for(cookie)

    def answer(self, device: Device, body: dict[str, Any]) -> bool:
        nonce = str(body.get("nonce", ""))[:64]
        record = self.room.check_answer(
            device, body.get("version"), body.get("choice"), nonce, self.clock()
        )
        if record is None:
            return False
        self.record(record)
        return True

    def text(self, device: Device, body: dict[str, Any]) -> None:
        nonce = str(body.get("nonce", ""))[:64]
        record = self.room.check_text(
            device, body.get("activity"), body.get("text"), nonce, self.clock()
        )
        if record is not None:
            self.record(record)

    def team(self, device: Device, body: dict[str, Any]) -> None:
        record = self.room.check_team(device, body.get("team"), self.clock())
        if record is not None:
            self.record(record)

    def open_stream(self, device: Device) -> Stream:
        streams = self.streams.setdefault(device.id, set())
        if len(streams) >= STREAMS_PER_DEVICE:
            raise Refused(429, "this phone has the room open twice already")
        stream = Stream(device.id)
        streams.add(stream)
        return stream

    def close_stream(self, stream: Stream) -> None:
        streams = self.streams.get(stream.device, set())
        streams.discard(stream)
        if not streams:
            self.streams.pop(stream.device, None)

    def view(self, device: Device) -> dict[str, Any]:
        return phone_view(self.room, device)

    def event_data(self, device: Device) -> str:
        """This phone's view as its event's data, without the token, with the page's parts
        in it. Drawn once for all the phones that see the same thing: before they answer,
        every phone of a room does."""
        from placecli.room.page import parts

        own = own_view(self.room, device)
        seconds = self.seconds_left()
        drawn_key = (
            self.generation,
            json.dumps(own, sort_keys=True),
            None if seconds is None else round(seconds),
        )
        data = self.drawn.get(drawn_key)
        if data is None:
            if self.drawn_for != self.generation:
                self.drawn.clear()
                self.drawn_for, self.shared = self.generation, shared_view(self.room)
            view = self.shared | own | ({} if seconds is None else {"seconds": round(seconds)})
            text = json.dumps(view, sort_keys=True)
            data = text[:-1] + f', "parts": {json.dumps(parts(view))}}}'
            self.drawn[drawn_key] = data
        return data

    def token(self, device: Device) -> str:
        token = self.tokens.get(device.id)
        if token is None:
            token = self.tokens[device.id] = self.room.token_for(device)
        return token

    def seconds_left(self) -> float | None:
        if not self.room.open or self.room.until is None:
            return None
        return max(0.0, self.room.until - self.clock())

    # The host.

    def command(self, line: str) -> None:
        """One host command line; a mistake is a note to the host, never an end."""
        from placecli.room.host import HELP, command_of, status_event
        from placecli.room.views import queue

        name, argument = command_of(line, self.room)
        if name == "help":
            self.note(HELP)
            return
        if name in ("queue", "status"):
            event = status_event(self.room) if name == "status" else None
            self.emit(event or {"event": "queue", "texts": queue(self.room)})
            return
        try:
            records = self.room.command(name, argument, self.clock())
        except Unknown as error:
            self.note(str(error))
            return
        for record in records:
            self.record(record, from_host=True)
        if name in ("open", "next") and self.room.joined() < FEW:
            joined = plural(self.room.joined(), "phone")
            self.note(
                f"only {joined} joined: with fewer than {FEW}, a tally can tell who answered what"
            )

    def tick(self) -> None:
        """Close answering when its countdown is over."""
        if self.room.open and self.room.until is not None and self.clock() >= self.room.until:
            self.command("close")

    def end(self) -> None:
        """End the session (once): the streams say so and close."""
        if not self.room.ended:
            self.command("end")
        self.closing = True
        for streams in self.streams.values():
            for stream in streams:
                stream.ended = True
                stream.wake.set()
        self.log.sync()

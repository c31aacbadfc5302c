"""Limits on connections, below the app: uvicorn's h11 protocol with a count per address
and a deadline for each request's headers.

- At most MAX_PER_ADDRESS connections from one address at a time: the next is answered
  429 and closed. There is deliberately no limit on all connections together: with one,
  500 stalled connections would lock every phone out.
- A request's headers must arrive within HEADERS_SECONDS of the connection (or of the
  last response on it): a connection that dribbles them in (slowloris) is answered 408
  and closed, and so is one that has sent nothing.
- Headers may be at most 8 KB (h11's limit is set to it); the app limits bodies.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

MAX_PER_ADDRESS = 8
HEADERS_SECONDS = 5.0
HEADER_BYTES = 8192


HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        b"img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]


def refusal(status: int, reason: str) -> bytes:
    """A whole response written below the app, with the headers every response carries."""
    body = reason.encode()
    headers = b"".join(name + b": " + value + b"\r\n" for name, value in HEADERS)
    return (
        (
            f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\n"
            f"content-length: {len(body)}\r\nconnection: close\r\n"
        ).encode()
        + headers
        + b"\r\n"
        + body
    )


class Counts:
    """Open connections by address, shared by every connection of one server."""

    def __init__(self, limit: int = MAX_PER_ADDRESS, seconds: float = HEADERS_SECONDS) -> None:
        self.limit, self.seconds = limit, seconds
        self.open: dict[str, int] = {}


def protocol_for(counts: Counts) -> type[H11Protocol]:
    """The h11 protocol class, bound to one server's counts."""

    class Guarded(GuardedH11):
        shared = counts

    return Guarded


class GuardedH11(H11Protocol):
    shared: Counts

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.address = ""
        self.deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.address = self.client[0] if self.client else "?"
        opened = self.shared.open.get(self.address, 0)
        self.shared.open[self.address] = opened + 1
        if opened >= self.shared.limit:
            transport.write(refusal(429, "Too Many Requests"))
            transport.close()
            return
        self.arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self.disarm()
        left = self.shared.open.get(self.address, 1) - 1
        if left > 0:
            self.shared.open[self.address] = left
        else:
            self.shared.open.pop(self.address, None)
        super().connection_lost(exc)

    def arm(self) -> None:
        self.disarm()
        self.deadline = self.loop.call_later(self.shared.seconds, self.too_slow)

    def disarm(self) -> None:
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None

    def too_slow(self) -> None:
        """No whole request in time: 408, unless a request is being answered."""
        self.deadline = None
        answering = self.cycle is not None and not self.cycle.response_complete
        if answering or self.transport.is_closing():
            return
        if self.conn.their_state in (h11.IDLE, h11.SEND_BODY):
            self.transport.write(refusal(408, "Request Timeout"))
            self.transport.close()

    def send_400_response(self, msg: str) -> None:
        """A request h11 cannot read: 400, with the headers every response carries."""
        if not self.transport.is_closing():
            self.transport.write(refusal(400, "Bad Request"))
            self.transport.close()

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state not in (h11.IDLE, h11.SEND_BODY):
            self.disarm()  # the headers (and body) are in: the app takes it from here

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self.arm()

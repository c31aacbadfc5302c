"""The room running: uvicorn serving the app, the host's command lines, the countdown
and the log's syncs, in one asyncio event loop; and a shutdown that never hangs.

The socket is bound before anything else (so a port in use is one clear error), with
only the address chosen: never every address. The session ends on `end`, at the end of
the host's input, or on SIGINT, SIGTERM or SIGHUP: every stream is sent its last view
("the session has ended") and closed, uvicorn is given two seconds for what is left,
the log is synced, and `ended` is the last event.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import threading
import traceback
from collections.abc import Callable
from typing import Any, NamedTuple

from placecli.room.hub import Hub
from placecli.room.log import Log
from placecli.room.records import Event
from placecli.room.state import Room

TICK = 0.2  # seconds between looks at the countdown
SYNC = 1.0  # seconds between syncs of the log to disk
GRACE = 2  # seconds uvicorn waits for open responses when it stops
STOPS = {"SIGINT": 130, "SIGTERM": 143, "SIGHUP": 129}


class Host(NamedTuple):
    """How the room talks to the facilitator's side, passed in by the command."""

    emit: Callable[[Event], None]  # an event: a JSON line, or a plain line
    note: Callable[[str], None]  # one line of talk (standard error)
    lines: Callable[[], str | None] | None  # the next command line (blocking); None at
    # the end. None: the host's commands come another way (the host screen's keys)
    crashed: Callable[[str], None]  # a bug's traceback: saved and said


def bound_socket(address: str, port: int) -> socket.socket:
    """A listening socket on this one address (OSError if it cannot be had)."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((address, port))
        sock.listen(1024)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


def where(address: str, port: int) -> str:
    """`address:port` as a Host header and a URL write it."""
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


class Running:
    """One session being served."""

    def __init__(self, room: Room, log: Log, host: Host, sock: socket.socket) -> None:
        import time

        self.room, self.log, self.host, self.sock = room, log, host, sock
        self.stop = asyncio.Event()
        self.why = "end"
        self.hub = Hub(room, log, self.emit, host.note, time.time, time.monotonic)

    def emit(self, event: Event) -> None:
        try:
            self.host.emit(event)
        except Exception:  # the host's output is gone (a closed pipe, a full disk): stop
            self.finish("output")

    def finish(self, why: str) -> None:
        if not self.stop.is_set():
            self.why = why
            self.stop.set()

    def run_line(self, line: str | None) -> None:
        if line is None:
            self.finish("input")
            return
        if not line.strip() and not self.plain_lines:
            return
        self.hub.command(line)
        if self.room.ended:
            self.finish("end")

    plain_lines = False  # a blank line toggles answering at a terminal; in scripts, nothing

    def read_lines(self, loop: asyncio.AbstractEventLoop, lines: Callable[[], str | None]) -> None:
        """The host's lines, read in a thread of their own and handed to the loop."""

        def reader() -> None:
            while True:
                try:
                    line = lines()
                except Exception:
                    line = None
                loop.call_soon_threadsafe(self.run_line, line)
                if line is None:
                    return

        threading.Thread(target=reader, name="place-room-host", daemon=True).start()

    async def ticks(self) -> None:
        synced = 0.0
        loop = asyncio.get_running_loop()
        while not self.stop.is_set():
            await asyncio.sleep(TICK)
            self.hub.tick()
            if loop.time() - synced >= SYNC:
                self.log.sync()
                synced = loop.time()


async def serve(running: Running, hosts: list[str], listening: Event) -> str:
    """Serve until the session ends; how it ended (end, input, output, SIGINT ...)."""
    import uvicorn

    from placecli.room.guard import HEADER_BYTES, Counts, protocol_for
    from placecli.room.web import make_app

    app = make_app(running.hub, hosts)
    config = uvicorn.Config(
        catching(app, running.host.crashed),
        lifespan="off",
        http=protocol_for(Counts()),
        ws="none",
        log_config=None,
        access_log=False,
        server_header=False,
        proxy_headers=False,  # no proxy in front: X-Forwarded-For is never believed
        date_header=False,
        timeout_graceful_shutdown=GRACE,
        h11_max_incomplete_event_size=HEADER_BYTES,
    )
    logging.getLogger("uvicorn.error").setLevel(logging.CRITICAL)  # our own boundary reports
    server = uvicorn.Server(config)
    config.load()
    server.lifespan = config.lifespan_class(config)
    await server.startup(sockets=[running.sock])
    loop = asyncio.get_running_loop()
    stops = handle_signals(loop, running)
    ticking = asyncio.ensure_future(running.ticks())
    beats = asyncio.ensure_future(server.main_loop())
    running.emit(listening)
    if running.host.lines is not None:
        running.read_lines(loop, running.host.lines)
    try:
        await running.stop.wait()
    finally:
        running.hub.end()
        await asyncio.sleep(0.05)  # the streams send their last view
        server.should_exit = True
        with contextlib.suppress(Exception):
            await beats
        await server.shutdown(sockets=[running.sock])
        ticking.cancel()
        restore_signals(loop, stops)
        running.log.close()
    return running.why


Handled = tuple[int, Any, Any]  # a signal; its handler before; the loop's before, if any


def handle_signals(loop: asyncio.AbstractEventLoop, running: Running) -> list[Handled]:
    """SIGINT, SIGTERM and SIGHUP end the session as `end` does (POSIX); what handled
    them before, for `restore_signals`."""
    handled = []
    for name in STOPS:
        number = getattr(signal, name, None)
        if number is None:
            continue
        before = signal.getsignal(number)
        # the loop's own handler: the shell's, when the room serves in it (place run --room)
        loops = getattr(loop, "_signal_handlers", {}).get(number)
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(number, running.finish, name)
            handled.append((number, before, loops))
    return handled


def restore_signals(loop: asyncio.AbstractEventLoop, handled: list[Handled]) -> None:
    """The handlers from before the room served, not the defaults: a shell that goes on
    after its room still puts the terminal back on SIGTERM or SIGHUP."""
    for number, before, loops in handled:
        loop.remove_signal_handler(number)  # the default, which would kill the shell
        callback = getattr(loops, "_callback", None)
        if callback is not None and not loops.cancelled():
            loop.add_signal_handler(number, callback, *getattr(loops, "_args", ()))
        elif before is not None:
            signal.signal(number, before)


def catching(app: Callable[..., object], crashed: Callable[[str], None]) -> Callable[..., object]:
    """The app, with a bug in it reported through the host's boundary (once per
    request) rather than printed by uvicorn as a traceback."""

    async def guarded(scope: object, receive: object, send: object) -> None:
        try:
            await app(scope, receive, send)  # type: ignore[misc]
        except Exception:
            crashed(traceback.format_exc())
            raise

    return guarded


def run(room: Room, log: Log, host: Host, sock: socket.socket, hosts: list[str],
        listening: Event, *, plain: bool = False) -> str:  # fmt: skip
    """Serve the room until it ends; how it ended."""
    running = Running(room, log, host, sock)
    running.plain_lines = plain
    return asyncio.run(serve(running, hosts, listening))

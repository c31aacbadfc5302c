"""`place room`'s host screen: the room's server and its host page in one event loop,
the shell's. `host_page` wires them (the tests drive it with Textual's pilot);
`on_screen` runs it on this terminal."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from placecli.room.log import Log
    from placecli.room.records import Event
    from placecli.room.state import Room
    from placecli.screens.roomhost import HostPage
    from placecli.terminal.context import Terminal


def host_page(
    room: Room,
    log: Log,
    sock: Any,
    hosts: list[str],
    listening: Event,
    crashed: Callable[[str], None],
    marks: Mapping[int, Event],
) -> HostPage:
    """The host page, its keys the host's command lines and its events the room's; the
    server starts when the page is shown and the page leaves when the session ends."""
    from placecli.room.host import stepped
    from placecli.room.qr import qr_text
    from placecli.room.serve import Host, Running, serve
    from placecli.screens.roomhost import HostPage

    holder: list[HostPage] = []  # the page, made once the server's side is

    def event(happened: Event) -> None:
        holder[0].room_event(happened)

    def note(words: str) -> None:
        holder[0].note(words)

    host = Host(stepped(event, marks), note, None, crashed)  # None: the keys are the commands
    running = Running(room, log, host, sock)
    page = HostPage(
        room,
        listening,
        qr_text(listening["qr"]),  # drawn black on white
        running.run_line,
        lambda: serve(running, hosts, listening),
        running.hub.seconds_left,
        running.hub.clock,
    )
    holder.append(page)
    return page


def on_screen(
    terminal: Terminal,
    room: Room,
    log: Log,
    sock: Any,
    hosts: list[str],
    listening: Event,
    crashes: list[str],
    marks: Mapping[int, Event],
) -> str:
    """The host screen until the session ends; how it ended."""
    from placecli.commands.fullscreen import host_room

    def crashed(details: str) -> None:
        if not crashes:
            page.note("a request failed because of a bug in place; the session goes on")
        crashes.append(details)

    page = host_page(room, log, sock, hosts, listening, crashed, marks)
    return host_room(terminal, page)

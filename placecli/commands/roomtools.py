"""Before and after a room: `place room doctor`, `notice`, `export` and `forget`. Each
takes its request and the `Terminal` and returns a result the presenter shows: the
doctor's findings and a session's answers as json too, the notice as markdown or html.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from placecli.commands.room import bound, check_installed, listen, log_folder, session_found

if TYPE_CHECKING:
    from pathlib import Path

    from placecli.room.records import Record
    from placecli.terminal.context import Terminal


class DoctorRequest(NamedTuple):
    bind: str | None = None
    wait: int | None = None  # seconds to serve the test page; None: until Enter, at a terminal
    allow_public: bool = False
    format: Literal["rich", "json"] = "rich"


class Findings(NamedTuple):
    """What the doctor found: the interfaces, the address chosen, the port, warnings."""

    facts: dict[str, Any]

    def rich(self) -> str:
        from placecli.room.doctor import doctor_text

        return doctor_text(self.facts)

    def json(self) -> Any:
        return self.facts


def doctor(request: DoctorRequest, terminal: Terminal) -> None:
    """`place room doctor`: the network as the laptop sees it, then a test page."""
    check_installed()
    from placecli.commands.presenter import present
    from placecli.room.doctor import report
    from placecli.room.net import DEFAULT_PORT, interfaces, recommended

    found = interfaces()
    address, port = bound(request.bind, request.allow_public) if request.bind else (None, None)
    if address is None:
        best = recommended(found)
        address = best[0] if best else None
    port = DEFAULT_PORT if port is None else port
    sock, problem = None, None
    if address is not None:
        from placecli.errors import UsageError

        try:
            sock = listen(address, port)
        except UsageError as error:
            problem = error.message
    facts = report(found, address, port, problem)
    present(Findings(facts), request.format, terminal)  # before the test page is served
    if sock is None:
        return
    try:
        test_page(sock, facts, request.wait, terminal)
    finally:
        sock.close()


def test_page(sock: Any, facts: dict[str, Any], wait: int | None, terminal: Terminal) -> None:
    """Serve the test page: at a terminal until Enter (or --wait), else only with --wait."""
    import asyncio

    from placecli.commands.room import fd_reader, terminal_qr
    from placecli.errors import Interrupted
    from placecli.room.doctor import serve_test_page
    from placecli.room.serve import where

    person = terminal.stdin_tty and terminal.stdout_tty
    if not wait and not person:
        return
    url = f"http://{where(facts['address'], sock.getsockname()[1])}/"
    talk = terminal.talk()
    talk.print("Test: open this with your phone, on the same Wi-Fi as this laptop:", soft_wrap=True)
    terminal.write(terminal_qr(url.upper(), terminal) + "\n" + url + "\n")
    until = f"for {wait} seconds" if wait else "until Enter"
    talk.print(f"The test page is served {until}.", soft_wrap=True)

    def seen(address: str) -> None:
        terminal.write(f"✓ a phone at {address} opened the test page: the room will work here\n")

    async def run() -> None:
        stop = asyncio.Event()
        if person and not wait:
            loop = asyncio.get_running_loop()
            reader = fd_reader(terminal)
            loop.run_in_executor(None, lambda: (reader(), loop.call_soon_threadsafe(stop.set)))
        await serve_test_page(sock, float(wait) if wait else None, seen, stop)

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        raise Interrupted("stopped with Ctrl-C") from None


class NoticeRequest(NamedTuple):
    format: Literal["markdown", "html"] = "markdown"


class Notice(NamedTuple):
    """The privacy notice, naming the folder the logs are kept in."""

    folder: str

    def markdown(self) -> str:
        from placecli.room.notice import markdown

        return markdown(self.folder)

    def html(self) -> str:
        from placecli.room.notice import html_page

        return html_page(self.folder)


def notice(request: NoticeRequest, terminal: Terminal) -> Notice:
    """`place room notice`: the privacy notice for the information-governance lead."""
    import os

    from placecli.folders import data_folder
    from placecli.room.log import FOLDER

    data = data_folder(terminal.settings.environ)
    return Notice(os.path.join(data, FOLDER) if data else "rooms (in place's data folder)")


class ExportRequest(NamedTuple):
    session: str | None = None  # None: the latest
    format: Literal["json", "csv"] = "json"


class Answers(NamedTuple):
    """A session's log, for analysis."""

    records: list[Record]

    def json(self) -> Any:
        from placecli.room.log import export_data

        return export_data(self.records)

    def csv(self) -> str:
        from placecli.room.log import export_csv
        from placecli.safetext import neutral  # texts from phones, read in a terminal too

        return neutral(export_csv(self.records))


def export(request: ExportRequest, terminal: Terminal) -> Answers:
    """`place room export`: a session's answers and texts, as JSON or CSV."""
    from placecli.room.log import read

    return Answers(read(session_found(terminal, request.session).path))


class ForgetRequest(NamedTuple):
    session: str | None = None
    everything: bool = False  # --all
    yes: bool = False


class Deleted(NamedTuple):
    paths: list[Path]

    def rich(self) -> str:
        return "".join(f"deleted {path}\n" for path in self.paths)


def forget(request: ForgetRequest, terminal: Terminal) -> Deleted | None:
    """`place room forget`: delete a session's log, or every one, after asking."""
    from placecli.commands.learning import agreed
    from placecli.room.log import forget as delete
    from placecli.room.log import sessions

    folder = log_folder(terminal)
    everything = request.everything
    chosen = sessions(folder) if everything else [session_found(terminal, request.session)]
    if not chosen:
        terminal.talk().print(f"There are no room sessions to forget ({folder}).", soft_wrap=True)
        return None
    what = "every room session's log" if everything else f"the log of {chosen[0].id}"
    if not request.yes and not agreed(f"Delete {what} in {folder}?", terminal):
        return None
    return Deleted(delete(folder, None if everything else request.session))

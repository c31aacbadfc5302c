"""`place room`: the room on its phones. The command functions, given plain values.

`quiz`, `reflect` and `resume` build the room (items from the packs, a new session with
its secrets, or a logged one read back), bind the one address chosen, and serve until
the session ends. When standard output is not a terminal, the host's side is JSON
lines (room.md); at a terminal, plain lines (phase 1's host). `doctor`, `notice`,
`export` and `forget` are the rest. Everything heavy (Starlette, uvicorn, segno,
psutil) is imported by these functions only.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from placecli.errors import Interrupted, OutputError, UsageError
from placecli.terminal import output

if TYPE_CHECKING:
    from pathlib import Path

    from placecli.packs.model import Pack
    from placecli.room.items import Item
    from placecli.room.log import Log
    from placecli.room.records import Event, Record, Setup
    from placecli.room.state import Room

CODE_LETTERS = "ACDEFHJKMNPRTUVWXY34679"  # no 0/O, 1/I/L, 2/Z, 5/S, 8/B: said aloud clearly
ACTIVITIES = ("text", "cloud", "scale", "rank")
MAX_RANKED = 8
ROOM_EXTRA = ("starlette", "uvicorn", "segno", "psutil")  # the `room` extra (pyproject.toml)


class Settings(NamedTuple):
    """The options every `place room` session takes."""

    bind: str | None = None
    name: str | None = None
    allow_public: bool = False
    max_devices: int = 300
    min_tally: int = 5


def quiz(
    content: Sequence[str],
    settings: Settings,
    *,
    count: int = 10,
    concepts: Sequence[str] = (),
    seed: int | None = None,
    seconds: int | None = None,
    teams: str | None = None,
) -> int:
    """`place room quiz`: the quiz engine's questions, answered on phones."""
    import random

    from placecli.commands import load
    from placecli.packs.lookup import find_concepts
    from placecli.room.items import quiz_items

    check_settings(settings, seconds)
    names = teams_named(teams)
    pack = load(content)
    ids = [c.id for c in find_concepts(pack, concepts)] if concepts else []
    seed = seed if seed is not None else random.SystemRandom().randrange(1, 10_000)
    plan = {"seed": seed, "count": count, "concepts": ids}
    return start("quiz", pack, quiz_items(pack, plan), plan, settings, seconds, names)


def reflect(
    content: Sequence[str],
    settings: Settings,
    *,
    names: Sequence[str] = (),
    activities: Sequence[str] = (),
    seconds: int | None = None,
) -> int:
    """`place room reflect`: prompts and concepts as phone activities."""
    from placecli.commands import load, prompts_named
    from placecli.packs.lookup import find_concepts
    from placecli.room.items import activity_items

    check_settings(settings, seconds)
    kinds = list(dict.fromkeys(activities or ["text"]))
    pack = load(content)
    prompt_ids = {p.id for p in pack.prompts}
    prompts = prompts_named(pack, names, None, None) if {"text", "cloud"} & set(kinds) else []
    concept_names = [n for n in names if n not in prompt_ids]
    concepts = find_concepts(pack, concept_names) if concept_names else list(pack.concepts)
    if "rank" in kinds and not 2 <= len(concepts) <= MAX_RANKED:
        raise UsageError(
            f"--activity rank puts 2 to {MAX_RANKED} concepts in order, not {len(concepts)}: "
            "name the concepts to rank"
        )
    plan = {
        "activities": kinds,
        "prompts": list(dict.fromkeys(p.id for p in prompts)),
        "concepts": [c.id for c in concepts],
    }
    return start("reflect", pack, activity_items(pack, plan), plan, settings, seconds, ())


def check_installed() -> None:
    """The room extra, or one line that says how to install it."""
    from importlib.util import find_spec

    missing = [name for name in ROOM_EXTRA if find_spec(name) is None]
    if missing:
        raise UsageError(
            f"place room needs {', '.join(missing)}, which it does not install by default: "
            'pip install "placecli[room]"'
        )


def check_settings(settings: Settings, seconds: int | None) -> None:
    check_installed()
    if not 1 <= settings.max_devices <= 5000:
        raise UsageError(f"--max-devices takes 1 to 5000, not {settings.max_devices}")
    if not 1 <= settings.min_tally <= 100:
        raise UsageError(f"--min-tally takes 1 to 100, not {settings.min_tally}")
    if seconds is not None and not 5 <= seconds <= 600:
        raise UsageError(f"--time takes 5 to 600 seconds, not {seconds}")


def teams_named(teams: str | None) -> tuple[str, ...]:
    if teams is None:
        return ()
    from placecli.quiz.teams import teams_of

    return teams_of(teams)


# A session: started, served, ended.


def new_setup(kind: str, settings: Settings, seconds: int | None, teams: Sequence[str]) -> Setup:
    import base64
    import secrets
    import time

    from placecli.room.records import Setup

    token = base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=")
    code = "".join(secrets.choice(CODE_LETTERS) for _ in range(6))
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    return Setup(
        session=f"{stamp}-{secrets.token_hex(2)}",
        kind=kind,
        token=token,
        code=f"{code[:3]}-{code[3:]}",
        secret=secrets.token_hex(16),
        min_tally=settings.min_tally,
        max_devices=settings.max_devices,
        seconds=seconds,
        teams=tuple(teams),
    )


def start(
    kind: str,
    pack: Pack,
    items: list[Item],
    plan: dict[str, Any],
    settings: Settings,
    seconds: int | None,
    teams: Sequence[str],
) -> int:
    """A new session: bound, logged from its first record, served."""
    import time

    from placecli.room.log import Log, path_of, prune
    from placecli.room.records import stamp
    from placecli.room.state import Room

    if not items:
        raise UsageError("nothing to ask: the packs have no such questions or prompts")
    folder = log_folder()
    prune(folder, time.time())
    address, port = bind_of(settings)
    sock = listen(address, port)
    setup = new_setup(kind, settings, seconds, teams)
    first: Record = {"t": stamp(time.time()), "kind": "start", "session": setup.session}
    first |= {"room": kind, "setup": setup._asdict(), "pack": pack.id, "plan": plan}
    first |= {"items": [i.record() for i in items], "address": address}
    first |= {"port": sock.getsockname()[1], "name": settings.name}
    log = Log(path_of(folder, setup.session))
    log.append(first)
    return serve(Room(setup, items), log, sock, first)


def resume(content: Sequence[str], settings: Settings, session: str | None) -> int:
    """`place room resume`: a session read back from its log, served on the same address
    and port (unless --bind says otherwise), every phone still in it."""
    from placecli.commands import load
    from placecli.room.items import activity_items, quiz_items
    from placecli.room.log import Log, find, read
    from placecli.room.records import Setup
    from placecli.room.state import Room

    check_installed()
    found = find(log_folder(), session)
    records = read(found.path)
    if found.ended:
        raise UsageError(f"the session {found.id} has ended; start a new one")
    first = records[0]
    pack = load(content)
    plan = first["plan"]
    items = quiz_items(pack, plan) if first["room"] == "quiz" else activity_items(pack, plan)
    if [i.record() for i in items] != first["items"]:
        raise UsageError(
            f"the packs' questions or prompts have changed since {found.id} began: "
            "it cannot go on with other ones"
        )
    setup = Setup(**{**first["setup"], "teams": tuple(first["setup"]["teams"])})
    room = Room(setup, items)
    for record in records[1:]:
        room.apply(record)
    if settings.bind is None:
        settings = settings._replace(bind=f"{first['address']}:{first['port']}")
    settings = settings._replace(name=settings.name or first.get("name"))
    address, port = bind_of(settings)
    sock = listen(address, port)
    return serve(room, Log(found.path), sock, first | {"address": address, "port": port})


def log_folder() -> Path:
    from placecli.folders import data_folder
    from placecli.room.log import rooms_folder

    return rooms_folder(data_folder())


def bind_of(settings: Settings) -> tuple[str, int]:
    """The address and port to serve on: --bind, else the one doctor recommends."""
    from placecli.room.net import DEFAULT_PORT, checked_address, interfaces, parse_bind, recommended

    if settings.bind is not None:
        address, port = parse_bind(settings.bind)
    else:
        best = recommended(interfaces())
        if best is None:
            raise UsageError(
                "this laptop has no private network address that phones could reach: join "
                "the venue's Wi-Fi or a hotspot (place room doctor), or give --bind ADDRESS"
            )
        address, port = best[0], None
    return checked_address(address, settings.allow_public), DEFAULT_PORT if port is None else port


def listen(address: str, port: int) -> Any:
    from placecli.room.serve import bound_socket

    try:
        return bound_socket(address, port)
    except OSError as error:
        raise UsageError(
            f"cannot listen on {address}:{port}: {error.strerror or error}; "
            "choose another with --bind ADDRESS:PORT (port 0: any free port)"
        ) from None


def serve(room: Room, log: Log, sock: Any, first: Record) -> int:
    """Serve until the session ends; its exit status."""
    from placecli.room.serve import Host, run, where
    from placecli.room.views import standings

    setup = room.setup
    port = sock.getsockname()[1]
    shown = where(first.get("name") or first["address"], port)
    hosts = [where(first["address"], port)] + ([shown] if first.get("name") else [])
    listening: Event = {
        "event": "listening",
        "url": f"http://{shown}/R/{setup.token}",
        "code": setup.code,
        "address": first["address"],
        "port": port,
        "session": setup.session,
        "log": str(log.path),
        "qr": f"HTTP://{shown.upper()}/R/{setup.token}",
        "where": shown,
    }
    plain = sys.stdout.isatty()
    emit = plain_host(room) if plain else json_events
    crashes: list[str] = []
    host = Host(emit, note, fd_reader(), lambda details: crashed(details, crashes))
    try:
        why = run(room, log, host, sock, hosts, listening, plain=plain)
    finally:
        sock.close()
    ended: Event = {"event": "ended", "session": setup.session, "log": str(log.path)}
    if setup.teams:
        ended["standings"] = standings(room)
    if why != "output":
        emit(ended)
    return finish(why, crashes)


def finish(why: str, crashes: list[str]) -> int:
    from placecli.room.serve import STOPS

    if crashes:  # a bug: reported as one, now that the session has ended safely
        raise RuntimeError("a request to the room's server failed:\n" + crashes[0])
    if why == "output":
        raise OutputError("the room's events could not be written: standard output went away")
    if why in STOPS:
        how = "with Ctrl-C" if why == "SIGINT" else f"by {why}"
        raise Interrupted(f"session stopped {how}; its log is kept", STOPS[why])
    return 0


def crashed(details: str, crashes: list[str]) -> None:
    if not crashes:
        note("a request failed because of a bug in place; the session goes on (details at the end)")
    crashes.append(details)


def json_events(event: Event) -> None:
    from placecli.room.host import json_line

    output.write(json_line(event))


def plain_host(room: Room) -> Any:
    from placecli.room.host import PlainHost

    return PlainHost(output.stdout(), room, terminal_qr)  # type: ignore[arg-type]


def terminal_qr(data: str) -> str:
    """The QR code for this terminal: black on white where it has colours, else drawn for
    its background (PLACE_THEME)."""
    from placecli.room.qr import qr_text
    from placecli.terminal.theme import detect

    console = output.stdout_console()
    if console.color_system is None:
        return qr_text(data, dark_ink=detect(os.environ) == "light")
    from rich.text import Text

    with console.capture() as captured:
        console.print(Text(qr_text(data), style="black on white"), crop=False, soft_wrap=True)
    return captured.get().rstrip("\n")


def note(words: str) -> None:
    from placecli.commands import note as say

    say(words)


def fd_reader() -> Any:
    from placecli.terminal.lines import fd_lines

    if sys.stdin is None:
        return lambda: None
    return fd_lines(sys.stdin.fileno())


# Before and after: doctor, notice, export, forget.


def doctor(bind: str | None, wait: int | None, allow_public: bool, fmt: str = "rich") -> int:
    """`place room doctor`: the network as the laptop sees it, and a test page."""
    check_installed()
    from placecli.room.doctor import doctor_text, report
    from placecli.room.net import DEFAULT_PORT, checked_address, interfaces, parse_bind, recommended

    found = interfaces()
    address, port = parse_bind(bind) if bind else (None, None)
    if address is None:
        best = recommended(found)
        address = best[0] if best else None
    port = DEFAULT_PORT if port is None else port
    sock, problem = None, None
    if address is not None:
        checked_address(address, allow_public)
        try:
            sock = listen(address, port)
        except UsageError as error:
            problem = error.message
    facts = report(found, address, port, problem)
    if fmt == "json":
        output.write_json(facts)
    else:
        output.write(doctor_text(facts))
    if sock is None:
        return 0
    try:
        test_page(sock, facts, wait)
    finally:
        sock.close()
    return 0


def test_page(sock: Any, facts: dict[str, Any], wait: int | None) -> None:
    """Serve the test page: at a terminal until Enter (or --wait), else only with --wait."""
    import asyncio

    from placecli.room.doctor import serve_test_page
    from placecli.room.serve import where

    person = sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty()
    if not wait and not person:
        return
    url = f"http://{where(facts['address'], sock.getsockname()[1])}/"
    talk = output.stderr_console()
    talk.print("Test: open this with your phone, on the same Wi-Fi as this laptop:", soft_wrap=True)
    output.write(terminal_qr(url.upper()) + "\n" + url + "\n")
    until = f"for {wait} seconds" if wait else "until Enter"
    talk.print(f"The test page is served {until}.", soft_wrap=True)

    def seen(address: str) -> None:
        output.write(f"✓ a phone at {address} opened the test page: the room will work here\n")

    async def run() -> None:
        stop = asyncio.Event()
        if person and not wait:
            loop = asyncio.get_running_loop()
            reader = fd_reader()
            loop.run_in_executor(None, lambda: (reader(), loop.call_soon_threadsafe(stop.set)))
        await serve_test_page(sock, float(wait) if wait else None, seen, stop)

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        raise Interrupted("stopped with Ctrl-C") from None


def notice(fmt: str) -> None:
    """`place room notice`: the privacy notice, naming this laptop's folder."""
    from pathlib import Path

    from placecli.folders import data_folder
    from placecli.room import notice as text
    from placecli.room.log import FOLDER

    data = data_folder()
    folder = str(Path(data) / FOLDER) if data else "rooms (in place's data folder)"
    output.write(text.html_page(folder) if fmt == "html" else text.markdown(folder))


def export(session: str | None, fmt: str) -> None:
    """`place room export`: a session's answers and texts, as JSON or CSV."""
    from placecli.room.log import export_csv, export_data, find, read

    records = read(find(log_folder(), session).path)
    if fmt == "csv":
        from placecli.safetext import neutral  # texts from phones, read in a terminal too

        output.write(neutral(export_csv(records)))
    else:
        output.write_json(export_data(records))


def forget(session: str | None, everything: bool, yes: bool) -> None:
    """`place room forget`: delete a session's log, or every one, after asking."""
    from placecli.commands.learning import agreed
    from placecli.room.log import find, sessions
    from placecli.room.log import forget as delete

    if everything == (session is not None):
        raise UsageError("name one SESSION, or --all")
    folder = log_folder()
    chosen = sessions(folder) if everything else [find(folder, session)]
    talk = output.stderr_console()
    if not chosen:
        talk.print(f"There are no room sessions to forget ({folder}).", soft_wrap=True)
        return
    what = "every room session's log" if everything else f"the log of {chosen[0].id}"
    if not yes and not agreed(f"Delete {what} in {folder}?"):
        return
    for path in delete(folder, None if everything else session):
        output.write(f"deleted {path}\n")

"""`place room`: the room on its phones. Each command takes its request and the
`Terminal` and returns a result the presenter shows (or None once it has shown all).

`quiz`, `reflect` and `resume` build the room (items from the packs, a new session with
its secrets, or a logged one read back), bind the one address chosen, and serve until
the session ends. When standard output is not a terminal, the host's side is JSON
lines (room.md); at a terminal, plain lines (phase 1's host). `doctor`, `notice`,
`export` and `forget` are the rest. Everything heavy (Starlette, uvicorn, segno,
psutil) is imported by these functions only. The room's own errors carry values
(`BadBind`, `NoSession`); they are worded here, with the options' names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from placecli.errors import Interrupted, OutputError, UsageError

if TYPE_CHECKING:
    from pathlib import Path

    from placecli.packs.model import Pack
    from placecli.room.items import Item
    from placecli.room.log import Log
    from placecli.room.records import Event, Record, Setup
    from placecli.room.state import Room
    from placecli.terminal.context import Terminal

CODE_LETTERS = "ACDEFHJKMNPRTUVWXY34679"  # no 0/O, 1/I/L, 2/Z, 5/S, 8/B: said aloud clearly
Activity = Literal["text", "cloud", "scale", "rank"]
MAX_RANKED = 8
ROOM_EXTRA = ("starlette", "uvicorn", "segno", "psutil")  # the `room` extra (pyproject.toml)


class Settings(NamedTuple):
    """The options every `place room` session takes (cli.py has checked their ranges)."""

    bind: str | None = None
    name: str | None = None
    allow_public: bool = False
    max_devices: int = 300
    min_tally: int = 5


class QuizRequest(NamedTuple):
    content: tuple[str, ...] = ()
    settings: Settings = Settings()
    questions: int = 10  # --count
    concepts: tuple[str, ...] = ()
    seed: int | None = None
    seconds: int | None = None  # --time: answering closes by itself
    teams: str | None = None


class ReflectRequest(NamedTuple):
    content: tuple[str, ...] = ()
    settings: Settings = Settings()
    names: tuple[str, ...] = ()  # concepts or prompt ids
    activities: tuple[Activity, ...] = ()
    seconds: int | None = None


class ResumeRequest(NamedTuple):
    content: tuple[str, ...] = ()
    settings: Settings = Settings()
    session: str | None = None  # None: the latest


def quiz(request: QuizRequest, terminal: Terminal) -> int:
    """`place room quiz`: the quiz engine's questions, answered on phones."""
    import random

    from placecli.commands.packs import load
    from placecli.packs.lookup import find_concepts
    from placecli.room.items import quiz_items

    check_installed()
    names = teams_named(request.teams)
    pack = load(request.content, terminal)
    concepts = request.concepts
    ids = [c.id for c in find_concepts(pack, concepts)] if concepts else []
    seed = request.seed if request.seed is not None else random.SystemRandom().randrange(1, 10_000)
    plan = {"seed": seed, "count": request.questions, "concepts": ids}
    new = Start(
        "quiz", pack, quiz_items(pack, plan), plan, request.settings, request.seconds, names
    )
    return start(new, terminal)


def reflect(request: ReflectRequest, terminal: Terminal) -> int:
    """`place room reflect`: prompts and concepts as phone activities."""
    from placecli.commands.packs import load
    from placecli.commands.reflecting import prompts_named
    from placecli.packs.lookup import find_concepts
    from placecli.room.items import activity_items

    check_installed()
    kinds = list(dict.fromkeys(request.activities or ["text"]))
    names = request.names
    pack = load(request.content, terminal)
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
    items = activity_items(pack, plan)
    return start(Start("reflect", pack, items, plan, request.settings, request.seconds), terminal)


def check_installed() -> None:
    """The room extra, or one line that says how to install it."""
    from importlib.util import find_spec

    missing = [name for name in ROOM_EXTRA if find_spec(name) is None]
    if missing:
        raise UsageError(
            f"place room needs {', '.join(missing)}, which it does not install by default: "
            'pip install "placecli[room]"'
        )


def teams_named(teams: str | None) -> tuple[str, ...]:
    if teams is None:
        return ()
    from placecli.quiz.teams import BadTeams, teams_of

    try:
        return teams_of(teams)
    except BadTeams as error:
        raise UsageError(error.worded("--teams")) from None


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


class Start(NamedTuple):
    """A new session, as its command chose it."""

    kind: str  # quiz or reflect
    pack: Pack
    items: list[Item]
    plan: dict[str, Any]  # what chose the items (room.md: the start record)
    settings: Settings
    seconds: int | None = None
    teams: Sequence[str] = ()
    marks: Mapping[int, Event] | None = None  # a plan's room: the `step` each item begins


def start(new: Start, terminal: Terminal) -> int:
    """A new session: bound, logged from its first record, served."""
    import time

    from placecli.room.log import Log, path_of, prune
    from placecli.room.records import stamp
    from placecli.room.state import Room

    if not new.items:
        raise UsageError("nothing to ask: the packs have no such questions or prompts")
    folder = log_folder(terminal)
    prune(folder, time.time())
    address, port = bind_of(new.settings)
    sock = listen(address, port)
    setup = new_setup(new.kind, new.settings, new.seconds, new.teams)
    first: Record = {"t": stamp(time.time()), "kind": "start", "session": setup.session}
    first |= {"room": new.kind, "setup": setup._asdict(), "pack": new.pack.id, "plan": new.plan}
    first |= {"items": [i.record() for i in new.items], "address": address}
    first |= {"port": sock.getsockname()[1], "name": new.settings.name}
    log = Log(path_of(folder, setup.session))
    log.append(first)
    return serve(Room(setup, new.items), log, sock, first, terminal, new.marks)


def resume(request: ResumeRequest, terminal: Terminal) -> int:
    """`place room resume`: a session read back from its log, served on the same address
    and port (unless --bind says otherwise), every phone still in it."""
    from placecli.commands.packs import load
    from placecli.room.items import items_of
    from placecli.room.log import Log, read
    from placecli.room.records import Setup
    from placecli.room.state import Room

    check_installed()
    found = session_found(terminal, request.session)
    records = read(found.path)
    if found.ended:
        raise UsageError(f"the session {found.id} has ended; start a new one")
    first = records[0]
    pack = load(request.content, terminal)
    plan = first["plan"]
    items = items_of(pack, first["room"], plan)
    if [i.record() for i in items] != first["items"]:
        raise UsageError(
            f"the packs' questions or prompts have changed since {found.id} began: "
            "it cannot go on with other ones"
        )
    setup = Setup(**{**first["setup"], "teams": tuple(first["setup"]["teams"])})
    room = Room(setup, items)
    for record in records[1:]:
        room.apply(record)
    settings = request.settings
    if settings.bind is None:
        settings = settings._replace(bind=f"{first['address']}:{first['port']}")
    settings = settings._replace(name=settings.name or first.get("name"))
    address, port = bind_of(settings)
    sock = listen(address, port)
    where = first | {"address": address, "port": port}
    marks = None
    if first["room"] == "plan":
        from placecli.commands.roomplan import step_marks

        marks = step_marks(pack, plan)
    return serve(room, Log(found.path), sock, where, terminal, marks)


def log_folder(terminal: Terminal) -> Path:
    from placecli.folders import data_folder
    from placecli.room.log import rooms_folder

    return rooms_folder(data_folder(terminal.settings.environ))


def session_found(terminal: Terminal, session: str | None) -> Any:
    """The session named (else the latest) in the log folder, or a usage error."""
    from placecli.room.log import NoSession, find

    try:
        return find(log_folder(terminal), session)
    except NoSession as error:
        raise UsageError(f"{error}; place room export lists none by name") from None


# Binding: the address chosen, checked.

BIND_PROBLEMS = {
    "unreadable": '--bind takes ADDRESS or ADDRESS:PORT, not "{given}"',
    "port": "--bind: port {given} is not a port (0 to 65535)",
    "not an address": '--bind takes an IP address of this laptop, not "{given}"',
    "unspecified": "--bind {given} would listen on every network at once: choose one address "
    "(place room doctor lists them)",
    "link-local": "--bind {given}: a link-local address; choose another",
    "public": "--bind {given} is a public address: the room would be on the internet. "
    "Use a private one, or add --allow-public if you mean it",
}


def bound(bind: str, allow_public: bool) -> tuple[str, int | None]:
    """--bind read and checked: the address and the port, if it names one."""
    from placecli.room.net import BadBind, checked_address, parse_bind

    try:
        address, port = parse_bind(bind)
        return checked_address(address, allow_public), port
    except BadBind as error:
        raise UsageError(BIND_PROBLEMS[error.problem].format(given=error.given)) from None


def bind_of(settings: Settings) -> tuple[str, int]:
    """The address and port to serve on: --bind, else the one doctor recommends."""
    from placecli.room.net import DEFAULT_PORT, interfaces, recommended

    if settings.bind is not None:
        address, port = bound(settings.bind, settings.allow_public)
        return address, DEFAULT_PORT if port is None else port
    best = recommended(interfaces())
    if best is None:
        raise UsageError(
            "this laptop has no private network address that phones could reach: join "
            "the venue's Wi-Fi or a hotspot (place room doctor), or give --bind ADDRESS"
        )
    return best[0], DEFAULT_PORT


def listen(address: str, port: int) -> Any:
    from placecli.room.serve import bound_socket

    try:
        return bound_socket(address, port)
    except OSError as error:
        raise UsageError(
            f"cannot listen on {address}:{port}: {error.strerror or error}; "
            "choose another with --bind ADDRESS:PORT (port 0: any free port)"
        ) from None


# Serving: the host's side on this terminal, or JSON lines.


def serve(
    room: Room,
    log: Log,
    sock: Any,
    first: Record,
    terminal: Terminal,
    marks: Mapping[int, Event] | None = None,
) -> int:
    """Serve until the session ends; its exit status: on the host screen for a person at
    a terminal that draws full screens, else plain lines at a terminal, else JSON lines.
    `marks`: a plan's steps, announced as each begins."""
    from placecli.commands.presenter import note_on
    from placecli.room.host import stepped
    from placecli.room.serve import Host, run
    from placecli.room.views import standings

    listening, hosts = listening_event(room, log, first, sock.getsockname()[1])
    crashes: list[str] = []
    note = note_on(terminal)
    plain = terminal.stdout_tty
    emit = stepped(plain_host(room, terminal) if plain else json_events(terminal), marks or {})
    try:
        if terminal.full_screen:
            from placecli.commands.roomscreen import on_screen

            why = on_screen(terminal, room, log, sock, hosts, listening, crashes, marks or {})
        else:
            host = Host(emit, note, fd_reader(terminal), lambda bug: crashed(bug, crashes, note))
            why = run(room, log, host, sock, hosts, listening, plain=plain)
    finally:
        sock.close()
    ended: Event = {"event": "ended", "session": room.setup.session, "log": str(log.path)}
    if room.setup.teams:
        ended["standings"] = standings(room)
    if why != "output":
        emit(ended)
    return finish(why, crashes)


def listening_event(room: Room, log: Log, first: Record, port: int) -> tuple[Event, list[str]]:
    """The first event (room.md), and the Host headers the server takes."""
    from placecli.room.serve import where

    setup = room.setup
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
    return listening, hosts


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


def crashed(details: str, crashes: list[str], note: Any) -> None:
    if not crashes:
        note("a request failed because of a bug in place; the session goes on (details at the end)")
    crashes.append(details)


def json_events(terminal: Terminal) -> Any:
    from placecli.room.host import json_line

    return lambda event: terminal.write(json_line(event))


def plain_host(room: Room, terminal: Terminal) -> Any:
    from placecli.room.host import PlainHost

    return PlainHost(terminal.stdout, room, lambda data: terminal_qr(data, terminal))


def terminal_qr(data: str, terminal: Terminal) -> str:
    """The QR code for this terminal: black on white where it has colours, else drawn for
    its background (PLACE_THEME)."""
    from placecli.room.qr import qr_text

    console = terminal.screen()
    if console.color_system is None:
        return qr_text(data, dark_ink=terminal.settings.theme == "light")
    from rich.text import Text

    with console.capture() as captured:
        console.print(Text(qr_text(data), style="black on white"), crop=False, soft_wrap=True)
    return captured.get().rstrip("\n")


def fd_reader(terminal: Terminal) -> Any:
    """The host's command lines, read from standard input's descriptor (room.md)."""
    from placecli.terminal.lines import fd_lines

    if terminal.stdin is None:
        return lambda: None
    return fd_lines(terminal.stdin.fileno())

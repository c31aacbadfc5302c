"""`place room`'s host screen, driven headlessly with Textual's pilot: the room's real
server runs in the shell's event loop, phones speak HTTP to it on loopback (from
threads, as phones are elsewhere), and each key does what the same host command does
in the JSON-lines mode: the log records it."""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from placecli.commands.room import Settings, listening_event, new_setup
from placecli.commands.roomscreen import host_page
from placecli.packs.pack import load_packs
from placecli.room.items import Item, activity_items, quiz_items
from placecli.room.log import Log, path_of, rooms_folder
from placecli.room.records import Event
from placecli.room.serve import bound_socket
from placecli.room.state import Room
from placecli.screens.roomhost import HostPage
from placecli.screens.shell import Confirm, Shell

from .conftest import ROOT
from .roomkit import Phone

PACK = load_packs([ROOT / "tests" / "packs" / "every-type"])  # fixed content


class Served:
    """What roomkit's phones need of a room: its port, Host header and join token."""

    def __init__(self, page: HostPage) -> None:
        self.port = int(page.listening["port"])
        self.host = f"127.0.0.1:{self.port}"
        self.token = page.listening["url"].rsplit("/", 1)[1]


def made_page(
    data: Path, kind: str, items: list[Item], marks: dict[int, Event] | None = None
) -> tuple[HostPage, Path]:
    setup = new_setup(kind, Settings(min_tally=2), None, ())
    sock = bound_socket("127.0.0.1", 0)
    log = Log(path_of(rooms_folder(str(data)), setup.session))
    first: dict[str, Any] = {"t": "2026-12-03T10:00:00Z", "kind": "start"}
    first |= {"session": setup.session}
    first |= {"room": kind, "setup": setup._asdict(), "items": [i.record() for i in items]}
    first |= {"address": "127.0.0.1", "port": sock.getsockname()[1], "name": None}
    log.append(first)
    listening, hosts = listening_event(Room(setup, items), log, first, first["port"])
    room = Room(setup, items)
    return host_page(room, log, sock, hosts, listening, pytest.fail, marks or {}), log.path


def screen(app: Shell) -> str:
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True)
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


async def until(pilot: Any, app: Shell, words: str) -> str:
    """The screen, once it shows `words` (the server's side runs in the same loop)."""
    for _ in range(200):
        await pilot.pause(0.02)
        shown = screen(app)
        if words in shown:
            return shown
    raise AssertionError(f"{words!r} never shown:\n{screen(app)}")


async def phones(room: Served, n: int) -> list[Phone]:
    made = [Phone(room, f"127.0.0.{20 + i}") for i in range(n)]  # type: ignore[arg-type]
    for phone in made:
        assert (await asyncio.to_thread(phone.join)).status == 303
        await asyncio.to_thread(phone.view)
    return made


async def ended(pilot: Any, app: Shell) -> None:
    """y to "End the session?", then until the server has stopped and the shell is done."""
    await pilot.press("y")
    for _ in range(200):
        if app.return_value is not None:
            return
        await pilot.pause(0.02)


def kinds(path: Path) -> list[str]:
    return [json.loads(line)["kind"] for line in path.read_text().splitlines()]


def test_the_host_screen_runs_a_quiz_by_its_keys(private_data: Path) -> None:
    plan = {"seed": 2, "count": 2, "concepts": []}  # market-stalls first: A to D
    page, log = made_page(private_data, "quiz", quiz_items(PACK, plan))
    app = Shell(page, "light")

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            first = await until(pilot, app, "0 phones joined")
            assert f"Code {page.listening['code']}" in first and "▀" in first  # the QR code
            assert f"type {page.listening['code']}" in first
            room = Served(page)
            two = await phones(room, 2)
            await until(pilot, app, "2 phones joined")
            await pilot.press("n")
            shown = await until(pilot, app, "0 answered")
            assert "question 1 of 2" in shown
            assert "The tally stays hidden until r reveals it." in shown
            for phone, choice in zip(two, (["A"], ["A", "B", "C"]), strict=True):
                await asyncio.to_thread(phone.view)
                answer = await asyncio.to_thread(phone.answer, 1, choice)
                assert answer.json() == {"counted": True}
            hidden = await until(pilot, app, "2 answered")
            assert "✓" not in hidden and "█" * 12 + " " not in hidden  # no tally, no answer
            await pilot.press("r")
            revealed = await until(pilot, app, "2 ✓")
            assert re.search(
                r" A █{24} 2 ✓\s*\n +B █{12} +1 ✓\s*\n +C █{12} +1\s*\n +D +0", revealed
            )
            assert "hidden until" not in revealed
            await pilot.press("h")
            await until(pilot, app, "The tally stays hidden until r reveals it.")
            await pilot.press("plus")  # no countdown: said in the footer, nothing recorded
            await until(pilot, app, "no countdown is running")
            await pilot.press("space")
            await until(pilot, app, "closed")
            await pilot.press("l")
            await until(pilot, app, "locked · closed")
            await pilot.press("q")
            assert isinstance(app.screen, Confirm)
            await ended(pilot, app)

    asyncio.run(scenario())
    assert app.return_value == "end"
    assert kinds(log) == [
        "start", "join", "join", "next", "open", "answer", "answer", "reveal", "hide", "close",
        "lock", "end",
    ]  # fmt: skip


def test_the_host_screen_moderates_texts_and_removes_a_phone(private_data: Path) -> None:
    plan = {"activities": ["text"], "prompts": [PACK.prompts[0].id], "concepts": []}
    page, log = made_page(private_data, "reflect", activity_items(PACK, plan))
    app = Shell(page, "dark")

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, app, "0 phones joined")
            two = await phones(Served(page), 2)
            await pilot.press("n")
            await until(pilot, app, "activity 1 of 1")
            await pilot.press("a")
            await until(pilot, app, "m shows the texts waiting")
            texts = ("Trust takes time <b>here</b>", "\x1b]52;c;aGk=\x07 spam")
            for phone, text in zip(two, texts, strict=True):
                await asyncio.to_thread(phone.view)
                sent = await asyncio.to_thread(phone.text, page.room.current.id, text)  # type: ignore[union-attr]
                assert sent.json() == {"held": True}
            await until(pilot, app, "a text is waiting")
            await pilot.press("m")
            listed = await until(pilot, app, "Texts waiting: 2")
            assert "▶ x1  Trust takes time <b>here</b>  (d-" in listed
            assert "␛]52;c;aGk=␇ spam" in listed  # shown as text, never obeyed
            await pilot.press("a")
            await until(pilot, app, "Texts waiting: 1")
            await pilot.press("k")
            await until(pilot, app, "1 phone joined")
            await pilot.press("d")
            await until(pilot, app, "No texts waiting")
            await pilot.press("q")
            await ended(pilot, app)

    asyncio.run(scenario())
    assert app.return_value == "end"
    assert kinds(log) == [
        "start", "join", "join", "next", "open", "text", "text", "approve", "kick", "discard",
        "close", "end",
    ]  # fmt: skip


def test_a_plans_step_heads_the_host_screen(private_data: Path) -> None:
    """place run PLAN --room at a terminal: the step each item belongs to, in the header."""
    step = {"event": "step", "step": 8, "of": 9, "title": "Team quiz"}
    items = quiz_items(PACK, {"seed": 2, "count": 1, "concepts": []})
    page, _ = made_page(private_data, "plan", items, {1: step})
    app = Shell(page, "light")

    async def scenario() -> None:
        async with app.run_test(size=(50, 20)) as pilot:
            first = await until(pilot, app, "0 phones joined")
            assert "Step 8" not in first
            await pilot.press("n")
            await until(pilot, app, "Step 8 of 9: Team quiz")
            await pilot.press("q")
            await ended(pilot, app)

    asyncio.run(scenario())
    assert app.return_value == "end"


@pytest.mark.pty
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pty")
def test_place_room_at_a_terminal_shows_the_host_screen(private_data: Path) -> None:
    """The command itself, in a real terminal: the host screen, its keys, the end."""
    pexpect = pytest.importorskip("pexpect")
    from .test_room_server import FIXED

    child = pexpect.spawn(
        sys.executable,
        ["-m", "placecli", "room", "quiz", *FIXED, "--count", "1", "--bind", "127.0.0.1:0"],
        cwd=str(ROOT), env={**os.environ, "TERM": "xterm-256color"}, encoding="utf-8",
        dimensions=(24, 80), timeout=20,
    )  # fmt: skip
    try:
        child.expect("phones joined")
        child.send("n")
        child.expect("sold on market day")
        child.send("q")
        child.expect("End the session")
        child.send("y")
        child.expect("The session has ended")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_k_lists_the_phones_and_removes_the_one_chosen(private_data: Path) -> None:
    """k: each phone joined by its short id, how much it answered and when it was last
    heard from; ↓ ↑ choose, Enter or k sends `kick DEVICE`, as the JSON-lines mode does."""
    plan = {"seed": 2, "count": 2, "concepts": []}
    page, log = made_page(private_data, "quiz", quiz_items(PACK, plan))
    app = Shell(page, "dark")

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, app, "0 phones joined")
            await pilot.press("k")
            await until(pilot, app, "No phones joined")
            await pilot.press("enter")  # nothing to remove: said, nothing recorded
            await until(pilot, app, "no phones joined")
            three = await phones(Served(page), 3)
            await pilot.press("n")
            await until(pilot, app, "3 phones joined · 0 answered")
            await asyncio.to_thread(three[1].view)
            assert (await asyncio.to_thread(three[1].answer, 1, ["A"])).json() == {"counted": True}
            ids = [r["device"] for r in records(log) if r["kind"] == "join"]
            listed = await until(pilot, app, "1 answered ·")
            assert "Phones joined: 3 · Enter or k removes one" in listed
            rows = [line.strip() for line in listed.splitlines() if " d-" in line]
            assert len(rows) == 3 and all(
                re.fullmatch(r"(▶ )?d-[0-9a-f]{6}  [01] answered · seen 0:0\d ago", row)
                for row in rows
            ), rows
            assert rows[0].startswith(f"▶ {ids[0]}  0 answered") and ids[1] in rows[1]
            assert f"{ids[1]}  1 answered" in rows[1]
            await pilot.press("down", "down", "up")  # the second phone
            await until(pilot, app, f"▶ {ids[1]}")
            await pilot.press("enter")
            shown = await until(pilot, app, "Phones joined: 2")
            assert ids[1] not in shown and "2 phones joined" in shown
            await pilot.press("down", "k")  # the last one, now the third phone
            await until(pilot, app, "Phones joined: 1")
            await pilot.press("escape")
            gone = await until(pilot, app, "1 phone joined")
            assert "Phones joined" not in gone
            await pilot.press("q")
            await ended(pilot, app)

    asyncio.run(scenario())
    assert app.return_value == "end"
    kicks = [r["device"] for r in records(log) if r["kind"] == "kick"]
    joined = [r["device"] for r in records(log) if r["kind"] == "join"]
    assert kicks == [joined[1], joined[2]]
    assert kinds(log) == [
        "start", "join", "join", "join", "next", "open", "answer", "kick", "kick", "close",
        "end",
    ]  # fmt: skip


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_the_shell_stops_on_sigterm_again_once_its_room_has_ended(private_data: Path) -> None:
    """The room's server handles SIGTERM while it serves; once its session ends, the
    shell's own handler is back (not the default, which killed the shell with the
    terminal left raw), as when place run --room goes on after its room."""
    import signal

    items = quiz_items(PACK, {"seed": 2, "count": 1, "concepts": []})
    page, _ = made_page(private_data, "quiz", items)
    app = Shell(page, "light")

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, app, "0 phones joined")
            await pilot.press("q")
            await ended(pilot, app)
            assert app.return_value == "end" and app.stopped_by is None
            assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, None)  # or it kills
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(100):
                if app.stopped_by:
                    break
                await pilot.pause(0.02)

    before = signal.getsignal(signal.SIGTERM)
    try:
        asyncio.run(scenario())
    finally:
        signal.signal(signal.SIGTERM, before)
    assert app.stopped_by == "SIGTERM"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_the_rooms_signal_handlers_give_back_the_ones_before() -> None:
    """A handler of Python's (SIGHUP here) and one of the loop's (SIGTERM) are each back
    after the room, and SIGINT's (asyncio.run's own, from 3.11) too."""
    import signal

    from placecli.room.serve import handle_signals, restore_signals

    called: list[str] = []

    def python_handler(number: int, frame: object) -> None:
        called.append("python")

    async def main() -> None:
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, called.append, "loop")
        finished: list[str] = []
        running = type("Fake", (), {"finish": finished.append})()
        interrupt = signal.getsignal(signal.SIGINT)
        handled = handle_signals(loop, running)
        os.kill(os.getpid(), signal.SIGHUP)
        await asyncio.sleep(0.05)
        assert finished == ["SIGHUP"] and called == []
        restore_signals(loop, handled)
        assert signal.getsignal(signal.SIGINT) is interrupt
        assert signal.getsignal(signal.SIGHUP) is python_handler
        for number in (signal.SIGTERM, signal.SIGHUP):
            os.kill(os.getpid(), number)
            await asyncio.sleep(0.05)
        loop.remove_signal_handler(signal.SIGTERM)

    saved = {n: signal.getsignal(n) for n in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)}
    signal.signal(signal.SIGHUP, python_handler)
    try:
        asyncio.run(main())
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
    assert called == ["loop", "python"]

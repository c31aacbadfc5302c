"""`place room`'s other commands (doctor, notice, export, forget), the log on disk, the
host's plain lines and the QR code."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from placecli.cli import app
from placecli.room import net
from placecli.room.host import PlainHost, command_of
from placecli.room.items import TextActivity
from placecli.room.log import Log, LogError, export_csv, export_data, prune, read, rooms_folder
from placecli.room.net import Interface
from placecli.room.qr import qr_text
from placecli.room.records import Setup, stamp
from placecli.room.state import Room

from .test_quiz import SINGLE
from .test_room_engine import NOW, PROMPT, act, host, join, question, send


def logged_session(folder: Path, session: str = "20270115-080000-abcd", when: float = NOW) -> Path:
    """A short session written to a log as the server writes one: 3 answers, 2 texts."""
    items = [question(SINGLE), TextActivity(PROMPT)]
    room = Room(Setup(session, "quiz", "TOKEN", "ABC-DEF", "secret", min_tally=1), items)
    log: list[dict[str, Any]] = []
    cookies = join(room, log, 3)
    host(room, log, "next")
    for cookie, key in zip(cookies, "CAC", strict=True):
        act(room, log, room.check_answer(room.device_for(cookie), 1, [key], "n", NOW))
    host(room, log, "next")
    send(room, log, cookies[0], "=SUM(A1) shared budgets")
    send(room, log, cookies[1], "hello")
    host(room, log, "approve x1")
    host(room, log, "end")
    start: dict[str, Any] = {"t": stamp(when), "kind": "start", "session": session}
    start |= {"room": "quiz", "pack": "p"}
    start |= {"setup": room.setup._asdict(), "items": [i.record() for i in items], "plan": {}}
    path = folder / f"{session}.jsonl"
    writer = Log(path)
    for record in [start, *log]:
        writer.append(record)
    writer.close()
    return path


# The log.


def test_the_log_is_private_ascii_and_survives_a_torn_line(private_data: Path) -> None:
    folder = rooms_folder(str(private_data))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    path = logged_session(folder)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().isascii()
    whole = read(path)
    with path.open("ab") as torn:
        torn.write(b'{"t":"2027-01-15T08:00:00.000Z","kind":"ans')  # a crash mid-write
    assert read(path) == whole
    Log(path).append({"t": "x", "kind": "note"})  # the next append starts a line of its own
    assert read(path)[-1] == {"t": "x", "kind": "note"}


def test_a_folder_others_may_write_is_refused(tmp_path: Path) -> None:
    (tmp_path / "rooms").mkdir()
    (tmp_path / "rooms").chmod(0o777)
    with pytest.raises(LogError, match="must be a folder of yours that no one else may write to"):
        rooms_folder(str(tmp_path))


def test_a_log_is_never_written_through_a_link(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.write_text("")
    (tmp_path / "s.jsonl").symlink_to(target)
    with pytest.raises(LogError, match="cannot write"):
        Log(tmp_path / "s.jsonl")


def test_old_sessions_are_pruned_after_thirty_days(private_data: Path) -> None:
    folder = rooms_folder(str(private_data))
    old = logged_session(folder, "20261201-080000-0001", NOW - 31 * 86400)
    recent = logged_session(folder, "20270110-080000-0002", NOW - 5 * 86400)
    assert prune(folder, NOW) == [old]
    assert recent.exists() and not old.exists()


# Export.


def test_export_json_has_the_answers_and_texts_without_secrets(private_data: Path) -> None:
    path = logged_session(rooms_folder(str(private_data)))
    data = export_data(read(path))
    assert set(data) == {
        "session",
        "kind",
        "started",
        "ended",
        "pack",
        "items",
        "devices",
        "answers",
        "texts",
    }
    assert "secret" not in json.dumps(data) and "TOKEN" not in json.dumps(data)
    assert [(a["value"], a["correct"]) for a in data["answers"]] == [
        (["y"], True),
        (["w"], False),
        (["y"], True),
    ]
    assert [(t["value"], t["status"]) for t in data["texts"]] == [
        ("=SUM(A1) shared budgets", "approved"),
        ("hello", "held"),
    ]
    assert all("t" not in t for t in data["texts"])  # texts go without times
    result = CliRunner().invoke(app, ["room", "export"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json.loads(json.dumps(data))


def test_export_csv_is_one_row_an_answer_or_text_safe_in_a_spreadsheet(private_data: Path) -> None:
    path = logged_session(rooms_folder(str(private_data)))
    rows = list(csv.reader(io.StringIO(export_csv(read(path)))))
    assert rows[0] == ["kind", "item", "qhash", "device", "value", "correct", "status", "t"]
    assert [r[0] for r in rows[1:]] == ["answer"] * 3 + ["text"] * 2
    assert rows[4][4] == "'=SUM(A1) shared budgets"
    result = CliRunner().invoke(app, ["room", "export", "20270115-080000-abcd", "--format", "csv"])
    assert (result.exit_code, result.stdout) == (0, export_csv(read(path)))


def test_export_names_an_unknown_session(private_data: Path) -> None:
    logged_session(rooms_folder(str(private_data)))
    result = CliRunner().invoke(app, ["room", "export", "20270115-080000-abce"])
    assert result.exit_code == 2
    assert result.stderr == (
        'Error: no room session "20270115-080000-abce"; did you mean "20270115-080000-abcd"?; '
        "place room export lists none by name\n"
    )


# Forget.


def test_forget_asks_and_deletes(private_data: Path) -> None:
    folder = rooms_folder(str(private_data))
    path = logged_session(folder)
    runner = CliRunner()
    kept = runner.invoke(app, ["room", "forget", "20270115-080000-abcd"], input="n\n")
    assert (kept.exit_code, path.exists()) == (0, True)
    refused = runner.invoke(app, ["room", "forget", "--all"], input="")
    assert refused.exit_code == 2 and path.exists()
    assert "Add --yes to delete without asking." in refused.stderr
    gone = runner.invoke(app, ["room", "forget", "--all", "--yes"])
    assert (gone.exit_code, gone.stdout) == (0, f"deleted {path}\n")
    assert not path.exists()
    both = runner.invoke(app, ["room", "forget"])
    assert (both.exit_code, both.stderr) == (
        2,
        "Error: name one SESSION, or --all\nTry 'place room forget --help' for help.\n",
    )


# The notice.


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_the_notice_says_what_where_how_long_and_plain_http(fmt: str, private_data: Path) -> None:
    result = CliRunner().invoke(app, ["room", "notice", "--format", fmt])
    assert result.exit_code == 0
    text = result.stdout
    for words in (
        "What is collected",
        "Plain HTTP",
        "For how long",
        "30 days",
        "patients' details",
    ):
        assert words in text, words
    assert str(private_data / "rooms") in text
    if fmt == "html":
        from html.parser import HTMLParser

        HTMLParser().feed(text)
        assert text.startswith("<!doctype html>") and "<h1>place room: privacy notice</h1>" in text
    else:
        assert text.startswith("# place room: privacy notice\n")


# The doctor.

LAPTOP = [
    Interface("lo", ("127.0.0.1", "::1"), True),
    Interface("wlan0", ("192.168.137.1",), True),
    Interface("tun0", ("10.8.0.2",), True, point_to_point=True),
    Interface("eth0", ("203.0.113.9",), False),
]


def test_what_the_doctor_sees() -> None:
    assert net.recommended(LAPTOP) == ("192.168.137.1", LAPTOP[1])
    assert net.warnings(LAPTOP) == [
        "wlan0 (192.168.137.1) looks like Windows' Mobile Hotspot, shared from this laptop: it lets at most 8 devices join",
        "a VPN is on (tun0): many VPNs send everything through the tunnel and block the local network; turn it off for the session, or allow local network access in its settings",
    ]
    assert net.recommended([LAPTOP[0], LAPTOP[2]]) is None
    assert net.kind_of("8.8.8.8") == "public" and net.kind_of("10.1.2.3") == "private"


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("10.0.0.5", ("10.0.0.5", None)),
        ("10.0.0.5:0", ("10.0.0.5", 0)),
        ("[fd00::2]:8000", ("fd00::2", 8000)),
    ],
)
def test_bind_is_read(text: str, bound: tuple[str, int | None]) -> None:
    assert net.parse_bind(text) == bound


def test_the_doctor_reports_as_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(net, "interfaces", lambda: LAPTOP[:1])
    result = CliRunner().invoke(
        app, ["room", "doctor", "--format", "json", "--bind", "127.0.0.1:0"]
    )
    assert result.exit_code == 0, result.stderr
    facts = json.loads(result.stdout)
    assert facts["interfaces"] == [
        {"name": "lo", "addresses": ["127.0.0.1", "::1"], "up": True, "vpn": False,
         "note": "this laptop only: phones cannot reach it"}
    ]  # fmt: skip
    assert (facts["recommended"], facts["address"], facts["port_free"]) == (None, "127.0.0.1", True)
    assert len(facts["checklist"]) == 3


def test_the_doctor_on_this_machine_names_its_interfaces() -> None:
    result = CliRunner().invoke(app, ["room", "doctor", "--bind", "127.0.0.1:0"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Interfaces:\n  lo ")
    assert "Port: 127.0.0.1:0 is free\n" in result.stdout
    assert "Guest Wi-Fi often keeps devices apart" in result.stdout


# The host's plain lines and the QR code.


def test_the_plain_host_shows_phone_text_as_text() -> None:
    room = Room(Setup("s", "reflect", "T", "C", "k"), [TextActivity(PROMPT)])
    out = io.StringIO()
    show = PlainHost(out, room, lambda data: "[QR]")
    show(
        {
            "event": "text",
            "activity": "a",
            "id": "x1",
            "text": "hi \x1b]0;pwned\x07 \u202eevil",
            "device": "d1",
        }
    )
    assert (
        out.getvalue()
        == "  text x1 waiting: hi ␛]0;pwned␇ <U+202E>evil\n    a x1 approves, d x1 discards\n"
    )


@pytest.mark.parametrize(
    ("line", "state", "command"),
    [("", {}, ("open", "")), ("", {"open": True}, ("close", "")), ("h", {}, ("reveal", "")),
     ("h", {"revealed": True}, ("hide", "")), ("l", {"locked": True}, ("unlock", "")),
     ("a x3", {}, ("approve", "x3")), ("KICK d-1", {}, ("kick", "d-1")), ("q", {}, ("end", ""))],
)  # fmt: skip
def test_keys_typed_as_lines(line: str, state: dict[str, bool], command: tuple[str, str]) -> None:
    room = Room(Setup("s", "quiz", "T", "C", "k"), [question(SINGLE)])
    for name, value in state.items():
        setattr(room, name, value)
    assert command_of(line, room) == command


def test_the_qr_code_is_half_blocks_and_reads_back() -> None:
    data = "HTTP://192.168.1.20:8765/R/ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    text = qr_text(data)
    lines = text.split("\n")
    assert len(lines) == 17 and {len(line) for line in lines} == {33}  # version 3 and its border
    assert set(text) <= {" ", "▀", "▄", "█", "\n"}
    assert qr_text(data, dark_ink=False).translate(str.maketrans("▀▄█ ", "▄▀ █")) == text


def test_without_the_room_extra_place_room_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.util

    found = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "starlette" else found(name, *a),
    )
    for argv in (["quiz"], ["reflect"], ["resume"], ["doctor"]):
        result = CliRunner().invoke(app, ["room", *argv])
        assert (result.exit_code, result.stderr) == (
            2,
            'Error: place room needs starlette, which it does not install by default: pip install "placecli[room]"\n',
        ), argv

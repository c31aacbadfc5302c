"""`place room` as phones and scripts meet it: the real command in a subprocess, driven
through its JSON lines, and phones speaking HTTP to it on loopback. Every refusal has
its status and records nothing."""

from __future__ import annotations

import json
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT
from .roomkit import Phone, Room

LOOPBACK = "127.0.0.1:0"
# A small pack of fixed content (one question of each type), so that what a seed draws
# does not move when the built-in pack's questions are edited: seed 2's first question is
# market-stalls (A Cheese, B Flowers, C Cars, D Furniture; A and B are right).
FIXED = ("--content", str(ROOT / "tests" / "packs" / "every-type"), "--seed", "2")


def records(room: Room) -> list[dict[str, Any]]:
    return [json.loads(line) for line in Path(room.listening["log"]).read_text().splitlines()]


def choice_for(question: dict[str, Any], right: bool = True) -> list[str]:
    """A choice a phone can send for this question (the first options, in order)."""
    keys = [o["key"] for o in question["options"]]
    if question["shape"] == "sequence":
        return keys[: len(question["rows"])]
    return keys[:1] if right else keys[-1:]


@pytest.fixture
def quiz_room(private_data: Path) -> Iterator[Room]:
    room = Room("quiz", "--count", "3", *FIXED, "--bind", LOOPBACK, "--min-tally", "2")
    yield room
    room.close()


def joined(room: Room, n: int) -> list[Phone]:
    phones = [Phone(room, f"127.0.0.{10 + i}") for i in range(n)]
    for phone in phones:
        assert phone.join().status == 303
        room.expect("joined")
    return phones


# A whole session, scripted as the Done-when asks.


def test_a_scripted_quiz_runs_end_to_end(quiz_room: Room, private_data: Path) -> None:
    room = quiz_room
    assert room.listening["url"] == f"http://127.0.0.1:{room.port}/R/{room.token}"
    assert len(room.token) == 26 and room.token.isupper()  # 128 bits, base32
    assert room.listening["qr"] == f"HTTP://127.0.0.1:{room.port}/R/{room.token}"
    phones = joined(room, 3)
    assert room.seen[-1] == {"event": "joined", "devices": 3}
    room.send("next")
    opened = room.expect("opened")
    assert opened["question"] == {"id": "market-stalls", "version": 1, "type": "multiple"}
    assert (opened["number"], opened["of"]) == (1, 3)
    views = [phone.view() for phone in phones]
    question = views[0]["question"]
    assert (question["open"], question["shape"], views[0]["you"]) == (True, "many", None)
    for n, phone in enumerate(phones):
        answer = phone.answer(1, ["A", "B"] if n else ["A"])
        assert (answer.status, answer.json()) == (200, {"counted": True})
        assert room.expect("answered") == {
            "event": "answered",
            "question": {"id": "market-stalls"},
            "count": n + 1,
        }
    again = phones[0].answer(1, ["B"], nonce="other")
    assert (again.status, again.json()) == (200, {"counted": False})
    room.send("close", "reveal")
    assert room.expect("closed") == {
        "event": "closed",
        "question": {"id": "market-stalls"},
        "count": 3,
    }
    assert room.expect("revealed") == {
        "event": "revealed", "question": {"id": "market-stalls"}, "count": 3,
        "tally": {"A": 3, "B": 2, "C": 0, "D": 0}, "answer": ["A", "B"],
    }  # fmt: skip
    seen = phones[1].view()
    assert (seen["tally"], seen["you"]) == (
        {"A": 3, "B": 2, "C": 0, "D": 0},
        {"answer": ["A", "B"], "correct": True},
    )
    room.send("next")
    assert room.expect("opened")["question"]["version"] == 2
    assert phones[0].answer(1, ["A"]).status == 409  # the old version
    code, after = room.end()
    assert code == 0
    assert after[-1] == {
        "event": "ended",
        "session": room.listening["session"],
        "log": room.listening["log"],
    }
    logged = records(room)
    assert [r["kind"] for r in logged] == [
        "start", "join", "join", "join", "next", "open", "answer", "answer", "answer", "close",
        "reveal", "next", "open", "close", "end",
    ]  # fmt: skip
    first = logged[6]
    assert set(first) == {
        "t", "kind", "question", "version", "qhash", "device", "value", "keys", "nonce", "correct",
    }  # fmt: skip
    assert first["device"].startswith("d-")
    assert not any(phone.source in json.dumps(logged) for phone in phones)  # no phone's address
    folder = private_data / "rooms"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(Path(room.listening["log"]).stat().st_mode) == 0o600


def test_a_scripted_reflection_with_moderation(private_data: Path) -> None:
    room = Room(
        "reflect", "compete", "--activity", "text", "--activity", "cloud", "--activity", "scale",
        "--bind", LOOPBACK, "--min-tally", "1",
    )  # fmt: skip
    try:
        phones = joined(room, 2)
        room.send("next")
        activity = room.expect("opened")["activity"]
        assert activity == {"id": "text-compete-habits", "version": 1, "type": "text"}
        phones[0].view()
        phones[1].view()
        held = phones[0].text(
            activity["id"], "<script>alert('x')</script> \x1b]52;c;aGk=\x07budgets"
        )
        assert (held.status, held.json()) == (200, {"held": True})
        text = room.expect("text")
        assert text["text"] == "<script>alert('x')</script> ␛]52;c;aGk=␇budgets"
        assert phones[1].text(activity["id"], "Guarding our own data").status == 200
        second = room.expect("text")
        assert phones[1].view()["activity"]["approved"] == []  # nothing before approval
        room.send(f"approve {text['id']}", f"discard {second['id']}")
        assert room.expect("approved")["id"] == text["id"]
        assert room.expect("discarded")["id"] == second["id"]
        shown = phones[1].view()
        assert shown["activity"]["approved"] == [{"text": text["text"], "count": 1}]
        assert shown["you"] == {"texts": [{"text": "Guarding our own data", "status": "not shown"}]}
        page = phones[1].request("GET", "/").text
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; ␛]52;c;aGk=␇budgets" in page
        assert "<script>alert" not in page
        room.send("m")
        assert room.expect("queue") == {"event": "queue", "texts": []}
        room.send("next", "next")
        cloud = room.expect("opened")
        cloud = room.expect("opened")["activity"]
        assert cloud["type"] == "cloud"
        phones[0].view()
        assert phones[0].text(cloud["id"], "Trust  AND time").status == 200
        word = room.expect("text")
        room.send(f"a {word['id']}")
        room.expect("approved")
        assert phones[1].text(cloud["id"], "trust and TIME").status == 200
        assert phones[1].view()["activity"]["approved"] == [{"text": "trust and time", "count": 2}]
        room.send("next", "next")
        scale = room.expect("opened")
        scale = room.expect("opened")["activity"]
        assert scale["type"] == "scale"
        view = phones[0].view()["activity"]
        assert [o["key"] for o in view["options"]] == ["1", "2", "3", "4", "5"]
        assert phones[0].answer(view["version"], ["4"]).json()["counted"] is True
        room.send("r")
        assert room.expect("revealed")["tally"] == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0}
        code, _ = room.end()
        assert code == 0
    finally:
        room.close()
    kinds = [r["kind"] for r in records(room)]
    assert kinds.count("text") == 4 and kinds.count("approve") == 2 and kinds.count("discard") == 1


# Security: each refusal with its status, and nothing recorded.


def wrong_host(room: Room) -> Any:
    return Phone(room, host="evil.example:80").request("GET", f"/R/{room.token}")


CASES: list[tuple[str, int, Callable[[Room, Phone], Any]]] = [
    ("wrong-token", 404, lambda room, phone: Phone(room, "127.0.0.30").request("GET", "/R/ABCDEFGHIJKLMNOPQRSTUVWXYZ")),
    ("wrong-host", 421, lambda room, phone: wrong_host(room)),
    ("wrong-host-on-post", 421, lambda room, phone: Phone(room, host=f"localhost:{room.port}").answer(1, ["A"])),
    ("wrong-origin", 403, lambda room, phone: phone.request("POST", "/a", b"{}", {"Origin": "http://evil.example", "Content-Type": "application/json", "X-Place-Token": phone.token})),
    ("null-origin", 403, lambda room, phone: phone.request("POST", "/a", b"{}", {"Origin": "null", "Content-Type": "application/json", "X-Place-Token": phone.token})),
    ("null-origin-form-no-token", 403, lambda room, phone: phone.request("POST", "/a", b"version=1&choice=A&nonce=q", {"Origin": "null", "Content-Type": "application/x-www-form-urlencoded"})),
    ("null-origin-form-cross-site", 403, lambda room, phone: phone.request("POST", "/a", f"token={phone.token}&version=1&choice=A&nonce=q".encode(), {"Origin": "null", "Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded"})),
    ("no-origin", 403, lambda room, phone: phone.request("POST", "/a", b"{}", {"Origin": "", "Content-Type": "application/json"})),
    ("no-cookie-page", 403, lambda room, phone: Phone(room, "127.0.0.31").request("GET", "/")),
    ("no-cookie-answer", 403, lambda room, phone: Phone(room, "127.0.0.32").answer(1, ["A"])),
    ("unknown-cookie", 403, lambda room, phone: stranger(room).answer(1, ["A"], "x")),
    ("wrong-csrf-token", 403, lambda room, phone: phone.post("/a", {"version": 1, "choice": ["A"], "nonce": "z"}, token="0" * 32)),
    ("no-csrf-token", 403, lambda room, phone: phone.post("/a", {"version": 1, "choice": ["A"], "nonce": "z"}, token="")),
    ("oversized-body", 413, lambda room, phone: phone.post("/a", {"version": 1, "choice": ["A"], "nonce": "x" * 3000})),
    ("long-text", 413, lambda room, phone: phone.text("nothing", "x" * 281)),
    ("stale-version", 409, lambda room, phone: phone.answer(7, ["A"])),
    ("not-json", 400, lambda room, phone: phone.request("POST", "/a", b"{", {"Content-Type": "application/json", "X-Place-Token": phone.token})),
    ("bad-choice", 400, lambda room, phone: phone.answer(1, ["Z"])),
    ("method", 405, lambda room, phone: phone.request("PUT", "/a")),
    ("unknown-path", 404, lambda room, phone: phone.request("GET", "/admin")),
]  # fmt: skip


def stranger(room: Room) -> Phone:
    phone = Phone(room, "127.0.0.33")
    phone.cookie, phone.token = "made-up-cookie", "0" * 32
    return phone


@pytest.fixture(scope="module")
def open_room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Room, Phone]]:
    """A room with one phone and the first question open, shared by the refusals."""
    data = tmp_path_factory.mktemp("room-data")
    room = Room(
        "quiz", "--count", "2", "--seed", "4", "--bind", LOOPBACK, env={"PLACE_DATA": str(data)}
    )
    phone = joined(room, 1)[0]
    room.send("next")
    room.expect("opened")
    phone.view()
    yield room, phone
    room.close()


@pytest.mark.parametrize(("case", "status", "request_"), CASES, ids=[c[0] for c in CASES])
def test_a_refused_request_has_its_status_and_records_nothing(
    open_room: tuple[Room, Phone], case: str, status: int, request_: Callable[[Room, Phone], Any]
) -> None:
    room, phone = open_room
    before = records(room)
    answer = request_(room, phone)
    assert answer.status == status, answer.body
    for header, value in (
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("content-security-policy", "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    ):  # fmt: skip
        assert answer.headers.get(header) == value, header
    assert records(room) == before


def test_the_page_and_its_files_carry_the_headers_and_no_inline_script(
    open_room: tuple[Room, Phone],
) -> None:
    _, phone = open_room
    page = phone.request("GET", "/")
    assert page.status == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert inline_code(page.text) == []
    assert '<script src="/room.js" defer></script>' in page.text
    for path, kind in (("/room.css", "text/css"), ("/room.js", "text/javascript")):
        asset = phone.request("GET", path)
        assert (asset.status, asset.headers["content-type"].split(";")[0]) == (200, kind)
        assert asset.headers["x-content-type-options"] == "nosniff"
    sizes = sum(len(phone.request("GET", p).body) for p in ("/", "/room.css", "/room.js"))
    assert sizes < 30_000


def inline_code(page: str) -> list[str]:
    """Whatever in a page a CSP without 'unsafe-inline' would block: inline scripts, event
    handler attributes, style elements and attributes."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            names = {name for name, _ in attrs}
            if (tag == "script" and "src" not in names) or tag == "style":
                found.append(tag)
            found.extend(f"{tag}[{n}]" for n in names if n.startswith("on") or n == "style")

    Reader().feed(page)
    return found


def test_a_flood_from_one_phone_is_slowed(open_room: tuple[Room, Phone]) -> None:
    room, _ = open_room
    phone = Phone(room, "127.0.0.40")
    phone.join()
    phone.view()
    flood = f"GET / HTTP/1.1\r\nHost: {room.host}\r\nCookie: place_device={phone.cookie}\r\n\r\n"
    with socket.create_connection(("127.0.0.1", room.port), 10, ("127.0.0.40", 0)) as sock:
        sock.sendall(flood.encode() * 60)  # sent at once, pipelined: a second's flood
        reader = sock.makefile("rb")
        statuses = []
        for _ in range(60):
            statuses.append(int(reader.readline().split()[1]))
            length = 0
            while (line := reader.readline()) != b"\r\n":
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            reader.read(length)
    assert statuses[:15] == [200] * 15
    assert statuses.count(429) >= 30
    before = records(room)
    refused = phone.answer(1, ["A"], "flood")
    assert (refused.status, refused.json()) == (
        429,
        {"error": "too many requests from this phone: wait a moment"},
    )
    assert records(room) == before


def test_at_most_eight_connections_from_one_address(open_room: tuple[Room, Phone]) -> None:
    room, _ = open_room
    held = [
        socket.create_connection(("127.0.0.1", room.port), 5, ("127.0.0.50", 0)) for _ in range(8)
    ]
    try:
        time.sleep(0.2)
        ninth = socket.create_connection(("127.0.0.1", room.port), 5, ("127.0.0.50", 0))
        refused = ninth.recv(1000)
        assert (
            refused.startswith(b"HTTP/1.1 429 ") and b"x-content-type-options: nosniff" in refused
        )
        ninth.close()
        other = Phone(room, "127.0.0.51").request("GET", "/")  # another address is not held up
        assert other.status == 403
    finally:
        for sock in held:
            sock.close()


def test_slow_headers_are_cut_off(open_room: tuple[Room, Phone]) -> None:
    room, _ = open_room
    slow = socket.create_connection(("127.0.0.1", room.port), 10, ("127.0.0.52", 0))
    slow.sendall(b"GET / HTTP/1.1\r\nHost: ")
    started = time.monotonic()
    answer = slow.recv(1000)
    assert answer.startswith(b"HTTP/1.1 408 ") and b"referrer-policy: no-referrer" in answer
    assert 4 <= time.monotonic() - started < 8
    assert slow.recv(10) == b""
    slow.close()


def test_a_request_that_is_not_http_is_refused_with_the_headers(
    open_room: tuple[Room, Phone],
) -> None:
    room, _ = open_room
    before = records(room)
    with socket.create_connection(("127.0.0.1", room.port), 5, ("127.0.0.53", 0)) as sock:
        sock.sendall(b"HELLO THERE\r\n\r\n")
        answer = sock.recv(1000)
    assert answer.startswith(b"HTTP/1.1 400 ") and b"content-security-policy: default-src" in answer
    assert records(room) == before


def test_a_phone_may_open_two_streams_not_three(open_room: tuple[Room, Phone]) -> None:
    _, phone = open_room
    with phone.stream() as one, phone.stream() as two:
        next(one), next(two)
        with pytest.raises(AssertionError, match="429"), phone.stream():
            pass


def test_a_kicked_phone_and_a_locked_room(private_data: Path) -> None:
    room = Room("quiz", "--count", "2", "--seed", "4", "--bind", LOOPBACK)
    try:
        phones = joined(room, 2)
        room.send("next")
        room.expect("opened")
        for phone in phones:
            phone.view()
        device = next(r for r in records(room) if r["kind"] == "join")["device"]
        with phones[0].stream() as events:
            next(events)
            room.send(f"kick {device}")
            assert room.expect("kicked") == {"event": "kicked", "device": device, "devices": 1}
            last = next(events)
            assert (last["kicked"], last["ended"]) == (True, True)
        before = records(room)
        assert phones[0].answer(1, ["A"]).status == 403
        assert phones[0].request("GET", "/").status == 403
        assert phones[0].join().status == 403  # the join link again: still out
        room.send("lock")
        room.expect("locked")
        assert Phone(room, "127.0.0.60").join().status == 403
        assert phones[1].join().status == 303  # a phone in the room may come back
        assert records(room) == [*before, records(room)[-1]] and records(room)[-1]["kind"] == "lock"
        assert room.end()[0] == 0
    finally:
        room.close()


# Forms without JavaScript.


def test_a_phone_without_javascript_answers_with_a_form(quiz_room: Room) -> None:
    room = quiz_room
    phone = joined(room, 1)[0]
    waiting = phone.request("GET", "/")
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in waiting.text
    room.send("next")
    room.expect("opened")
    shown = phone.request("GET", "/").text
    assert 'http-equiv="refresh"' not in shown  # a form is waiting: no reload to lose it
    token = shown.split('name="token" value="')[1].split('"')[0]
    body = f"token={token}&nonce=n1&version=1&choice=A&choice=C".encode()
    # as a browser sends a form from a page whose referrer policy is no-referrer
    form = {"Content-Type": "application/x-www-form-urlencoded", "Origin": "null"}
    sent = phone.request("POST", "/a", body, form)
    assert (sent.status, sent.headers["location"]) == (303, "/")
    assert room.expect("answered")["count"] == 1
    assert [r["keys"] for r in records(room) if r["kind"] == "answer"] == [["A", "C"]]
    assert "Your answer is counted" in phone.request("GET", "/").text
    wrong = phone.request("POST", "/a", body.replace(token.encode(), b"0" * 32), form)
    assert wrong.status == 403 and "<h1>" in wrong.text


def test_the_typed_code_joins_too(quiz_room: Room) -> None:
    room = quiz_room
    phone = Phone(room, "127.0.0.70")
    refused = phone.request("GET", "/")
    assert refused.status == 403 and 'action="/J"' in refused.text
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert phone.request("POST", "/J", b"code=AAA-AAA", form).status == 404
    code = room.listening["code"].lower().replace("-", " ")
    joined_ = phone.request("POST", "/J", f"code={code}".encode(), form)
    assert joined_.status == 303 and "place_device=" in joined_.headers["set-cookie"]
    assert room.expect("joined")["devices"] == 1


# A session that stops, and goes on.


def test_a_killed_server_resumes_and_loses_nothing(private_data: Path) -> None:
    room = Room("quiz", "--count", "2", "--seed", "4", "--bind", LOOPBACK, "--min-tally", "1")
    phones = joined(room, 2)
    room.send("next")
    room.expect("opened")
    phones[0].view()
    assert phones[0].answer(1, ["A"]).json()["counted"] is True
    room.expect("answered")
    room.process.kill()  # no goodbye: as a crash or a closed laptop
    room.process.wait()
    again = Room("resume", "--bind", f"127.0.0.1:{room.port}")
    try:
        assert again.listening["session"] == room.listening["session"]
        assert again.token == room.token
        for phone in phones:
            phone.room = again
        view = phones[0].view()
        assert view["you"] == {"answer": ["A"]} and view["question"]["open"] is True
        assert phones[0].answer(1, ["B"], "again").json()["counted"] is False
        phones[1].view()
        assert phones[1].answer(1, ["A"]).json()["counted"] is True
        assert again.expect("answered")["count"] == 2
        assert again.end()[0] == 0
    finally:
        again.close()
    answers = [r for r in records(again) if r["kind"] == "answer"]
    assert len(answers) == 2 and len({a["device"] for a in answers}) == 2
    ended = subprocess.run(
        [sys.executable, "-m", "placecli", "room", "resume"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (ended.returncode, ended.stderr) == (
        2,
        f"Error: the session {room.listening['session']} has ended; start a new one\n",
    )


@pytest.mark.parametrize(
    ("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["SIGTERM", "SIGINT"]
)
def test_a_signal_ends_the_session_without_hanging_on_open_streams(
    private_data: Path, sig: signal.Signals, code: int
) -> None:
    room = Room("quiz", "--count", "1", "--bind", LOOPBACK)
    try:
        phones = joined(room, 3)
        streams = [phone.stream() for phone in phones]
        firsts = [s.__enter__() for s in streams]
        for events in firsts:
            next(events)
        started = time.monotonic()
        room.process.send_signal(sig)
        assert room.process.wait(10) == code
        assert time.monotonic() - started < 5
        for events in firsts:
            assert next(events)["ended"] is True
        assert room.expect("ended")["session"] == room.listening["session"]
        how = "by SIGTERM" if sig == signal.SIGTERM else "with Ctrl-C"
        assert room.said() == f"Session stopped {how}; its log is kept.\n"
    finally:
        room.close()
    assert records(room)[-1]["kind"] == "end"


# Starting: addresses.


@pytest.mark.parametrize(
    ("bind", "message"),
    [
        (
            "0.0.0.0:0",
            "Error: --bind 0.0.0.0 would listen on every network at once: choose one address (place room doctor lists them)\n",
        ),
        (
            "8.8.8.8:0",
            "Error: --bind 8.8.8.8 is a public address: the room would be on the internet. Use a private one, or add --allow-public if you mean it\n",
        ),
        ("nowhere", 'Error: --bind takes an IP address of this laptop, not "nowhere"\n'),
        ("127.0.0.1:70000", "Error: --bind: port 70000 is not a port (0 to 65535)\n"),
    ],
)
def test_an_address_that_is_refused(bind: str, message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "placecli", "room", "quiz", "--bind", bind],
        cwd=ROOT, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert (result.returncode, result.stdout, result.stderr) == (2, "", message)


def test_a_port_in_use_is_one_line(private_data: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "placecli", "room", "quiz", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == (
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use; choose another with "
        "--bind ADDRESS:PORT (port 0: any free port)\n"
    )
    assert not list((private_data / "rooms").glob("*.jsonl"))


def test_the_host_name_is_the_only_other_host_taken(private_data: Path) -> None:
    room = Room("quiz", "--count", "1", "--bind", LOOPBACK, "--name", "place.test")
    try:
        assert room.listening["url"] == f"http://place.test:{room.port}/R/{room.token}"
        assert room.listening["qr"] == f"HTTP://PLACE.TEST:{room.port}/R/{room.token}"
        assert Phone(room, host=f"place.test:{room.port}").join().status == 303
        assert Phone(room, host=f"127.0.0.1:{room.port}").join().status == 303
        assert Phone(room, host=f"other.test:{room.port}").join().status == 421
    finally:
        room.close()


# What each command line imports.

IMPORTS = """
import atexit, sys
sys.argv = ["place", *sys.argv[1:]]
heavy = {"starlette", "uvicorn", "segno", "psutil", "h11", "anyio"}
atexit.register(lambda: print(sorted({m.split(".")[0] for m in sys.modules} & heavy), file=sys.stderr))
from placecli.__main__ import main
main()
"""


@pytest.mark.parametrize(
    ("argv", "loaded"),
    [
        (["summary"], []),
        (["quiz", "--seed", "1"], []),
        (["reflect"], []),
        (["room", "--help"], []),
        (["room", "notice"], []),
        (["room", "doctor", "--format", "json"], ["psutil"]),
    ],
    ids=["summary", "quiz", "reflect", "room-help", "notice", "doctor"],
)
def test_the_server_is_imported_only_by_place_room(argv: list[str], loaded: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORTS, *argv], cwd=ROOT, capture_output=True, text=True,
        check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == str(loaded)


def test_the_page_is_in_the_wheel(tmp_path: Path) -> None:
    """Built as pip builds it (hatchling fetched into an isolated build environment)."""
    import zipfile

    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"placecli/room/assets/{n}" for n in ("page.html", "room.css", "room.js")} <= names


def test_teams_and_a_countdown(private_data: Path) -> None:
    room = Room(
        "quiz", "--count", "1", *FIXED, "--bind", LOOPBACK, "--min-tally", "1",
        "--teams", "Red,Blue", "--time", "5",
    )  # fmt: skip
    try:
        phone = joined(room, 1)[0]
        view = phone.view()
        assert (view["teams"], view["team"]) == (["Red", "Blue"], None)
        started = time.monotonic()  # before the countdown starts: an "opened" read late
        room.send("next")  # must not make five seconds and two more look shorter
        room.expect("opened")
        refused = phone.answer(1, ["A"])
        assert (refused.status, refused.json()) == (409, {"error": "choose your team first"})
        assert phone.post("/team", {"team": "Green"}).status == 400
        assert phone.post("/team", {"team": "Red"}).status == 200
        assert phone.view()["team"] == "Red"
        with phone.stream() as events:
            assert 0 < next(events)["seconds"] <= 5
        assert phone.answer(1, ["A", "B"]).json()["counted"] is True
        room.send("more 2")
        assert room.expect("more")["event"] == "more"
        assert room.expect("closed") == {
            "event": "closed",
            "question": {"id": "market-stalls"},
            "count": 1,
        }
        assert 6 <= time.monotonic() - started < 12  # five seconds, and two more
        room.send("reveal")
        assert room.expect("revealed")["teams"] == {
            "Red": {"members": 1, "right": 1, "points": 1.0},
            "Blue": {"members": 0, "right": 0, "points": 0.0},
        }
        code, after = room.end()
        assert code == 0
        assert after[-1]["standings"] == [
            {"team": "Red", "points": 1.0},
            {"team": "Blue", "points": 0.0},
        ]
    finally:
        room.close()


def test_the_doctor_serves_a_test_page_for_a_phone(private_data: Path) -> None:
    doctor = subprocess.Popen(
        [sys.executable, "-m", "placecli", "room", "doctor", "--bind", "127.0.0.1:0", "--wait", "5"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert doctor.stdout is not None
    lines = iter(doctor.stdout.readline, "")
    url = next(line.strip() for line in lines if line.startswith("http://127.0.0.1:"))
    port = int(url.rsplit(":", 1)[1].strip("/"))
    with socket.create_connection(("127.0.0.1", port), 5, ("127.0.0.80", 0)) as phone:
        phone.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = b""
        while chunk := phone.recv(4096):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n") and b"This phone reaches the laptop." in answer
    assert next(lines) == "✓ a phone at 127.0.0.80 opened the test page: the room will work here\n"
    assert doctor.wait(10) == 0

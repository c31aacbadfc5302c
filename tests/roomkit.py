"""Driving `place room` in tests: the real command in a subprocess (JSON lines on its
standard output, host commands on its standard input), and phones that speak HTTP to it
on loopback with the standard library only."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WAIT = 20.0  # seconds any one event may take to come, at most


class Room:
    """`place room ...` running (or another command that serves a room, `place run PLAN
    --room`): its events read in a thread, its commands written."""

    def __init__(
        self, *args: str, env: dict[str, str] | None = None, command: str = "room"
    ) -> None:
        environ = {**os.environ, **(env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "placecli", *command.split(), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env=environ,
        )
        self.events: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.seen: list[dict[str, Any]] = []
        self.stderr = b""
        threading.Thread(target=self.read_events, daemon=True).start()
        self.talk = threading.Thread(target=self.read_stderr, daemon=True)
        self.talk.start()
        self.listening = self.expect("listening")
        self.port = int(self.listening["port"])
        self.host = f"127.0.0.1:{self.port}"
        self.token = self.listening["url"].rsplit("/", 1)[1]

    def read_events(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.events.put(json.loads(line))
        self.events.put(None)

    def read_stderr(self) -> None:
        assert self.process.stderr is not None
        self.stderr = self.process.stderr.read()

    def said(self) -> str:
        """Everything the room wrote on standard error, once it has stopped."""
        self.process.wait(WAIT)
        self.talk.join(WAIT)
        return self.stderr.decode()

    def send(self, *lines: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("".join(line + "\n" for line in lines).encode())
        self.process.stdin.flush()

    def expect(self, name: str, wait: float = WAIT) -> dict[str, Any]:
        """The next event called `name` (those before it are kept in `seen`)."""
        until = time.monotonic() + wait
        while True:
            try:
                event = self.events.get(timeout=max(0.01, until - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {name} event within {wait} s; seen {self.seen}") from None
            if event is None:
                raise AssertionError(f"the room ended before {name}: {self.stderr!r}")
            self.seen.append(event)
            if event["event"] == name:
                return event

    def end(self, wait: float = WAIT) -> tuple[int, list[dict[str, Any]]]:
        """End the session: its exit status and every event after this call."""
        start = len(self.seen)
        with contextlib.suppress(BrokenPipeError, OSError):
            self.send("end")
            assert self.process.stdin is not None
            self.process.stdin.close()
        code = self.process.wait(wait)
        while True:
            event = self.events.get(timeout=wait)
            if event is None:
                break
            self.seen.append(event)
        return code, self.seen[start:]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class Response:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode()


class Phone:
    """A phone on loopback: its cookie, its token, plain HTTP/1.1."""

    def __init__(self, room: Room, source: str = "127.0.0.1", host: str | None = None) -> None:
        self.room, self.source = room, source
        self.host = host or room.host
        self.origin = f"http://{self.host}"
        self.cookie: str | None = None
        self.token = ""

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> Response:
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.room.port, timeout=WAIT, source_address=(self.source, 0)
        )
        sent = {"Host": self.host, **(headers or {})}
        if self.cookie:
            sent["Cookie"] = f"place_device={self.cookie}"
        if method == "POST":
            sent.setdefault("Origin", self.origin)
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for name, value in sent.items():
                conn.putheader(name, value)
            if method == "POST":
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body or None)
            answer = conn.getresponse()
            data = answer.read()
            return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, data)
        finally:
            conn.close()

    def join(self) -> Response:
        answer = self.request("GET", f"/R/{self.room.token}")
        cookie = answer.headers.get("set-cookie", "")
        if cookie.startswith("place_device="):
            self.cookie = cookie.split(";", 1)[0].split("=", 1)[1]
        return answer

    def view(self) -> dict[str, Any]:
        """The first event of a fresh stream: the whole view."""
        with self.stream() as events:
            view = next(events)
        self.token = view["token"]
        return view

    @contextlib.contextmanager
    def stream(self) -> Iterator[Iterator[dict[str, Any]]]:
        sock = socket.create_connection(("127.0.0.1", self.room.port), WAIT, (self.source, 0))
        cookie = f"Cookie: place_device={self.cookie}\r\n" if self.cookie else ""
        sock.sendall(f"GET /events HTTP/1.1\r\nHost: {self.host}\r\n{cookie}\r\n".encode())
        reader = sock.makefile("rb")
        status = reader.readline()
        if b" 200 " not in status:
            sock.close()
            raise AssertionError(f"the stream was refused: {status!r}")
        while reader.readline() not in (b"\r\n", b""):
            pass

        def events() -> Iterator[dict[str, Any]]:
            for line in chunks(reader):
                if line.startswith(b"data: "):
                    yield json.loads(line[6:])

        try:
            yield events()
        finally:
            sock.close()

    def post(self, path: str, body: dict[str, Any], token: str | None = None) -> Response:
        headers = {
            "Content-Type": "application/json",
            "X-Place-Token": self.token if token is None else token,
        }
        return self.request("POST", path, json.dumps(body).encode(), headers)

    def answer(self, version: int, choice: list[str], nonce: str = "n1") -> Response:
        return self.post("/a", {"version": version, "choice": choice, "nonce": nonce})

    def text(self, activity: str, text: str, nonce: str = "t1") -> Response:
        return self.post("/t", {"activity": activity, "text": text, "nonce": nonce})


def chunks(reader: Any) -> Iterator[bytes]:
    """The lines of a chunked response body."""
    pending = b""
    while True:
        size = reader.readline()
        if not size:
            return
        length = int(size.strip() or b"0", 16)
        if length == 0:
            return
        pending += reader.read(length)
        reader.readline()
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            yield line

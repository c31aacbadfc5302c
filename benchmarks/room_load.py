"""The room under load, on loopback only: N phones join `place room quiz`, each keeps its
event stream open, and every question is answered by every phone.

Usage: python benchmarks/room_load.py [--phones 200] [--questions 3] [--chaos]

Everything runs on this machine: the server is the real `place room quiz` (JSON lines on
its standard output, commands on its standard input), bound to 127.0.0.1; each phone
speaks HTTP from an address of its own in 127.1.0.0/16 (the server allows 8 connections
an address, as phones on a LAN each have one). Every loop is bounded in time and count,
and the run stops by itself.

What is measured, per question: how long after the host's `next` each phone's stream
brings the question (reach: the max is the budget), how long each answer takes to be
acknowledged (ack: p95), and how many answers the log holds. Phones answer after a
random pause of up to --think seconds, as people do. The server's peak memory (VmHWM)
is read from /proc.

--chaos puts a proxy between the phones and the server that delays every chunk by up
to 300 ms, kills connections at random and cuts POSTs off mid-request; the phones retry
with the same nonce until they hear back, and reconnect their streams. The run counts
answers lost (a phone never counted) and counted twice (two records for one phone and
question): both must be 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
STEP = 10.0  # seconds any one step (a join, a question reaching everyone ...) may take
VERSION = re.compile(rb'"version": (\d+)')
ANSWERING: set[asyncio.Future[None]] = set()


def source(n: int) -> str:
    """Phone n's own loopback address: 127.1.0.1, 127.1.0.2, ..."""
    return f"127.1.{n // 250}.{n % 250 + 1}"


@dataclass
class Phone:
    n: int
    port: int  # where it connects: the server, or the chaos proxy
    host: str  # the server's host:port, as its Host header
    cookie: str = ""
    token: str = ""
    seen: dict[int, float] = field(default_factory=dict)  # version -> when it arrived
    acked: dict[int, float] = field(default_factory=dict)  # version -> seconds to the ack
    views: dict[int, dict[str, Any]] = field(default_factory=dict)
    retries: int = 0

    @property
    def source(self) -> str:
        return source(self.n)

    async def request(
        self, method: str, path: str, body: bytes = b""
    ) -> tuple[int, bytes, dict[str, str]]:
        reader, writer = await asyncio.open_connection(HOST, self.port, local_addr=(self.source, 0))
        try:
            head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\nConnection: close\r\n"
            if self.cookie:
                head += f"Cookie: place_device={self.cookie}\r\n"
            if method == "POST":
                head += (
                    f"Origin: http://{self.host}\r\nContent-Type: application/json\r\n"
                    f"X-Place-Token: {self.token}\r\nContent-Length: {len(body)}\r\n"
                )
            writer.write(head.encode() + b"\r\n" + body)
            await writer.drain()
            status, headers = await read_head(reader)
            length = int(headers.get("content-length", "0"))
            return status, await reader.readexactly(length), headers
        finally:
            writer.close()

    async def join(self, token: str) -> None:
        """Open the join link (again, if the connection is cut, as a person would)."""
        for attempt in range(20):
            try:
                status, _, headers = await self.request("GET", f"/R/{token}")
            except (OSError, asyncio.IncompleteReadError, ValueError):
                await asyncio.sleep(0.2 * (attempt + 1))
                continue
            assert status == 303, status
            self.cookie = headers["set-cookie"].split(";")[0].split("=", 1)[1]
            return
        raise AssertionError(f"phone {self.n} could not join")

    async def listen(self, think: float, stop: asyncio.Event, chaos: bool) -> None:
        """Keep the stream open (again, when it is cut); answer each new question."""
        while not stop.is_set():
            try:
                await self.stream(think, stop)
            except (OSError, asyncio.IncompleteReadError, ValueError, AssertionError):
                if not chaos:
                    raise
            if not stop.is_set():
                await asyncio.sleep(random.uniform(0.2, 0.6))

    async def stream(self, think: float, stop: asyncio.Event) -> None:
        reader, writer = await asyncio.open_connection(HOST, self.port, local_addr=(self.source, 0))
        try:
            writer.write(
                f"GET /events HTTP/1.1\r\nHost: {self.host}\r\n"
                f"Cookie: place_device={self.cookie}\r\n\r\n".encode()
            )
            status, _ = await read_head(reader)
            assert status == 200, status
            while not stop.is_set():
                size = int((await reader.readline()).strip() or b"0", 16)
                if size == 0:
                    return
                chunk = await reader.readexactly(size)
                await reader.readexactly(2)
                self.event(chunk, think)
        finally:
            writer.close()

    def event(self, chunk: bytes, think: float) -> None:
        """One event: the view before its page parts is all a phone here reads."""
        if b"data: " not in chunk:
            return
        data = chunk.split(b"data: ", 1)[1]
        self.token = data.rsplit(b'"token": "', 1)[1].split(b'"', 1)[0].decode()
        found = VERSION.search(data)
        if found is None or b'"open": true' not in data:
            return
        version = int(found[1])
        if version in self.seen:
            return
        self.seen[version] = time.monotonic()
        self.views[version] = json.loads(data.split(b', "parts": ', 1)[0] + b"}")
        if self.views[version]["you"] is None:
            task = asyncio.ensure_future(self.answer(version, random.uniform(0, think)))
            ANSWERING.add(task)  # the loop keeps only a weak reference to a task
            task.add_done_callback(ANSWERING.discard)

    async def answer(self, version: int, pause: float) -> None:
        """POST the answer until the server says it has it (the same nonce each time)."""
        await asyncio.sleep(pause)
        question = self.views[version]["question"]
        keys = [o["key"] for o in question["options"]]
        choice = keys[: len(question["rows"])] if question["shape"] == "sequence" else keys[:1]
        body = json.dumps({"version": version, "choice": choice, "nonce": f"p{self.n}v{version}"})
        started = time.monotonic()
        for attempt in range(60):
            try:
                status, answer, _ = await self.request("POST", "/a", body.encode())
                if status == 200:
                    self.acked[version] = time.monotonic() - started
                    return
                assert status == 429, (status, answer)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                pass
            self.retries += 1
            await asyncio.sleep(min(2.0, 0.2 * (attempt + 1)) * random.uniform(0.5, 1.5))


async def read_head(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    line = await reader.readline()
    parts = line.split()
    if len(parts) < 2:
        raise ValueError(f"no response: {line!r}")
    headers = {}
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(parts[1]), headers


class Server:
    """`place room quiz` in a subprocess: its events, and commands written to it."""

    async def start(self, phones: int, questions: int, data: str) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "placecli", "room", "quiz", "--count", str(questions),
            "--seed", "7", "--bind", f"{HOST}:0", "--max-devices", str(phones + 10),
            "--min-tally", "1",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, cwd=ROOT, env={**os.environ, "PLACE_DATA": data},
            limit=1 << 20,
        )  # fmt: skip
        self.events: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.reading = asyncio.ensure_future(self.read())
        self.said = asyncio.ensure_future(self.talk())
        self.listening = await self.expect("listening")

    async def read(self) -> None:
        assert self.process.stdout is not None
        while line := await self.process.stdout.readline():
            await self.events.put(json.loads(line))

    async def talk(self) -> str:
        """What it said on standard error (a warning, or a bug reported): read at its end."""
        assert self.process.stderr is not None
        return (await self.process.stderr.read()).decode()

    async def expect(self, name: str) -> dict[str, Any]:
        while True:
            event = await asyncio.wait_for(self.events.get(), STEP * 3)
            if event["event"] == name:
                return event

    def send(self, line: str) -> float:
        assert self.process.stdin is not None
        self.process.stdin.write(line.encode() + b"\n")
        return time.monotonic()

    def peak_memory_mb(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        kilobytes = int(re.search(r"VmHWM:\s+(\d+) kB", status)[1])  # type: ignore[index]
        return kilobytes / 1024


async def gather_bounded(jobs: list[Any], at_once: int = 64) -> None:
    gate = asyncio.Semaphore(at_once)

    async def one(job: Any) -> None:
        async with gate:
            await job

    await asyncio.wait_for(asyncio.gather(*(one(j) for j in jobs)), STEP * 6)


async def until(condition: Any, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the load run did not get there in time")
        await asyncio.sleep(0.01)


def everyone(crowd: list[Phone], what: str, version: int) -> Callable[[], bool]:
    """Has every phone seen (or had acknowledged) this version?"""
    return lambda: all(version in getattr(p, what) for p in crowd)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def run(phones: int, questions: int, think: float, chaos: bool) -> dict[str, Any]:
    """One bounded run; its figures."""
    with tempfile.TemporaryDirectory() as data:
        server = Server()
        await server.start(phones, questions, data)
        proxy = None
        port = int(server.listening["port"])
        if chaos:
            from room_chaos import Proxy

            proxy = Proxy(HOST, port)
            port = await proxy.start()
        host = f"{HOST}:{server.listening['port']}"
        crowd = [Phone(n, port, host) for n in range(phones)]
        token = server.listening["url"].rsplit("/", 1)[1]
        try:
            return await session(server, crowd, token, questions, think, chaos) | {
                "chaos": proxy.counts() if proxy else None
            }
        finally:
            if proxy is not None:
                proxy.close()
            if server.process.returncode is None:
                server.process.kill()
                await server.process.wait()


async def session(
    server: Server, crowd: list[Phone], token: str, questions: int, think: float, chaos: bool
) -> dict[str, Any]:
    await gather_bounded([p.join(token) for p in crowd])
    stop = asyncio.Event()
    listening = [asyncio.ensure_future(p.listen(think, stop, chaos)) for p in crowd]
    await until(lambda: all(p.token for p in crowd), STEP * 3)
    rounds = []
    patience = STEP * (6 if chaos else 2)
    for number in range(1, questions + 1):
        sent = server.send("next")
        await until(everyone(crowd, "seen", number), patience)
        reach = [p.seen[number] - sent for p in crowd]
        await until(everyone(crowd, "acked", number), think + patience)
        acks = [p.acked[number] for p in crowd]
        server.send("close")
        closed = await server.expect("closed")
        await asyncio.sleep(1)  # the host moves on a moment later, as people do
        rounds.append(
            {
                "reach_max_ms": round(1000 * max(reach)),
                "reach_p95_ms": round(1000 * percentile(reach, 0.95)),
                "ack_p95_ms": round(1000 * percentile(acks, 0.95)),
                "ack_max_ms": round(1000 * max(acks)),
                "counted": closed["count"],
            }
        )
    memory = server.peak_memory_mb()
    server.send("end")
    ended = await server.expect("ended")
    stop.set()
    for task in listening:
        task.cancel()
    status = await server.process.wait()
    talk = [line for line in (await server.said).splitlines() if "phones joined" not in line]
    return (
        {"phones": len(crowd), "rounds": rounds, "peak_mb": round(memory, 1)}
        | {"server_exit": status, "server_said": talk}
        | tally(Path(ended["log"]), crowd, questions)
        | {"retries": sum(p.retries for p in crowd)}
    )


def tally(log: Path, crowd: list[Phone], questions: int) -> dict[str, Any]:
    """Answers lost and counted twice, from the log itself. Each phone is found by its
    cookie's hash in the join records (a join whose answer a cut connection lost makes a
    device no phone holds: counted as `joins`, never as a loss)."""
    import hashlib

    records = [json.loads(line) for line in log.read_text().splitlines()]
    devices = {r["key"]: r["device"] for r in records if r["kind"] == "join"}
    phones = {devices[hashlib.sha256(p.cookie.encode()).hexdigest()[:32]] for p in crowd}
    answered: dict[tuple[int, str], int] = {}
    for r in records:
        if r["kind"] == "answer":
            answered[r["version"], r["device"]] = answered.get((r["version"], r["device"]), 0) + 1
    expected = {(v, d) for v in range(1, questions + 1) for d in phones}
    return {
        "recorded": [sum(1 for v, _ in answered if v == q) for q in range(1, questions + 1)],
        "lost": len(expected - set(answered)),
        "twice": sum(count - 1 for count in answered.values() if count > 1),
        "devices": len(phones),
        "joins": len(devices),
    }


def report(figures: dict[str, Any]) -> str:
    lines = [
        f"{figures['phones']} phones" + (" through the chaos proxy" if figures["chaos"] else "")
    ]
    for n, r in enumerate(figures["rounds"], 1):
        lines.append(
            f"  question {n}: reach max {r['reach_max_ms']} ms (p95 {r['reach_p95_ms']}), "
            f"ack p95 {r['ack_p95_ms']} ms (max {r['ack_max_ms']}), counted {r['counted']}"
        )
    lines.append(
        f"  recorded per question {figures['recorded']}, lost {figures['lost']}, "
        f"counted twice {figures['twice']}, server peak {figures['peak_mb']} MB, "
        f"retries {figures['retries']}, the server's exit status {figures['server_exit']}"
    )
    lines.extend(f"  the server said: {line}" for line in figures["server_said"])
    if figures["chaos"]:
        lines.append(f"  chaos: {figures['chaos']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--questions", type=int, default=3)
    parser.add_argument("--think", type=float, default=2.0, help="seconds, at most, to answer")
    parser.add_argument("--chaos", action="store_true")
    parser.add_argument("--json", action="store_true", help="the figures as JSON")
    args = parser.parse_args()
    started = time.monotonic()
    figures = asyncio.run(run(args.phones, args.questions, args.think, args.chaos))
    figures["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(figures) if args.json else report(figures) + f"\n  ({figures['seconds']} s)")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()

"""A chaos proxy for the room's load run, on loopback: between each phone and the server,
it delays every chunk by up to 300 ms, kills connections at random, and cuts POSTs off
mid-request. Each phone's connection to the proxy is carried on to the server from the
phone's own address, so the server still sees one address per phone."""

from __future__ import annotations

import asyncio
import contextlib
import random


class Proxy:
    def __init__(
        self,
        host: str,
        upstream: int,
        *,
        delay: float = 0.3,
        kill: float = 0.15,
        cut: float = 0.3,
        seed: int = 24,
    ) -> None:
        self.host, self.upstream = host, upstream
        self.delay, self.kill, self.cut = delay, kill, cut
        self.random = random.Random(seed)
        self.count = {"connections": 0, "killed": 0, "cut": 0}
        self.tasks: set[asyncio.Future[None]] = set()

    async def start(self) -> int:
        self.server = await asyncio.start_server(self.handle, self.host, 0)
        return int(self.server.sockets[0].getsockname()[1])

    def counts(self) -> dict[str, int]:
        return dict(self.count)

    def close(self) -> None:
        self.server.close()
        for task in self.tasks:
            task.cancel()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.count["connections"] += 1
        peer = writer.get_extra_info("peername")[0]
        try:
            up_reader, up_writer = await asyncio.open_connection(
                self.host, self.upstream, local_addr=(peer, 0)
            )
        except OSError:
            writer.close()
            return
        try:
            first = await reader.read(65536)
            if first.startswith(b"POST") and self.random.random() < self.cut:
                self.count["cut"] += 1  # the server gets part of the request, then nothing
                up_writer.write(first[: self.random.randrange(1, len(first))])
                await up_writer.drain()
                return
            up_writer.write(first)
            pumps = [
                asyncio.ensure_future(self.pump(reader, up_writer)),
                asyncio.ensure_future(self.pump(up_reader, writer)),
            ]
            if self.random.random() < self.kill:
                self.count["killed"] += 1
                await asyncio.wait(pumps, timeout=self.random.uniform(0.05, 2.0))
            else:
                await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
            for pump in pumps:
                pump.cancel()
        finally:
            for each in (writer, up_writer):
                with contextlib.suppress(OSError, RuntimeError):
                    each.close()

    async def pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Bytes one way, each chunk held up by a random delay (in order)."""
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            while chunk := await reader.read(65536):
                await asyncio.sleep(self.random.uniform(0, self.delay))
                writer.write(chunk)
                await writer.drain()
            writer.write_eof()

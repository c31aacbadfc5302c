"""`place room doctor`: what can be seen from the laptop before the room fills, and a
test page a phone can open to check what cannot (a guest Wi-Fi that keeps devices apart,
a firewall).

The test page is served by a few lines of asyncio, not the room's server: it answers
every GET with one small page and says which address opened it. It records nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from placecli.room.net import Interface, kind_of, recommended, warnings
from placecli.safetext import neutral

PAGE = (
    b"<!doctype html><html lang=en><meta charset=utf-8>"
    b"<meta name=viewport content='width=device-width, initial-scale=1'>"
    b"<title>place room: test</title><h1>This phone reaches the laptop.</h1>"
    b"<p>place room will work on this network. You can close this page.</p></html>"
)
HEADERS = (
    b"content-type: text/html; charset=utf-8\r\n"
    b"content-security-policy: default-src 'none'\r\n"
    b"x-content-type-options: nosniff\r\nreferrer-policy: no-referrer\r\n"
    b"cache-control: no-store\r\nconnection: close\r\n"
)
CHECKLIST = (
    "Guest Wi-Fi often keeps devices apart (client isolation): phones then cannot reach "
    "the laptop. The laptop cannot see this; the test page shows it: scan the test code "
    "with your own phone on the venue's Wi-Fi (not on mobile data).",
    "A hotspot lets only a few devices join (Windows' Mobile Hotspot 8, many phones 5 to "
    "10): for a larger room, use the venue's Wi-Fi or a travel router.",
    "A VPN on the laptop may send everything through its tunnel and block the local "
    "network: turn it off for the session.",
)


def interface_note(interface: Interface) -> str:
    if not interface.up:
        return "down"
    if interface.vpn:
        return "a VPN: phones cannot reach it"
    kinds = {kind_of(a) for a in interface.addresses}
    if kinds <= {"loopback"}:
        return "this laptop only: phones cannot reach it"
    if "public" in kinds:
        return "a public address: refused unless --allow-public"
    return "up"


def report(
    found: list[Interface], address: str | None, port: int, free: str | None
) -> dict[str, Any]:
    """The doctor's findings as data (what `--format json` prints)."""
    best = recommended(found)
    return {
        "interfaces": [
            {
                "name": i.name,
                "addresses": list(i.addresses),
                "up": i.up,
                "vpn": i.vpn,
                "note": interface_note(i),
            }
            for i in found
        ],
        "recommended": None if best is None else {"address": best[0], "interface": best[1].name},
        "address": address,
        "port": port,
        "port_free": free is None,
        "port_problem": free,
        "warnings": warnings(found),
        "checklist": list(CHECKLIST),
    }


async def serve_test_page(
    sock: Any, seconds: float | None, seen: Callable[[str], None], stop: asyncio.Event
) -> None:
    """Answer every request with the test page until `stop` or `seconds` pass."""
    shown: set[str] = set()

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername")
        try:
            await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            writer.write(b"HTTP/1.1 200 OK\r\n" + HEADERS)
            writer.write(b"content-length: %d\r\n\r\n" % len(PAGE) + PAGE)
            await writer.drain()
            address = peer[0] if peer else "?"
            if address not in shown:
                shown.add(address)
                seen(address)
        except (asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        except OSError:
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(answer, sock=sock, limit=4096)
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except asyncio.TimeoutError:
        pass
    finally:
        server.close()
        await server.wait_closed()


def doctor_text(facts: dict[str, Any]) -> str:
    lines = ["Interfaces:"]
    for i in facts["interfaces"]:
        shown = ", ".join(i["addresses"]) or "no address"
        lines.append(f"  {i['name']:<10} {i['note']}: {shown}")
    best = facts["recommended"]
    if best is None:
        lines.append("No private address phones could reach: join the venue's Wi-Fi or a hotspot.")
    else:
        lines.append(f"Recommended: {best['address']} ({best['interface']})")
    if facts["address"] is not None:
        where = f"{facts['address']}:{facts['port']}"
        state = "free" if facts["port_free"] else facts["port_problem"]
        lines.append(f"Port: {where} is {state}" if facts["port_free"] else f"Port: {state}")
    lines.extend(f"Warning: {w}" for w in facts["warnings"])
    lines.append("Before the session:")
    lines.extend(f"  - {item}" for item in facts["checklist"])
    return neutral("\n".join(lines) + "\n")  # interface names come from the system

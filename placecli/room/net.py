"""Addresses: which one to serve on, which are refused, and what `place room doctor`
says about the network.

The room binds one address, never all of them (0.0.0.0 or ::), and refuses a public
one unless asked (`--allow-public`): a public address would put the room on the
internet. The recommended address is the first private IPv4 address of an interface
that is up and is not a VPN. psutil lists the interfaces (the same call on Linux,
macOS and Windows).
"""

from __future__ import annotations

import ipaddress
import re
from typing import NamedTuple

from placecli.errors import UsageError

DEFAULT_PORT = 8765
VPN = re.compile(
    r"^(tun|tap|wg|utun|ppp|ipsec|tailscale|zt|nordlynx|proton|gpd|cscotun|vpn|mullvad)",
    re.IGNORECASE,
)
HOTSPOTS = (
    ("192.168.137.0/24", "Windows' Mobile Hotspot, shared from this laptop: it lets at most "
     "8 devices join"),
    ("10.42.0.0/24", "a hotspot shared from this laptop (NetworkManager): most Wi-Fi cards "
     "let 8 to 10 devices join"),
    ("172.20.10.0/28", "an iPhone's Personal Hotspot: it lets only a few devices join (5 on "
     "many models)"),
    ("192.168.43.0/24", "an Android phone's hotspot: most let at most 8 to 10 devices join"),
)  # fmt: skip


class Interface(NamedTuple):
    name: str
    addresses: tuple[str, ...]
    up: bool
    point_to_point: bool = False

    @property
    def vpn(self) -> bool:
        return bool(VPN.match(self.name)) or self.point_to_point


def interfaces() -> list[Interface]:
    """The machine's interfaces with their IPv4 and IPv6 addresses."""
    import socket

    import psutil

    stats = psutil.net_if_stats()
    found = []
    for name, addresses in psutil.net_if_addrs().items():
        shown = tuple(
            a.address.split("%")[0]
            for a in addresses
            if a.family in (socket.AF_INET, socket.AF_INET6)
        )
        stat = stats.get(name)
        flags = getattr(stat, "flags", "") or ""
        found.append(Interface(name, shown, bool(stat and stat.isup), "pointopoint" in flags))
    return found


def kind_of(address: str) -> str:
    """unspecified, loopback, link-local, private or public."""
    ip = ipaddress.ip_address(address)
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    return "public" if ip.is_global else "private"


def recommended(found: list[Interface]) -> tuple[str, Interface] | None:
    """The address phones are most likely to reach: private IPv4, up, not a VPN."""
    for interface in found:
        if not interface.up or interface.vpn:
            continue
        for address in interface.addresses:
            if ":" not in address and kind_of(address) == "private":
                return address, interface
    return None


class BadBind(UsageError):
    """An address or port the room cannot serve on: `problem` says why (a key of
    commands/room.py's wording), `given` what was given. Worded without the option
    that named it: the command layer adds that."""

    def __init__(self, problem: str, given: object) -> None:
        self.problem, self.given = problem, str(given)
        super().__init__(f"{self.given}: {problem}")


def parse_bind(text: str) -> tuple[str, int | None]:
    """`ADDRESS`, `ADDRESS:PORT` or `[IPV6]:PORT` -> (address, port or None)."""
    found = re.fullmatch(r"\[([0-9a-fA-F:.]+)\](?::(\d+))?|([^:\s]+)(?::(\d+))?|([0-9a-fA-F:]+)",
                         text.strip())  # fmt: skip
    if not found:
        raise BadBind("unreadable", text)
    address = found[1] or found[3] or found[5]
    port_text = found[2] or found[4]
    port = int(port_text) if port_text else None
    if port is not None and port > 65535:
        raise BadBind("port", port)
    return address, port


def checked_address(address: str, allow_public: bool) -> str:
    """The address to bind, or BadBind saying why not: not an address, every address at
    once (unspecified), link-local, or public (unless allowed)."""
    try:
        kind = kind_of(address)
    except ValueError:
        raise BadBind("not an address", address) from None
    if kind in ("unspecified", "link-local") or (kind == "public" and not allow_public):
        raise BadBind(kind, address)
    return address


def warnings(found: list[Interface]) -> list[str]:
    """What may keep phones from reaching the laptop, as far as the laptop can tell."""
    said = []
    for interface in found:
        if interface.up and interface.vpn:
            said.append(
                f"a VPN is on ({interface.name}): many VPNs send everything through the "
                "tunnel and block the local network; turn it off for the session, or allow "
                "local network access in its settings"
            )
        for address in interface.addresses:
            for network, what in HOTSPOTS:
                if ":" not in address and ipaddress.ip_address(address) in ipaddress.ip_network(
                    network
                ):
                    said.append(f"{interface.name} ({address}) looks like {what}")
    return said

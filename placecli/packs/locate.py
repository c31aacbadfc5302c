"""Where packs are, which files they hold, and reading them within bounds. Light: no YAML.

A pack is untrusted, and so is its folder: only regular files inside the pack folder
are read (a link out of the folder, a device or a FIFO is refused without reading it),
each at most MAX_FILE_BYTES and the pack at most MAX_PACK_BYTES. Each file is read
once; the cache's key and the loader both use those bytes.

Paths here are strings handled with `os`, not `pathlib`: these functions run at every
start, and importing pathlib costs about a third of a bare Python start. They accept
`Path`s too.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from placecli.errors import UsageError

if TYPE_CHECKING:
    StrPath = str | os.PathLike[str]

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_PACK_BYTES = 8 * 1024 * 1024
# What a pack may hold, as well as bytes: every command (the views and exports too) stays
# within its time and memory budget on the largest pack the loader accepts
# (benchmarks/worst.py). The values are counted as the YAML is read, so a file of a
# million one-letter items stops there, before anything else looks at it.
MAX_PACK_VALUES = 400_000  # texts, numbers, lists and mappings, keys included
MAX_RECORDS = 10_000  # concepts, questions, prompts and terms together
MAX_LIST_ITEMS = 50_000  # items in the records' lists: points, options, follow_ups ...
MAX_PACK_FILES = 1_000  # YAML files besides pack.yaml (each costs a read and a parse)
MAX_PLANS = 50  # files in a pack's plans/ folder; each is checked against the whole pack
MAX_PLAN_VALUES = 5_000  # in one plan: a 90-minute workshop is about 100
_MB = 1024 * 1024


class Source(NamedTuple):
    """One file of a pack as read: its bytes, or why it was not read."""

    path: str
    data: bytes | None
    refused: str | None = None


class PackSource(NamedTuple):
    """One pack folder as read: pack.yaml first (perhaps refused), then its other files."""

    folder: str
    files: tuple[Source, ...]


def builtin_pack() -> str:
    """The pack shipped with the program: inside the wheel, or `content/` in a checkout."""
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    shipped = os.path.join(package, "_content")
    return shipped if os.path.isdir(shipped) else os.path.join(os.path.dirname(package), "content")


def shown(path: StrPath) -> str:
    """A file's name as a person will recognise it: relative to here when it is below here."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return os.fspath(path)
    return os.fspath(path) if relative.startswith("..") else relative


def shown_origin(origin: str) -> str:
    """A record's origin (`/abs/path/questions.yaml:41`) as `my-pack/questions.yaml:41`."""
    path, _, line = origin.rpartition(":")
    return f"{shown(path)}:{line}" if path else origin


def pack_files(folder: StrPath) -> list[str]:
    """The YAML files of a pack other than pack.yaml, in sorted name order."""
    with os.scandir(folder) as entries:
        files = [
            entry.path
            for entry in entries
            if os.path.splitext(entry.name)[1] in (".yaml", ".yml")
            and entry.name != "pack.yaml"
            and not entry.is_dir()  # so a FIFO or device named *.yaml is refused, not skipped
        ]
    return sorted(files, key=os.path.basename)


def pack_folder(path: StrPath) -> str:
    """The folder of a pack named by its folder or its pack.yaml; a usage error if neither."""
    name = os.fspath(path)
    if os.path.isfile(name) and os.path.basename(name) == "pack.yaml":
        return os.path.dirname(name) or os.curdir
    if not os.path.exists(name):
        raise UsageError(f"no pack at {name}: no such file or folder")
    if not os.path.isdir(name):
        raise UsageError(f"no pack at {name}: give the pack's folder or its pack.yaml")
    return name


def distinct(paths: Sequence[StrPath]) -> list[str]:
    """The pack folders at `paths`, each once (by its real path), in first-named order."""
    folders: dict[str, str] = {}
    for path in paths:
        folder = pack_folder(path)
        folders.setdefault(os.path.realpath(folder), folder)
    return list(folders.values())


def read_packs(paths: Sequence[StrPath]) -> list[PackSource]:
    """Every file of the packs at `paths` (each pack once), read within the limits."""
    return [read_pack(folder) for folder in distinct(paths)]


_OVERLAYS = re.compile(rb"^overlays[ \t]*:", re.MULTILINE)


def packs_beneath(packs: Sequence[PackSource]) -> list[PackSource]:
    """The built-in pack, read, when a pack's manifest may overlay it and it is not among
    `packs`: the cache's key must cover what the loader may read. (The loader decides from
    the parsed manifest whether to use it; this only looks at the bytes, without YAML.)"""
    builtin = os.path.realpath(builtin_pack())
    if any(os.path.realpath(p.folder) == builtin for p in packs):
        return []
    if not any(p.files and p.files[0].data and _OVERLAYS.search(p.files[0].data) for p in packs):
        return []
    return read_packs([builtin])


def read_pack(folder: str) -> PackSource:
    real = os.path.realpath(folder)
    files = [read_within(os.path.join(folder, "pack.yaml"), real, MAX_PACK_BYTES)]
    try:
        names = pack_files(folder)
    except OSError as error:
        files.append(Source(folder, None, f"cannot be listed: {error.strerror or error}"))
        names = []
    if len(names) > MAX_PACK_FILES:
        files.append(Source(folder, None, too_many_files(len(names))))
        names = []
    total = len(files[0].data or b"")
    for name in names:
        source = read_within(name, real, MAX_PACK_BYTES - total)
        total += len(source.data or b"")
        files.append(source)
    return PackSource(folder, tuple(files))


def read_within(path: str, folder: str, room: int) -> Source:
    """A regular file inside `folder` (a real path), at most MAX_FILE_BYTES and `room`."""
    try:
        data = read_bounded(path, folder, min(MAX_FILE_BYTES, room))
    except OSError as error:
        if (
            error.errno == errno.ENOENT
            and os.path.basename(path) == "pack.yaml"
            and not os.path.lexists(path)
        ):
            return Source(path, None, "is missing: every pack needs one")
        return Source(path, None, f"cannot be read: {error.strerror or error}")
    except Refused as refusal:
        return Source(path, None, refusal.message)
    return Source(path, data)


class Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_bounded(path: str, folder: str, limit: int) -> bytes:
    """The bytes of `path`, refusing anything but a regular file inside `folder` within `limit`.

    Opened without blocking (a FIFO does not hang) and not following a last link (one
    swapped in after the check is refused); at most limit + 1 bytes are read, so a file
    that grows, or lies about its size, costs no more.
    """
    real = os.path.realpath(path)
    try:
        inside = os.path.commonpath([real, folder]) == folder
    except ValueError:  # another drive on Windows
        inside = False
    if not inside:
        raise Refused("is a link to a file outside the pack folder; copy the file into the pack")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    handle = os.open(real, flags | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0))
    with open(handle, "rb", buffering=0) as stream:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise Refused("is not a regular file (a folder, device, pipe or socket); not read")
        if info.st_size > limit:
            raise Refused(too_large(info.st_size, limit))
        data = b""
        while len(data) <= limit and (chunk := stream.read(limit + 1 - len(data))):
            data += chunk
    if len(data) > limit:
        raise Refused(too_large(len(data), limit))
    return data


def too_large(size: int, limit: int = MAX_FILE_BYTES) -> str:
    """Why a file of `size` bytes is refused, against the limit it broke."""
    if limit < MAX_FILE_BYTES:
        return (
            f"makes the pack larger than {MAX_PACK_BYTES // _MB} MB in all; "
            "split it into several packs"
        )
    return (
        f"is larger than {MAX_FILE_BYTES // _MB} MB ({size:,} bytes), the most a pack file may be"
    )


def too_many_files(count: int) -> str:
    return (
        f"holds {count:,} YAML files besides pack.yaml, and a pack may hold at most "
        f"{MAX_PACK_FILES:,}; none of them is read: join some, or split the pack into several"
    )


PLANS_FOLDER = "plans"  # a pack's workshop plans (plan.py reads them)


def plans_in(paths: Sequence[StrPath]) -> list[str]:
    """The plan files in the packs' `plans/` folders, in pack order, then by name. Every
    entry named like a plan but a folder is listed: `plan_source` refuses a link out of
    the pack, a device or a FIFO (without waiting on it). More than MAX_PLANS in one
    folder is a ContentError."""
    found: list[str] = []
    for path in paths:
        folder = os.path.join(pack_folder(path), PLANS_FOLDER)
        if os.path.isdir(folder):
            with os.scandir(folder) as entries:
                files = [
                    e.path
                    for e in entries
                    if os.path.splitext(e.name)[1] in (".yaml", ".yml") and not e.is_dir()
                ]
            if len(files) > MAX_PLANS:
                from placecli.errors import ContentError, Problem

                why = f"holds {len(files):,} plans, and a pack may hold at most {MAX_PLANS}"
                raise ContentError([Problem(shown(folder), None, "", why)], "the pack's plans")
            found += sorted(files, key=os.path.basename)
    return found


def plan_source(path: StrPath, within: StrPath | None = None) -> Source:
    """A plan file read once with a pack file's rules: a regular file of at most
    MAX_FILE_BYTES, inside `within`, or inside its pack when it is in a pack's `plans/`
    folder (however it was named), else beside the path given. What a cache mark of the
    plans should hash, as the loader hashes the pack files it reads."""
    folder = within or pack_of_plan(path) or os.path.dirname(os.path.realpath(path))
    return read_within(os.fspath(path), os.path.realpath(folder), MAX_FILE_BYTES)


def plan_sources(paths: Sequence[StrPath]) -> list[Source]:
    """Every plan of the packs at `paths`, each read once (`plan_source`), in order."""
    return [plan_source(plan, os.path.dirname(os.path.dirname(plan))) for plan in plans_in(paths)]


def pack_of_plan(path: StrPath) -> str | None:
    """The pack folder a plan file is in, when it is in a pack's `plans/` folder (as the
    path names it, before any link): such a plan is read as a pack file, and stays in
    its pack, however it was named (`place run NAME`, or its path)."""
    plans = os.path.dirname(os.path.abspath(path))
    pack = os.path.dirname(plans)
    if os.path.basename(plans) == PLANS_FOLDER and os.path.isfile(os.path.join(pack, "pack.yaml")):
        return pack
    return None

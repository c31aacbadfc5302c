"""A cache of validated packs, so that a large pack is parsed once, not at every start.

What it trusts, exactly:

- Its folder, and only if that is a folder owned by this user that no one else may write
  (it is created 0700; a shared or group- or world-writable folder, or one owned by
  someone else, turns the cache off). `HOME` is never created for it.
- Entries that are regular files owned by this user, under MAX_ENTRY_BYTES, opened
  without following a link and without blocking (a FIFO or a link to /dev/zero is
  ignored), whose header names the key and whose body passes a checksum, a strict
  decoding to the model's types, the model's invariants, and the same check for terminal
  controls and invisible characters as pack text.
- The key, computed from the bytes the loader parses: each pack file is read once; its
  bytes are hashed for the key and those same bytes are parsed. A file replaced during a
  load cannot be stored under the old file's key. The key also covers `place`'s version
  and the bytes of its own source files (the validator), so a stricter `place`
  re-validates, and the real path of each pack folder and the names of its files. When a
  pack's manifest may overlay the built-in pack, the built-in pack's files are read and
  hashed into the key too, whether or not the loader then uses them.

The hashes are CRCs: they detect change, they are not a secret. Someone who can write
to your cache folder as you can make `place` show what they like, as they could by
editing your packs; the cache adds no way in for anyone else. (A cryptographic hash
would add nothing against that writer, and costs an OpenSSL import at every start.)
Entries are JSON, never pickle. Only packs that validated are stored, so a broken pack
is always read and reported afresh. Anything damaged, foreign or odd is ignored and
rebuilt.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import zlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from placecli import __version__
from placecli.packs import model
from placecli.packs.stored import decode_pack, encode, model_is_sound
from placecli.private import is_private, private_folder
from placecli.safetext import UNSAFE

if TYPE_CHECKING:
    from placecli.packs.locate import PackSource, StrPath

# 2: questions have `left` (match); 3: records have `origin`; 4: the key covers the bytes
# parsed and place's source; 5: concepts have `local` examples (overlays)
CACHE_FORMAT = 5
MAX_ENTRIES = 32
MAX_ENTRY_BYTES = 64 * 1024 * 1024
# In a body json.dumps(ensure_ascii=False) wrote from a sound pack there is no \u, \b,
# \f or \r escape: they spell only characters pack text may not hold. So a body with
# one was not written by place.
_CONTROL_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\[ubfr]")


def load_packs_cached(paths: Sequence[StrPath], cache_dir: StrPath | None) -> model.Pack:
    """The joined packs at `paths`: from the cache when it holds them, else read and stored."""
    return Cached(paths, cache_dir).pack()


class Cached:
    """The packs at `paths` as read once, and their place in the cache folder."""

    def __init__(self, paths: Sequence[StrPath], cache_dir: StrPath | None) -> None:
        from placecli.packs.locate import packs_beneath, read_packs

        self.packs = read_packs(paths)  # each file read once: the key and the loader see these
        self.beneath = packs_beneath(self.packs)  # the built-in pack, when an overlay may name it
        self.folder = os.fspath(cache_dir) if cache_dir is not None else None
        self.key = fingerprint([*self.packs, *self.beneath]) if self.folder is not None else None

    def entry(self, kind: str) -> str | None:
        """The cache file of this kind for these packs, if there is a cache."""
        if self.folder is None or self.key is None:
            return None
        return os.path.join(self.folder, f"{kind}-{self.key}.json")

    def readable(self, entry: str | None) -> bool:
        """Entries are read only from a folder of the user's own that no one else may
        write to (write_entry makes it so, or writes nothing)."""
        return entry is not None and self.key is not None and is_private(os.path.dirname(entry))

    def pack(self) -> model.Pack:
        entry = self.entry("packs")
        if self.readable(entry) and entry is not None and self.key is not None:
            cached = read_entry(entry, self.key)
            if cached is not None:
                return cached
        from placecli.packs.pack import (
            load_sources,  # only now: a cache hit never imports the YAML reader
        )

        pack = load_sources(self.packs, self.beneath)
        if entry is not None and self.key is not None and self.folder is not None:
            body = json.dumps(encode(pack), ensure_ascii=False, separators=(",", ":")).encode()
            write_entry(self.folder, entry, self.key, body)
        return pack

    def report(self, check: Callable[[model.Pack], Report]) -> Report:
        """`place validate`'s report on these packs: from the cache when this same code
        checked these same bytes before, else `check` of the pack, stored."""
        entry = self.entry("report")
        if self.readable(entry) and entry is not None and self.key is not None:
            cached = read_report(entry, self.key)
            if cached is not None:
                return cached
        report = check(self.pack())
        if entry is not None and self.key is not None and self.folder is not None:
            body = json.dumps(report._asdict(), ensure_ascii=False).encode()
            write_entry(self.folder, entry, self.key, body)
        return report


class Report(NamedTuple):
    """What `place validate` says of valid packs: their counts and the item-writing
    warnings, each {"origin", "rule", "message", "fix"}."""

    counts: dict[str, int]
    warnings: list[dict[str, str]]


WARNING_FIELDS = ("origin", "rule", "message", "fix")


def read_report(entry: StrPath, key: str) -> Report | None:
    """A stored report, decoded strictly, or None."""
    try:
        raw = read_regular(entry)
        header_line, _, body = raw.partition(b"\n")
        if json.loads(header_line) != make_header(key, body):
            return None
        text = body.decode("utf-8")
        data = json.loads(text) if text_is_sound(text) else None
        return decode_report(data)
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


def decode_report(data: Any) -> Report:
    """A report's data with exactly the types a report has; TypeError otherwise."""
    if type(data) is not dict or set(data) != set(Report._fields):
        raise TypeError("not a report")
    counts, found = data["counts"], data["warnings"]
    if type(counts) is not dict or set(counts) != {"concepts", "questions", "prompts", "terms"}:
        raise TypeError("not a report's counts")
    if not all(type(n) is int for n in counts.values()) or type(found) is not list:
        raise TypeError("not a report's counts and warnings")
    for warning in found:
        if type(warning) is not dict or tuple(warning) != WARNING_FIELDS:
            raise TypeError("not a warning")
        "".join(warning.values())  # a TypeError unless each is text
    return Report(counts, found)


def fingerprint(packs: Sequence[PackSource]) -> str | None:
    """A hash of the program, its code and every pack file as read; None if one was refused."""
    code = code_fingerprint()
    if code is None:
        return None
    listing = [f"place {__version__} cache {CACHE_FORMAT} code {code}"]
    contents = adler = 1
    for pack in packs:
        listing.append(os.path.realpath(pack.folder))
        for source in pack.files:
            if source.data is None:
                return None  # the loader will say what is wrong with the file
            listing.append(f"{os.path.basename(source.path)} {len(source.data)}")
            contents = zlib.crc32(source.data, contents)
            adler = zlib.adler32(source.data, adler)
    names = "\0".join(listing).encode()
    return f"{zlib.crc32(names):08x}{zlib.adler32(names):08x}{contents:08x}{adler:08x}"


def code_fingerprint() -> str | None:
    """A CRC of every source file of place: a new rule anywhere means a new key.

    Nothing to remember to bump; reading them costs well under a millisecond.
    """
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    crc = 0
    try:
        names = source_files(package)
        for name in names:
            with open(os.path.join(package, name), "rb") as stream:
                crc = zlib.crc32(stream.read(), zlib.crc32(name.encode(), crc))
    except OSError:
        return None
    return f"{crc:08x}{len(names):x}"


def source_files(package: str) -> list[str]:
    """The package's .py files, by their path inside it, in a fixed order."""
    names = []
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(("_", ".")))
        inside = os.path.relpath(folder, package)
        names += [os.path.normpath(os.path.join(inside, f)) for f in files if f.endswith(".py")]
    return sorted(names)


def read_entry(entry: StrPath, key: str) -> model.Pack | None:
    """The pack stored under `key`, or None if the entry is missing, damaged or foreign."""
    try:
        raw = read_regular(entry)
        header_line, _, body = raw.partition(b"\n")
        header = json.loads(header_line)
        if header != make_header(key, body):
            return None
        text = body.decode("utf-8")
        if not text_is_sound(text):
            return None
        pack = decode_pack(json.loads(text))
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
    return pack if model_is_sound(pack) else None


def text_is_sound(body: str) -> bool:
    """No character, raw or escaped, that pack text may not hold (safetext.py).

    In ASCII text (the common case, checked at memory speed) that is only DEL: json.loads
    refuses raw C0 controls itself. The escapes are looked for only where one may be.
    """
    unsafe = "\x7f" in body if body.isascii() else UNSAFE.search(body) is not None
    if unsafe:
        return False
    maybe_escaped = "\\" in body and any(e in body for e in ("\\u", "\\b", "\\f", "\\r"))
    return not (maybe_escaped and _CONTROL_ESCAPE.search(body))


def read_regular(path: StrPath) -> bytes:
    """A regular file of this user's under MAX_ENTRY_BYTES; OSError for anything else."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    handle = os.open(path, flags | getattr(os, "O_BINARY", 0))
    with open(handle, "rb") as stream:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            raise OSError("not a regular file of a sensible size")
        if os.name == "posix" and info.st_uid != os.geteuid():
            raise OSError("not this user's file")
        return stream.read(MAX_ENTRY_BYTES + 1)


def checksum(body: bytes) -> str:
    """Detects a damaged body; what decides trust is the strict decoding after it."""
    return f"{zlib.crc32(body):08x}{len(body):x}"


def make_header(key: str, body: bytes) -> dict[str, Any]:
    return {
        "place-cache": CACHE_FORMAT,
        "version": __version__,
        "key": key,
        "checksum": checksum(body),
    }


def write_entry(cache_dir: StrPath, entry: StrPath, key: str, body: bytes) -> None:
    """Store an entry atomically; a cache that cannot be written is simply not used."""
    data = json.dumps(make_header(key, body)).encode() + b"\n" + body
    if len(data) > MAX_ENTRY_BYTES or not private_folder(os.fspath(cache_dir)):
        return
    import tempfile  # only when writing: it costs a few ms at every start

    with contextlib.suppress(OSError):
        handle, name = tempfile.mkstemp(prefix=".packs-", suffix=".tmp", dir=cache_dir)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(name, entry)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(name)
        prune(cache_dir)


def prune(cache_dir: StrPath) -> None:
    """Keep the most recently written entries only."""
    with os.scandir(cache_dir) as found:
        entries = [e for e in found if e.name.endswith(".json")]
    for kind in ("packs-", "report-"):
        mine = [e for e in entries if e.name.startswith(kind)]
        mine.sort(key=lambda e: e.stat().st_mtime, reverse=True)
        for old in mine[MAX_ENTRIES:]:
            with contextlib.suppress(OSError):
                os.unlink(old.path)

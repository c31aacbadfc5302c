"""A cache of validated packs, so that a large pack is parsed once, not at every start.

The key covers the program's version and, for every file of every pack in use, its path,
size, modification time and a CRC of its bytes: any edit, or a new `place`, misses. (A
CRC detects change; a keyless cryptographic hash would add no protection against someone
able to write the cache, and costs an OpenSSL import at every start.) A pack read without
being named (the built-in pack beneath an overlay) is known only once the packs are
read, so the entry's header lists its folder with a key of its own, made again at every
read: an edit there misses too.
Entries are JSON (never pickle: a cache file is not trusted to run code), carry a
checksum of their body, are decoded with strict type checks and then re-checked for the
model's invariants. Anything damaged, foreign or odd is ignored and rebuilt. Only packs
that validated are stored, so a broken pack is always read and reported afresh.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import zlib
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from . import __version__, model
from .locate import pack_files, pack_folder

if TYPE_CHECKING:
    from .locate import StrPath

CACHE_FORMAT = 4  # 2: questions have `left` (match); 3: records have `origin`; 4: `local`
MAX_ENTRIES = 32
MAX_HASHED_BYTES = 16 * 1024 * 1024


def load_packs_cached(paths: Sequence[StrPath], cache_dir: StrPath | None) -> model.Pack:
    """The joined packs at `paths`: from the cache when it holds them, else read and stored."""
    key = fingerprint(paths) if cache_dir is not None else None
    entry = os.path.join(cache_dir, f"packs-{key}.json") if cache_dir and key else None
    cached = read_entry(entry, key) if entry and key else None
    if cached is not None:
        return cached
    from .pack import load_packs_with_folders  # only now: a hit never imports the YAML reader

    pack, implied = load_packs_with_folders(paths)
    if cache_dir is None or entry is None or key is None:
        return pack
    write_entry(cache_dir, entry, key, pack, implied)
    return pack


def fingerprint(paths: Sequence[StrPath]) -> str | None:
    """A hash of the program version and every pack file; None if a file cannot be hashed."""
    listing = [f"place {__version__} cache {CACHE_FORMAT}"]
    contents = 0
    try:
        for path in paths:
            folder = pack_folder(path)
            listing.append(os.path.realpath(folder))
            for file in [os.path.join(folder, "pack.yaml"), *pack_files(folder)]:
                stat = os.stat(file)
                if stat.st_size > MAX_HASHED_BYTES:
                    return None
                listing.append(f"{os.path.basename(file)} {stat.st_size} {stat.st_mtime_ns}")
                with open(file, "rb") as stream:
                    contents = zlib.crc32(stream.read(), contents)
    except OSError:
        return None  # the loader will say what is wrong with the file
    names = "\0".join(listing).encode()
    return f"{zlib.crc32(names):08x}{zlib.adler32(names):08x}{contents:08x}"


def read_entry(entry: StrPath, key: str) -> model.Pack | None:
    """The pack stored under `key`, or None if the entry is missing, damaged or foreign."""
    try:
        with open(entry, "rb") as stream:
            raw = stream.read()
        header_line, _, body = raw.partition(b"\n")
        header = json.loads(header_line)
        if header != make_header(key, body, header.get("implied")):
            return None
        pack = decode_pack(json.loads(body))
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
    return pack if model_is_sound(pack) else None


def checksum(body: bytes) -> str:
    """Detects a damaged body; what decides trust is the strict decoding after it."""
    return f"{zlib.crc32(body):08x}{len(body):x}"


def make_header(key: str, body: bytes, implied: Any) -> dict[str, Any] | None:
    """An entry's header. `implied` lists folders read besides the paths the key covers
    (the built-in pack beneath an overlay), with their own key, made afresh: an entry
    whose implied folders changed, or cannot be read, is a miss. None if it is malformed."""
    header: dict[str, Any] = {
        "place-cache": CACHE_FORMAT,
        "version": __version__,
        "key": key,
        "checksum": checksum(body),
    }
    if implied is not None:
        folders = implied.get("folders") if type(implied) is dict else None
        if type(folders) is not list or not all(type(f) is str for f in folders):
            return None
        implied_key = fingerprint(folders)
        if implied_key is None:
            return None
        header["implied"] = {"folders": folders, "key": implied_key}
    return header


def write_entry(
    cache_dir: StrPath, entry: StrPath, key: str, pack: model.Pack, implied: Sequence[str] = ()
) -> None:
    """Store a pack atomically; a cache that cannot be written is simply not used."""
    body = json.dumps(encode(pack), ensure_ascii=False, separators=(",", ":")).encode()
    header = make_header(key, body, {"folders": list(implied)} if implied else None)
    if header is None:
        return
    data = json.dumps(header).encode() + b"\n" + body
    import tempfile  # only when writing: it costs a few ms at every start

    with contextlib.suppress(OSError):
        os.makedirs(cache_dir, exist_ok=True)
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
        entries = [e for e in found if e.name.startswith("packs-") and e.name.endswith(".json")]
    entries.sort(key=lambda e: e.stat().st_mtime, reverse=True)
    for old in entries[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            os.unlink(old.path)


def encode(value: Any) -> Any:
    """The model as JSON data: records to objects, tuples to lists, dates to ISO text."""
    fields = getattr(type(value), "_fields", None)  # a NamedTuple record of the model
    if fields is not None:
        return {name: encode(getattr(value, name)) for name in fields}
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    if isinstance(value, Mapping):
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# Strict decoding: every value must have exactly the type the model declares.


def text(value: Any) -> str:
    if type(value) is not str:
        raise TypeError("expected text")
    return value


def maybe(decode: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: None if value is None else decode(value)


def texts(value: Any) -> tuple[str, ...]:
    if type(value) is not list or not all(type(v) is str for v in value):
        raise TypeError("expected a list of text")
    return tuple(value)


def whole(value: Any) -> int:
    if type(value) is not int:
        raise TypeError("expected an int")
    return value


def day(value: Any) -> dt.date:
    return dt.date.fromisoformat(text(value))


def mapping(value: Any) -> Mapping[str, str]:
    if type(value) is not dict:
        raise TypeError("expected an object")
    return MappingProxyType({text(k): text(v) for k, v in value.items()})


def record(cls: type[Any], decoders: dict[str, Callable[[Any], Any]]) -> Callable[[Any], Any]:
    fields = decoders.keys()
    pairs = tuple(decoders.items())

    def decode(value: Any) -> Any:
        if type(value) is not dict or value.keys() != fields:
            raise TypeError(f"expected the fields of {cls.__name__}")
        return cls(**{name: convert(value[name]) for name, convert in pairs})

    return decode


def many(decode: Callable[[Any], Any]) -> Callable[[Any], tuple[Any, ...]]:
    def decode_list(value: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise TypeError("expected a list")
        return tuple(decode(v) for v in value)

    return decode_list


decode_pack = record(
    model.Pack,
    {
        "id": text,
        "title": text,
        "description": maybe(text),
        "source": maybe(
            record(
                model.Source,
                {
                    "title": text,
                    "authors": many(record(model.Author, {"name": text, "role": maybe(text)})),
                    "publication": maybe(text),
                    "published": maybe(day),
                    "url": maybe(text),
                },
            )
        ),
        "concepts": many(
            record(
                model.Concept,
                {
                    "id": text,
                    "title": text,
                    "summary": text,
                    "section": maybe(text),
                    "points": texts,
                    "quote": maybe(text),
                    "terms": texts,
                    "related": texts,
                    "local": many(
                        record(
                            model.Local,
                            {"text": text, "source": maybe(text), "as_of": maybe(day)},
                        )
                    ),
                    "origin": text,
                },
            )
        ),
        "questions": many(
            record(
                model.Question,
                {
                    "id": text,
                    "concept": text,
                    "type": text,
                    "question": text,
                    "answer": texts,
                    "explanation": text,
                    "options": texts,
                    "feedback": mapping,
                    "left": texts,
                    "origin": text,
                },
            )
        ),
        "prompts": many(
            record(
                model.Prompt,
                {
                    "id": text,
                    "prompt": text,
                    "concept": maybe(text),
                    "audience": text,
                    "follow_ups": texts,
                    "minutes": maybe(whole),
                    "origin": text,
                },
            )
        ),
        "terms": many(
            record(
                model.Term,
                {
                    "id": text,
                    "term": text,
                    "definition": text,
                    "aliases": texts,
                    "origin": text,
                },
            )
        ),
    },
)


def model_is_sound(pack: model.Pack) -> bool:
    """The invariants the loader guarantees, checked again on what came from disk."""
    concepts, terms = {c.id for c in pack.concepts}, {t.id for t in pack.terms}
    return (
        bool(concepts)
        and all(
            ids_ok([i.id for i in items])
            for items in (pack.concepts, pack.questions, pack.prompts, pack.terms)
        )
        and all(set(c.terms) <= terms and set(c.related) <= concepts for c in pack.concepts)
        and all(question_ok(q, concepts) for q in pack.questions)
        and all(prompt_ok(p, concepts) for p in pack.prompts)
    )


def ids_ok(ids: list[str]) -> bool:
    return len(set(ids)) == len(ids) and all(model.SLUG.fullmatch(i) for i in ids)


def question_ok(q: model.Question, concepts: set[str]) -> bool:
    from . import qtypes

    kind = qtypes.TYPES.get(q.type)
    return (
        kind is not None
        and q.concept in concepts
        and set(q.feedback) <= set(q.options)
        and kind.sound(q)
    )


def prompt_ok(p: model.Prompt, concepts: set[str]) -> bool:
    return (
        p.audience in model.AUDIENCES
        and (p.concept is None or p.concept in concepts)
        and (p.minutes is None or p.minutes > 0)
    )

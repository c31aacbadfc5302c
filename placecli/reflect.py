"""Reflection: choosing prompts, journal entries, the journal writer and the countdown.

The journal is the one thing `place` writes that a person cannot get back, so every
append rewrites the whole file beside itself and swaps it in with `os.replace`: at any
moment the file on disk is either the old journal, byte for byte, or the new one whole.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from .errors import UsageError
from .model import Pack, Prompt

JOURNAL_HEADING = "# Reflection journal\n"


def select_prompts(
    pack: Pack,
    concepts: Sequence[str] = (),
    audience: str | None = None,
    rng: random.Random | None = None,
) -> list[Prompt]:
    """Prompts for the concepts (all if none) and audience, in reading order; one if rng."""
    order = {c.id: i for i, c in enumerate(pack.concepts)}
    chosen = [
        p
        for p in pack.prompts
        if (not concepts or p.concept in concepts) and (audience is None or p.audience == audience)
    ]
    if not chosen:
        limits = ([f"for audience {audience}"] if audience else []) + (
            [f"on {', '.join(concepts)}"] if concepts else []
        )
        raise UsageError(" ".join(["the pack has no prompts", *limits]))
    chosen.sort(key=lambda p: order.get(p.concept or "", len(order)))
    return [rng.choice(chosen)] if rng is not None else chosen


def journal_entry(
    prompt: Prompt, concept_title: str, response: str, when: dt.datetime, unfinished: bool = False
) -> str:
    """One Markdown entry: date and concept, the prompt, the response as written."""
    note = " (unfinished: stopped with Ctrl-C)" if unfinished else ""
    heading = f"## {when:%Y-%m-%d %H:%M} · {one_line(concept_title)}{note}"
    body = response.rstrip("\n")
    return f"{heading}\n\n### {one_line(prompt.prompt)}\n\n{body}\n\n"


def one_line(text: str) -> str:
    return " ".join(text.split())


def check_journal(path: Path) -> None:
    """Fail before any typing if the journal cannot be written where it is asked for."""
    folder = path.parent
    if path.is_dir():
        raise UsageError(f"cannot write the journal {path}: it is a folder")
    if not folder.exists():
        raise UsageError(f"cannot write the journal {path}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise UsageError(f"cannot write the journal {path}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write the journal {path}: no permission to write in {folder}")
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise UsageError(f"cannot write the journal {path}: no permission to change it")


def append_to_journal(path: Path, entry: str) -> None:
    """Append an entry so that the old journal is never lost or half-written.

    Writes old + new to a temporary file in the same folder, flushes and fsyncs it, then
    replaces the journal with it in one step. On any failure (disk full, a kill signal
    handled as an exception, Ctrl-C) the temporary file is removed and the journal left
    as it was. A journal that is a symbolic link is written where the link points, so the
    link stays a link.
    """
    path = Path(os.path.realpath(path))
    try:
        old = path.read_bytes()
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        old, mode = JOURNAL_HEADING.encode() + b"\n", 0o644
    except OSError as error:
        raise UsageError(f"cannot read the journal {path}: {error.strerror}") from None
    try:
        write_replacing(path, path.parent, old + entry.encode("utf-8"), mode)
    except OSError as error:
        raise UsageError(
            f"could not save to the journal {path}: {error.strerror}; the journal is unchanged"
        ) from None


def write_replacing(path: Path, folder: Path, data: bytes, mode: int) -> None:
    import tempfile  # only when writing: it costs a few ms at every start

    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(mode)
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    sync_folder(folder)
    remove_stale_temporaries(path)


STALE_SECONDS = 60


def remove_stale_temporaries(path: Path) -> None:
    """Remove temporary files a killed `place` left beside the journal.

    Only those older than a minute: a younger one may be another `place` writing now.
    """
    now = time.time()
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - stale.stat().st_mtime > STALE_SECONDS:
                stale.unlink()


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it."""
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


MIN_TIMER_SECONDS, MAX_TIMER_SECONDS = 5, 24 * 60 * 60
_DURATION_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600}


def parse_duration(text: str) -> float:
    """Seconds in `15` (minutes), `15m`, `90s`, `1:30` (minutes:seconds), `1h`, `2.5m`.

    A usage error for anything else, or for less than 5 seconds or more than a day.
    """
    import re

    words = text.strip().lower()
    clock = re.fullmatch(r"(\d{1,4}):([0-5]\d)", words)
    plain = re.fullmatch(r"(\d{1,5}(?:\.\d+)?|\.\d+)\s*([a-z]*)", words)
    seconds: float
    if clock:
        seconds = int(clock[1]) * 60 + int(clock[2])
    elif plain and plain[2] in ("", *_DURATION_UNITS):
        seconds = float(plain[1]) * _DURATION_UNITS.get(plain[2], 60)
    else:
        raise UsageError(
            f'--timer takes a duration like 15 (minutes), 15m, 90s, 1:30 or 1h, not "{text}"'
        )
    if not MIN_TIMER_SECONDS <= seconds <= MAX_TIMER_SECONDS:
        raise UsageError(f'--timer takes 5 seconds to 24 hours, not "{text}"')
    return seconds


def countdown(
    seconds: float, now: Callable[[], float], sleep: Callable[[float], None], tick: float = 1.0
) -> Iterator[float]:
    """Seconds left, about every `tick`, ending with 0; the clock and sleep are passed in."""
    end = now() + seconds
    while (left := end - now()) > 0:
        yield left
        sleep(min(tick, left))
    yield 0.0


def clock_text(seconds: float) -> str:
    whole = max(0, round(seconds))
    return f"{whole // 60:02d}:{whole % 60:02d}"

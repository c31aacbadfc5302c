"""The room's log: every record, one JSON line each, appended to `rooms/<session>.jsonl`
in the data folder, and read back, exported and forgotten.

- The folder is private (created 0700; one others may write is refused) and each log is
  created 0600, never through a link.
- A record is written with one `write` to a file opened for appending, before the phone
  or the host hears that it was taken: a crash or a kill loses nothing that was
  acknowledged. The file is synced to disk about once a second and at the end.
- The lines are pure ASCII (every other character escaped), so `cat` shows nothing a
  phone could use to drive a terminal.
- A last line cut short by a crash is left out when the log is read (and the next
  append starts on a line of its own).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from placecli.errors import PlaceError, UsageError
from placecli.room.records import FATES, Record

FOLDER = "rooms"
SUFFIX = ".jsonl"


class LogError(PlaceError):
    """The log cannot be written or read: the message says which file and why."""

    exit_code = 1


class Session(NamedTuple):
    id: str
    path: Path
    kind: str  # quiz or reflect
    started: str
    ended: bool
    answers: int
    texts: int


class NoSession(UsageError):
    """No logged session has this id; the message suggests the closest."""

    def __init__(self, session: str, known: list[str]) -> None:
        from placecli.words import did_you_mean

        self.session, self.known = session, known
        super().__init__(f'no room session "{session}"{did_you_mean(session, known)}')


def rooms_folder(data: str | None) -> Path:
    """`rooms/` in the data folder, made private if need be."""
    from placecli.private import private_folder

    if data is None:
        raise LogError("there is no data folder for the room's log: set PLACE_DATA=FOLDER")
    folder = Path(data) / FOLDER
    if not private_folder(data) or not private_folder(str(folder)):
        raise LogError(f"{folder} must be a folder of yours that no one else may write to")
    return folder


def path_of(folder: Path, session: str) -> Path:
    return folder / (session + SUFFIX)


class Log:
    """A session's log, open for appending."""

    def __init__(self, path: Path) -> None:
        self.path = path
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        try:
            self.fd = os.open(path, flags, 0o600)
            info = os.fstat(self.fd)
        except OSError as error:
            raise LogError(f"cannot write {path}: {error.strerror}") from None
        if not stat.S_ISREG(info.st_mode):
            os.close(self.fd)
            raise LogError(f"cannot write {path}: it is not a regular file")
        self.unsynced = False
        if info.st_size and not ends_with_newline(path):
            self.write(b"\n")  # a line cut short by a crash stays a line of its own

    def append(self, record: Record) -> None:
        self.write(line_of(record))

    def write(self, data: bytes) -> None:
        try:
            while data:
                data = data[os.write(self.fd, data) :]
        except OSError as error:
            raise LogError(f"cannot write {self.path}: {error.strerror}") from None
        self.unsynced = True

    def sync(self) -> None:
        if self.unsynced:
            self.unsynced = False
            with contextlib.suppress(OSError):
                os.fsync(self.fd)

    def close(self) -> None:
        self.sync()
        with contextlib.suppress(OSError):
            os.close(self.fd)


def line_of(record: Record) -> bytes:
    return (json.dumps(record, ensure_ascii=True, separators=(",", ":")) + "\n").encode("ascii")


def ends_with_newline(path: Path) -> bool:
    with path.open("rb") as file:
        file.seek(-1, os.SEEK_END)
        return file.read(1) == b"\n"


def read(path: Path) -> list[Record]:
    """The records of a log. A line that is not a whole record was cut short by a crash
    (each record is written with one write, so nothing else makes one): it is left out."""
    try:
        lines = path.read_bytes().split(b"\n")
    except OSError as error:
        raise LogError(f"cannot read {path}: {error.strerror}") from None
    records = []
    for line in lines:
        try:
            record = json.loads(line) if line.strip() else None
        except ValueError:
            continue
        if isinstance(record, dict) and "kind" in record:
            records.append(record)
    if not records or records[0]["kind"] != "start":
        raise LogError(f"{path}: not a log of place room")
    return records


def sessions(folder: Path) -> list[Session]:
    """Every session logged in the folder, oldest first."""
    found = []
    with contextlib.suppress(OSError):
        for path in sorted(folder.glob("*" + SUFFIX)):
            with contextlib.suppress(LogError):
                found.append(summary(path))
    return found


def summary(path: Path) -> Session:
    records = read(path)
    start = records[0]
    kinds = [r["kind"] for r in records]
    return Session(
        start["session"],
        path,
        start["room"],
        start["t"],
        "end" in kinds,
        kinds.count("answer"),
        kinds.count("text"),
    )


def find(folder: Path, session: str | None) -> Session:
    """The named session, else the latest."""
    known = sessions(folder)
    if not known:
        raise LogError(f"no room sessions are logged in {folder}")
    if session is None:
        return known[-1]
    for each in known:
        if each.id == session:
            return each
    raise NoSession(session, [s.id for s in known])


def forget(folder: Path, session: str | None) -> list[Path]:
    """Delete one session's log, or every one (None): the paths deleted."""
    chosen = sessions(folder) if session is None else [find(folder, session)]
    gone = []
    for each in chosen:
        try:
            each.path.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise LogError(f"cannot delete {each.path}: {error.strerror}") from None
        gone.append(each.path)
    return gone


# Exports: what a cohort analysis needs, without the session's secrets.


def export_data(records: list[Record]) -> dict[str, Any]:
    """The session as JSON: its items, every answer and every text with its fate."""
    start = records[0]
    fates: dict[str, str] = {}
    for r in records:
        if r["kind"] == "text":
            fates[r["id"]] = r.get("status", "held")
        elif r["kind"] in ("approve", "discard"):
            fates.update(dict.fromkeys(r.get("ids", [r["id"]]), FATES[r["kind"]]))
    texts = [
        {key: r[key] for key in ("activity", "qhash", "id", "device", "value")}
        | {"status": fates[r["id"]]}
        for r in records
        if r["kind"] == "text"
    ]
    answers = [
        {key: r[key] for key in ("t", "question", "activity", "qhash", "device", "value", "correct")
         if key in r}
        for r in records
        if r["kind"] == "answer"
    ]  # fmt: skip
    return {
        "session": start["session"],
        "kind": start["room"],
        "started": start["t"],
        "ended": next((r["t"] for r in records if r["kind"] == "end"), None),
        "pack": start.get("pack"),
        "items": start["items"],
        "devices": sum(r["kind"] == "join" for r in records),
        "answers": answers,
        "texts": texts,
    }


CSV_COLUMNS = ("kind", "item", "qhash", "device", "value", "correct", "status", "t")


def export_csv(records: list[Record]) -> str:
    """One row per answer and per text; a value of several options joined with ` | `."""
    data = export_data(records)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for answer in data["answers"]:
        item = answer.get("question") or answer.get("activity")
        value = " | ".join(answer["value"])
        correct = {True: "yes", False: "no"}.get(answer.get("correct"), "")
        writer.writerow(cells(("answer", item, answer["qhash"], answer["device"], value, correct,
                               "", answer["t"])))  # fmt: skip
    for text in data["texts"]:
        row = ("text", text["activity"], text["qhash"], text["device"], text["value"], "")
        writer.writerow(cells((*row, text["status"], "")))
    return out.getvalue()


def cells(row: Iterable[Any]) -> list[str]:
    """A spreadsheet runs a cell that starts with = + - or @: such a text gets a ' first."""
    return ["'" + str(c) if str(c)[:1] in ("=", "+", "-", "@") else str(c) for c in row]


def prune(folder: Path, now: float, days: int = 30) -> list[Path]:
    """Delete the logs of sessions that began more than `days` days ago (the notice's
    promise); the paths deleted."""
    from placecli.room.records import moment

    gone = []
    for each in sessions(folder):
        try:
            old = now - moment(each.started) > days * 86400
        except ValueError:
            continue
        if old:
            with contextlib.suppress(OSError):
                each.path.unlink()
                gone.append(each.path)
    return gone

"""The learning history: every quiz answer, in an SQLite database in the user data folder.

Nothing here prints, reads the environment or looks at the clock: the folder, the clock
and where to send a warning are passed in. The standard library's `sqlite3` is imported
only by the commands that record or read a history (a quiz imports this module only when
it records).

- STRICT tables; `PRAGMA user_version` is the schema version, raised one migration at a
  time (MIGRATIONS[n] takes version n to n + 1), in one write transaction, so a database
  of any earlier version is brought up to date, and one from a newer place is refused.
- WAL and a busy timeout, and every write in a `BEGIN IMMEDIATE` transaction, so two
  place processes at once wait for each other instead of losing or corrupting a record.
- A database that cannot be opened, read or written is reported (HistoryUnavailable,
  with the reason in words) and never replaced, repaired or deleted here.
- Each answer keeps a hash of what the question said (its text, options and answer), so
  a question edited in the pack counts as a new question.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from placecli.errors import PlaceError

if TYPE_CHECKING:
    from placecli.packs.model import Pack, Question
    from placecli.quiz.engine import Outcome

FILENAME = "history.sqlite3"
BUSY_MS = 10_000  # how long a writer waits for another place process, at most
Clock = Callable[[], dt.datetime]  # an aware datetime: now
T = TypeVar("T")

MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: quiz sessions and every answer given in them.
    """
    CREATE TABLE session (
        id INTEGER PRIMARY KEY,
        started TEXT NOT NULL,
        kind TEXT NOT NULL,
        pack TEXT NOT NULL,
        pack_version TEXT NOT NULL
    ) STRICT;
    CREATE TABLE answer (
        id INTEGER PRIMARY KEY,
        session INTEGER NOT NULL REFERENCES session (id),
        at TEXT NOT NULL,
        pack TEXT NOT NULL,
        pack_version TEXT NOT NULL,
        question TEXT NOT NULL,
        question_hash TEXT NOT NULL,
        concept TEXT NOT NULL,
        given TEXT NOT NULL,
        correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
        seconds REAL NOT NULL
    ) STRICT;
    CREATE INDEX answer_question ON answer (question, question_hash, id);
    """,
    # 1 -> 2: the spaced-review cache, rebuilt from the answers whenever in doubt.
    """
    CREATE TABLE card (
        question TEXT NOT NULL,
        question_hash TEXT NOT NULL,
        state TEXT NOT NULL,
        due TEXT NOT NULL,
        PRIMARY KEY (question, question_hash)
    ) STRICT;
    CREATE TABLE card_cache (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        scheduler TEXT NOT NULL,
        last_answer INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX answer_session ON answer (session, concept, correct);
    CREATE INDEX answer_concept ON answer (concept, correct);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class HistoryUnavailable(PlaceError):
    """The history cannot be used: the message says why, and that nothing was changed."""

    exit_code = 1


class NoHistory(HistoryUnavailable):
    """Nothing has been recorded yet (there is no database)."""


def database_path(folder: str) -> str:
    return os.path.join(folder, FILENAME)


def stamp(when: dt.datetime) -> str:
    """A moment as stored: UTC, to the second, ISO 8601 (so text order is time order)."""
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def moment(text: str) -> dt.datetime:
    """A stored moment back as an aware UTC datetime."""
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)


def question_hash(question: Question) -> str:
    """What the question says: edit its text, options or answer and it is a new question."""
    parts = (question.type, question.question, *question.left, "", *question.options, "")
    said = "\x1f".join((*parts, *question.answer))
    return hashlib.sha256(said.encode("utf-8")).hexdigest()[:16]


def pack_version(pack: Pack) -> str:
    """A fingerprint of the pack's questions: it changes when any question does."""
    digest = hashlib.sha256()
    for question in pack.questions:
        digest.update(f"{question.id}\x1f{question_hash(question)}\x1e".encode())
    return digest.hexdigest()[:12]


@contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, taken at once so that two writers queue rather than clash."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def unavailable(path: str, error: BaseException) -> HistoryUnavailable:
    """The reason in words, and that the file is left as it is."""
    reason = str(error)
    if isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.OperationalError):
        reason = f"it is not a readable history database ({error})"
    elif "readonly" in reason or "unable to open" in reason or isinstance(error, OSError):
        reason = f"it cannot be written here ({getattr(error, 'strerror', None) or error})"
    return HistoryUnavailable(f"the history {path} cannot be used: {reason}; it is left as it is")


def open_history(
    folder: str, *, create: bool = True, read_only: bool = False
) -> sqlite3.Connection:
    """The history database in `folder`, brought up to the current schema.

    Raises HistoryUnavailable if it is damaged, from a newer place, or cannot be written;
    with `create=False`, also if there is none yet. With `read_only`, a history that
    cannot be written (a read-only disk) is still read, as it is.
    """
    path = database_path(folder)
    if not create and not os.path.exists(path):
        raise NoHistory(f"no history yet (it would be in {path})")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)  # a new one: yours alone
        return patiently(lambda: connected(path))
    except HistoryUnavailable:
        raise
    except (sqlite3.Error, OSError) as error:
        problem = unavailable(path, error)
        if read_only and "cannot be written" in problem.message:
            return reading(path, problem)
        raise problem from None


def reading(path: str, problem: HistoryUnavailable) -> sqlite3.Connection:
    """The history where it cannot be written: read as it is, if this place can read it."""
    from urllib.parse import quote

    try:
        conn = sqlite3.connect(f"file:{quote(path)}?immutable=1", uri=True)
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            conn.close()
            raise problem
        conn.execute("SELECT count(*) FROM session").fetchone()
    except sqlite3.Error:
        raise problem from None
    return conn


def connected(path: str) -> sqlite3.Connection:
    """A connection to the database at `path`, set up and migrated; closed on failure."""
    conn = sqlite3.connect(path, timeout=BUSY_MS / 1000, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise HistoryUnavailable(
                f"the history {path} was written by a newer place (schema {version}; this "
                f"place reads up to {SCHEMA_VERSION}); it is left as it is"
            )
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # in WAL mode: durable but for power loss
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn, path)
        conn.execute("SELECT count(*) FROM session").fetchone()  # reads a page: is it sound?
    except BaseException:
        conn.close()
        raise
    return conn


def is_busy(error: sqlite3.Error) -> bool:
    """SQLITE_BUSY: another connection holds a lock (sqlite_errorcode is Python 3.11+)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF == 5 if code is not None else "database is locked" in str(error)


def patiently(
    action: Callable[[], T],
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    """`action`, tried again while another place holds a lock, for up to BUSY_MS.

    The busy timeout covers most waits, but SQLite answers "locked" at once where waiting
    could deadlock, and while another connection opens, closes or recovers the WAL: then
    the whole action is tried again.
    """
    deadline = clock() + BUSY_MS / 1000
    while True:
        try:
            return action()
        except sqlite3.OperationalError as error:
            if not is_busy(error) or clock() > deadline:
                raise
        sleep(0.01)


def migrate(conn: sqlite3.Connection, path: str) -> None:
    """Apply each migration the database lacks, all in one transaction."""
    if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    with write(conn):
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # again, under the lock
        if version > SCHEMA_VERSION:
            raise HistoryUnavailable(f"the history {path} was written by a newer place")
        for step in MIGRATIONS[version:]:
            for statement in step.split(";"):
                if statement.strip():
                    conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


class Recorder:
    """Records each outcome of one quiz as it happens: the `record` hook of `run_quiz`.

    The session row is written with the first answer, so a quiz stopped before any answer
    leaves nothing. If a write fails (a full disk, a lock held too long), `warn` is told
    once and the quiz goes on without recording.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        pack: Pack,
        kind: str,
        now: Clock,
        warn: Callable[[str], None],
    ) -> None:
        self.conn: sqlite3.Connection | None = conn
        self.pack_id = pack.id
        self.version = pack_version(pack)
        self.kind = kind
        self.now = now
        self.warn = warn
        self.session: int | None = None

    def __call__(self, outcome: Outcome, seconds: float) -> None:
        if self.conn is None:
            return
        try:
            patiently(lambda: self.write(outcome, seconds))
        except sqlite3.Error as error:
            self.conn = None
            self.warn(f"History: this answer and the rest of this quiz are not recorded ({error}).")

    def write(self, outcome: Outcome, seconds: float) -> None:
        question = outcome.asked.question
        assert self.conn is not None
        session = self.session  # kept only once committed: a retry may roll it back
        with write(self.conn) as conn:
            at = stamp(self.now())
            if session is None:
                session = conn.execute(
                    "INSERT INTO session (started, kind, pack, pack_version) VALUES (?, ?, ?, ?)",
                    (at, self.kind, self.pack_id, self.version),
                ).lastrowid
            conn.execute(
                "INSERT INTO answer (session, at, pack, pack_version, question, "
                "question_hash, concept, given, correct, seconds) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session,
                    at,
                    self.pack_id,
                    self.version,
                    question.id,
                    question_hash(question),
                    question.concept,
                    json.dumps(list(outcome.given), ensure_ascii=False),
                    int(outcome.correct),
                    round(max(seconds, 0.0), 3),
                ),
            )
        self.session = session

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


# Reading.


class SessionTotal(NamedTuple):
    id: int
    started: str
    kind: str
    pack: str
    right: int
    asked: int


class ConceptTally(NamedTuple):
    session: int
    concept: str
    right: int
    asked: int


class Overview(NamedTuple):
    sessions: int
    answers: int
    since: str | None  # the first answer's moment


def overview(conn: sqlite3.Connection) -> Overview:
    return Overview(
        *conn.execute("SELECT count(DISTINCT session), count(*), min(at) FROM answer").fetchone()
    )


def sessions(conn: sqlite3.Connection, last: int | None = None) -> list[SessionTotal]:
    """Every session with at least one answer (or the `last` few), oldest first, with its
    score."""
    only = (
        "" if last is None else "WHERE s.id IN (SELECT id FROM session ORDER BY id DESC LIMIT ?) "
    )
    rows = conn.execute(
        "SELECT s.id, s.started, s.kind, s.pack, sum(a.correct), count(a.id) "
        f"FROM session s JOIN answer a ON a.session = s.id {only}GROUP BY s.id ORDER BY s.id",
        () if last is None else (last,),
    )
    return [SessionTotal(*row) for row in rows]


def concept_tallies(conn: sqlite3.Connection, since: int = 0) -> list[ConceptTally]:
    """Right and asked per session and concept, for the sessions from `since` on."""
    rows = conn.execute(
        "SELECT session, concept, sum(correct), count(*) FROM answer WHERE session >= ? "
        "GROUP BY session, concept ORDER BY session",
        (since,),
    )
    return [ConceptTally(*row) for row in rows]


def concept_totals(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    """Right and asked per concept, over the whole history."""
    rows = conn.execute("SELECT concept, sum(correct), count(*) FROM answer GROUP BY concept")
    return {concept: (right, asked) for concept, right, asked in rows}


def missed(conn: sqlite3.Connection, pack: Pack) -> list[Question]:
    """The pack's questions answered wrong the last time they were asked, most recent
    first. A question whose text changed since is a new one; one no longer in the pack
    is left out."""
    current = {(q.id, question_hash(q)): q for q in pack.questions}
    rows = conn.execute(
        "SELECT question, question_hash, correct, max(id) AS last FROM answer "
        "GROUP BY question, question_hash ORDER BY last DESC"
    )
    found = [
        current.get((question, digest)) for question, digest, correct, _ in rows if not correct
    ]
    return [q for q in found if q is not None]


class Review(NamedTuple):
    """One answer as spaced review sees it: which question, right or not, and when."""

    id: int
    question: str
    question_hash: str
    correct: bool
    at: dt.datetime


def reviews_after(conn: sqlite3.Connection, last: int) -> list[Review]:
    """The review log (every answer) after answer `last`, in the order given."""
    rows = conn.execute(
        "SELECT id, question, question_hash, correct, at FROM answer WHERE id > ? ORDER BY id",
        (last,),
    )
    return [Review(i, q, h, bool(c), moment(at)) for i, q, h, c, at in rows]


def forget(folder: str) -> list[str]:
    """Delete the history database and its WAL files; the paths that were deleted."""
    path = database_path(folder)
    gone = []
    for name in (path, path + "-wal", path + "-shm"):
        try:
            os.remove(name)
        except FileNotFoundError:
            continue
        except OSError as error:
            raise HistoryUnavailable(
                f"the history {name} cannot be deleted ({error.strerror})"
            ) from None
        gone.append(name)
    return gone

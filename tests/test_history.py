"""The learning history: the SQLite store, recording through the quiz, `place history`,
`place quiz --missed` and `--due`, and what happens when the database cannot be used."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from placecli import folders
from placecli.cli import app
from placecli.learning import history
from placecli.packs.model import Pack
from placecli.packs.pack import load_packs
from placecli.quiz.engine import Asked, Outcome, draw

from .conftest import ROOT, MakePack

UTC = dt.timezone.utc
START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
TRUE_FALSE = """\
questions:
  - id: q1
    concept: alpha
    type: true-false
    question: Alpha comes first?
    answer: true
    explanation: It does.
  - id: q2
    concept: beta
    type: true-false
    question: Beta comes first?
    answer: false
    explanation: It does not.
  - id: q3
    concept: alpha
    type: true-false
    question: Alpha is an idea?
    answer: true
    explanation: It is.
"""


def answer_count(conn: sqlite3.Connection) -> int:
    count: int = conn.execute("SELECT count(*) FROM answer").fetchone()[0]
    return count


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, start: dt.datetime = START) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def pack_dir(make_pack: MakePack) -> Path:
    return make_pack({"questions.yaml": TRUE_FALSE})


@pytest.fixture
def pack(pack_dir: Path) -> Pack:
    return load_packs([pack_dir])


@pytest.fixture
def conn(private_data: Path) -> Iterator[sqlite3.Connection]:
    connection = history.open_history(str(private_data))
    yield connection
    connection.close()


def outcome(pack: Pack, question_id: str, right: bool) -> Outcome:
    question = next(q for q in pack.questions if q.id == question_id)
    given = (
        question.answer if right else tuple(o for o in question.options if o not in question.answer)
    )
    return Outcome(Asked(1, question, question.options), given)


def record(
    conn: sqlite3.Connection, pack: Pack, clock: FakeClock, answers: list[tuple[str, bool]]
) -> None:
    """One session: each answer a minute after the one before."""
    recorder = history.Recorder(conn, pack, "quiz", clock, warn=pytest.fail)
    for question_id, right in answers:
        recorder(outcome(pack, question_id, right), 2.5)
        clock.advance(minutes=1)


def rows(
    folder: Path, sql: str = "SELECT question, correct, at FROM answer ORDER BY id"
) -> list[tuple[object, ...]]:
    with sqlite3.connect(folder / history.FILENAME) as db:
        return list(db.execute(sql))


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def quiz_order(pack: Pack, seed: int, count: int = 3) -> list[str]:
    return [a.question.id for a in draw(pack, count, [], seed)]


# The folder.


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is for Linux")
@pytest.mark.parametrize("xdg", [None, "", "/somewhere/data", "relative/data"])
def test_the_data_folder_is_where_platformdirs_puts_it(
    xdg: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from platformdirs import user_data_dir

    monkeypatch.delenv("PLACE_DATA")
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert folders.data_folder(os.environ) == user_data_dir("place", appauthor=False)


def test_place_data_overrides_the_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLACE_DATA", "/elsewhere/place-data")
    monkeypatch.setenv("XDG_DATA_HOME", "/somewhere/data")
    assert folders.data_folder(os.environ) == "/elsewhere/place-data"


# The store.


def test_an_answer_is_recorded_with_everything_it_needs(
    conn: sqlite3.Connection, pack: Pack, private_data: Path
) -> None:
    record(conn, pack, FakeClock(), [("q1", True), ("q2", False)])
    got = rows(
        private_data,
        "SELECT session, at, pack, pack_version, question, question_hash, concept, given, "
        "correct, seconds FROM answer ORDER BY id",
    )
    version = history.pack_version(pack)
    q1, q2 = pack.questions[0], pack.questions[1]
    assert got == [
        (
            1,
            "2026-11-02T09:00:00Z",
            "test-pack",
            version,
            "q1",
            history.question_hash(q1),
            "alpha",
            '["True"]',
            1,
            2.5,
        ),
        (
            1,
            "2026-11-02T09:01:00Z",
            "test-pack",
            version,
            "q2",
            history.question_hash(q2),
            "beta",
            '["True"]',
            0,
            2.5,
        ),
    ]
    assert rows(private_data, "SELECT id, started, kind, pack FROM session") == [
        (1, "2026-11-02T09:00:00Z", "quiz", "test-pack")
    ]


def test_a_question_whose_words_change_has_a_new_hash(pack: Pack) -> None:
    q1 = pack.questions[0]
    assert history.question_hash(q1) == history.question_hash(q1._replace(explanation="New."))
    assert history.question_hash(q1) != history.question_hash(q1._replace(question="Alpha first?"))
    assert history.question_hash(q1) != history.question_hash(q1._replace(answer=("False",)))
    assert len(history.question_hash(q1)) == 16


def test_the_database_is_strict_in_wal_mode_at_the_latest_version(
    conn: sqlite3.Connection,
) -> None:
    assert conn.execute("PRAGMA user_version").fetchone()[0] == history.SCHEMA_VERSION == 2
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == history.BUSY_MS
    tables = conn.execute(
        "SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'"
    )
    assert sorted(tables) == [("answer", 1), ("card", 1), ("card_cache", 1), ("session", 1)]


@pytest.mark.parametrize("version", range(history.SCHEMA_VERSION))
def test_a_database_of_every_earlier_version_is_brought_up_to_date(
    version: int, private_data: Path, pack: Pack
) -> None:
    path = private_data / history.FILENAME
    with sqlite3.connect(path) as old:
        for step in history.MIGRATIONS[:version]:
            old.executescript(step)
        old.execute(f"PRAGMA user_version = {version}")
        if version >= 1:
            old.execute("INSERT INTO session VALUES (1, '2026-11-01T08:00:00Z', 'quiz', 'p', 'v')")
            old.execute(
                "INSERT INTO answer VALUES (1, 1, '2026-11-01T08:00:00Z', 'p', 'v', 'q1', 'h', "
                "'alpha', '[]', 0, 1.0)"
            )
    old.close()
    conn = history.open_history(str(private_data))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == history.SCHEMA_VERSION
    assert answer_count(conn) == (1 if version >= 1 else 0)
    record(conn, pack, FakeClock(), [("q1", True)])
    assert answer_count(conn) == (2 if version >= 1 else 1)
    conn.close()


def test_two_processes_recording_at_once_lose_nothing(private_data: Path, pack_dir: Path) -> None:
    script = f"""
import datetime as dt, sys
from placecli.learning import history
from placecli.packs.pack import load_packs
from placecli.quiz.engine import Asked, Outcome
pack = load_packs([{str(pack_dir)!r}])
def fail(words): sys.exit(words)
for round in range(40):
    conn = history.open_history({str(private_data)!r})
    rec = history.Recorder(conn, pack, sys.argv[1], lambda: dt.datetime.now(dt.timezone.utc), fail)
    for q in pack.questions:
        rec(Outcome(Asked(1, q, q.options), q.answer), 0.1)
    rec.close()
"""
    for attempt in range(3):  # the whole race, three times from an empty folder
        for name in private_data.iterdir():
            name.unlink()
        workers = [
            subprocess.Popen([sys.executable, "-c", script, name], cwd=ROOT, stderr=subprocess.PIPE)
            for name in ("one", "two")
        ]
        assert [(w.wait(), w.stderr.read() if w.stderr else b"") for w in workers] == [(0, b"")] * 2
        with sqlite3.connect(private_data / history.FILENAME) as db:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            counts = dict(
                db.execute(
                    "SELECT s.kind, count(*) FROM answer a JOIN session s ON s.id = a.session GROUP BY s.kind"
                )
            )
            assert counts == {"one": 120, "two": 120}, attempt
            assert db.execute("SELECT count(*) FROM session").fetchone() == (80,)


# When the database cannot be used.

GARBAGE = b"this is not a database, it is a shopping list\n" * 100


def corrupt_database(folder: Path) -> bytes:
    """A real history whose pages were overwritten after the header."""
    conn = history.open_history(str(folder))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    path = folder / history.FILENAME
    data = bytearray(path.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)
    path.write_bytes(bytes(data))
    return bytes(data)


def newer_database(folder: Path) -> bytes:
    with sqlite3.connect(folder / history.FILENAME) as db:
        db.execute("CREATE TABLE future (x INTEGER) STRICT")
        db.execute("PRAGMA user_version = 99")
    db.close()
    return (folder / history.FILENAME).read_bytes()


def garbage(folder: Path) -> bytes:
    (folder / history.FILENAME).write_bytes(GARBAGE)
    return GARBAGE


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (garbage, "it is not a readable history database (file is not a database)"),
        (
            corrupt_database,
            "it is not a readable history database (database disk image is malformed)",
        ),
        (newer_database, "was written by a newer place (schema 99; this place reads up to 2)"),
    ],
    ids=["garbage", "corrupt", "newer"],
)
def test_a_history_that_cannot_be_used_is_said_and_left_alone_and_the_quiz_runs(
    make: Callable[[Path], bytes], says: str, private_data: Path, pack_dir: Path, runner: CliRunner
) -> None:
    before = make(private_data)
    result = runner.invoke(
        app, ["--content", str(pack_dir), "quiz", "--seed", "1"], input="t\nf\nt\n"
    )
    assert result.exit_code == 0
    assert "Score: " in result.stdout
    path = private_data / history.FILENAME
    assert f"The history {path} cannot be used: {says}" in result.stderr or (
        f"The history {path} {says}" in result.stderr
    )
    assert result.stderr.rstrip().endswith("it is left as it is. This quiz is not recorded.")
    assert (private_data / history.FILENAME).read_bytes() == before
    history_result = runner.invoke(app, ["--content", str(pack_dir), "history"])
    assert history_result.exit_code == 1
    assert history_result.stderr.startswith("Error: the history")
    assert (private_data / history.FILENAME).read_bytes() == before


def read_only(folder: Path, command: list[str]) -> list[str]:
    """COMMAND with FOLDER read-only. Root writes whatever the permissions say, so as root
    the folder is mounted read-only in a mount namespace of the command's own."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return command
    if shutil.which("unshare") is None:
        pytest.skip("as root, a read-only folder needs unshare")
    mount = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
    return ["unshare", "--mount", "sh", "-c", mount, str(folder), *command]


def test_a_read_only_folder_is_said_and_the_quiz_runs(private_data: Path, pack_dir: Path) -> None:
    earlier = history.open_history(str(private_data))
    earlier.close()
    before = (private_data / history.FILENAME).read_bytes()
    command = [sys.executable, "-m", "placecli", "--content", str(pack_dir), "quiz", "--seed", "1"]
    try:
        result = subprocess.run(
            read_only(private_data, command),
            input="t\nf\nt\n",
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
    finally:
        private_data.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert "Score: " in result.stdout
    path = private_data / history.FILENAME
    assert f"The history {path} cannot be used: it cannot be written here" in result.stderr
    assert result.stderr.rstrip().endswith("This quiz is not recorded.")
    assert path.read_bytes() == before
    assert names(private_data) == [history.FILENAME]


# Recording through the quiz.


def test_the_quiz_records_each_answer(
    runner: CliRunner, pack_dir: Path, pack: Pack, private_data: Path
) -> None:
    order = quiz_order(pack, 5)
    answers = {"q1": "t", "q2": "t", "q3": "t"}  # q2 wrong
    result = runner.invoke(
        app,
        ["--content", str(pack_dir), "quiz", "--seed", "5"],
        input="".join(answers[q] + "\n" for q in order),
        env={"PLACE_NOW": "2026-11-02T09:00:00Z"},
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert rows(private_data) == [(q, int(q != "q2"), "2026-11-02T09:00:00Z") for q in order]


@pytest.mark.parametrize(
    ("args", "env"),
    [(["--no-history"], {}), ([], {"PLACE_NO_HISTORY": "1"})],
    ids=["option", "environment"],
)
def test_no_history_records_nothing(
    args: list[str], env: dict[str, str], runner: CliRunner, pack_dir: Path, private_data: Path
) -> None:
    result = runner.invoke(
        app, ["--content", str(pack_dir), "quiz", "--seed", "5", *args], input="t\nt\nt\n", env=env
    )
    assert result.exit_code == 0
    assert names(private_data) == []


def test_an_answer_key_records_nothing(
    runner: CliRunner, pack_dir: Path, private_data: Path
) -> None:
    assert runner.invoke(app, ["--content", str(pack_dir), "quiz", "--answer-key"]).exit_code == 0
    assert names(private_data) == []


def test_a_bad_place_now_is_a_usage_error(runner: CliRunner, pack_dir: Path) -> None:
    result = runner.invoke(
        app, ["--content", str(pack_dir), "quiz", "--due"], env={"PLACE_NOW": "soon"}
    )
    assert result.exit_code == 2
    assert result.stderr == 'Error: PLACE_NOW="soon" is not a date and time like 2026-11-29T10:00\n'


# place quiz --missed


def test_missed_asks_what_was_wrong_the_last_time_most_recent_first(
    conn: sqlite3.Connection, pack: Pack, runner: CliRunner, pack_dir: Path
) -> None:
    clock = FakeClock()
    record(conn, pack, clock, [("q1", False), ("q2", False), ("q3", False)])
    record(conn, pack, clock, [("q2", True), ("q1", False)])
    assert [q.id for q in history.missed(conn, pack)] == ["q1", "q3"]
    result = runner.invoke(
        app,
        ["--content", str(pack_dir), "quiz", "--missed", "--seed", "1", "--format", "json"],
        input="t\nt\n",
    )
    assert result.exit_code == 0, result.output
    assert [q["id"] for q in json.loads(result.stdout)["questions"]] == ["q1", "q3"]
    assert result.stderr.startswith(
        "2 of 2 questions wrong the last time you answered them, most recent first · seed 1\n"
    )
    assert history.missed(conn, pack) == []


def test_missed_says_plainly_when_there_is_nothing(
    conn: sqlite3.Connection, pack: Pack, runner: CliRunner, pack_dir: Path
) -> None:
    record(conn, pack, FakeClock(), [("q1", True)])
    result = runner.invoke(app, ["--content", str(pack_dir), "quiz", "--missed"])
    assert result.exit_code == 0
    assert (
        result.stdout == "No missed questions: every question was answered right the last time.\n"
    )


def test_missed_with_no_history_at_all(
    runner: CliRunner, pack_dir: Path, private_data: Path
) -> None:
    result = runner.invoke(app, ["--content", str(pack_dir), "quiz", "--missed"])
    assert result.exit_code == 0
    path = private_data / history.FILENAME
    assert result.stdout == f"Nothing to ask again: no history yet (it would be in {path}).\n"
    assert not path.exists()


def test_an_edited_question_is_new_and_a_removed_one_is_ignored(
    conn: sqlite3.Connection, pack: Pack
) -> None:
    record(conn, pack, FakeClock(), [("q1", False), ("q2", False), ("q3", False)])
    edited = pack._replace(
        questions=(pack.questions[0]._replace(question="Does alpha come first?"), pack.questions[1])
    )
    assert [q.id for q in history.missed(conn, edited)] == ["q2"]


def test_missed_and_due_together_are_refused(runner: CliRunner) -> None:
    result = runner.invoke(app, ["quiz", "--missed", "--due"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --missed and --due cannot be used together\n")


# place quiz --due: spaced review with FSRS.


def test_the_schedule_is_the_fsrs_packages_for_the_same_ratings(
    conn: sqlite3.Connection, pack: Pack
) -> None:
    from fsrs import Card, Rating, Scheduler

    from placecli.learning import review

    clock = FakeClock()
    moments, ratings = [], []
    recorder = history.Recorder(conn, pack, "due", clock, warn=pytest.fail)
    for right, wait in [
        (True, {}),
        (True, {"minutes": 10}),
        (False, {"days": 3}),
        (True, {"minutes": 10}),
        (True, {"days": 2}),
    ]:
        clock.advance(**wait)
        recorder(outcome(pack, "q1", right), 1.0)
        moments.append(clock.now)
        ratings.append(Rating.Good if right else Rating.Again)
    card = review.refresh(conn)[("q1", history.question_hash(pack.questions[0]))]
    scheduler = Scheduler(enable_fuzzing=False)
    expected = Card(card_id=1, due=moments[0])
    dues = []
    for when, rating in zip(moments, ratings, strict=True):
        expected, _ = scheduler.review_card(expected, rating, when)
        dues.append(expected.due - when)
    assert card.to_dict() == expected.to_dict()
    # The package's documented defaults: learning steps of 1 and 10 minutes, then days.
    assert dues[0] == dt.timedelta(minutes=10)
    assert dues[1] >= dt.timedelta(days=1)
    assert dues[2] == dt.timedelta(minutes=10)  # a lapse: relearning step of 10 minutes


def test_the_card_cache_is_rebuilt_from_the_review_log(
    conn: sqlite3.Connection, pack: Pack
) -> None:
    from placecli.learning import review

    clock = FakeClock()
    record(conn, pack, clock, [("q1", True), ("q2", False)])
    first = {k: c.to_dict() for k, c in review.refresh(conn).items()}
    clock.advance(days=2)
    record(conn, pack, clock, [("q1", True), ("q3", True)])
    updated = {k: c.to_dict() for k, c in review.refresh(conn).items()}  # incremental
    assert updated.keys() == {(q.id, history.question_hash(q)) for q in pack.questions}
    conn.execute("DELETE FROM card_cache")  # thrown away: made again from the review log
    assert {k: c.to_dict() for k, c in review.refresh(conn).items()} == updated
    assert first != updated
    # A cache made by another scheduler (another fsrs, other settings) is made again.
    conn.execute("UPDATE card_cache SET scheduler = 'fsrs 5'")
    conn.execute("UPDATE card SET state = 'not json'")
    assert {k: c.to_dict() for k, c in review.refresh(conn).items()} == updated


def test_due_shows_how_many_and_when_the_next_come(
    conn: sqlite3.Connection, pack: Pack, runner: CliRunner, pack_dir: Path
) -> None:
    record(conn, pack, FakeClock(), [("q1", True), ("q2", False), ("q3", True)])
    # 09:00 q1 Good (due 09:10), 09:01 q2 Again (due 09:02), 09:02 q3 Good (due 09:12)
    result = runner.invoke(
        app,
        ["--content", str(pack_dir), "quiz", "--due"],
        env={"PLACE_NOW": "2026-11-02T09:05Z"},
        input="",
    )
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "1 of 1 questions due for review now; next: 2 today from 09:10 · seed "
    )
    later = runner.invoke(
        app, ["--content", str(pack_dir), "quiz", "--due"], env={"PLACE_NOW": "2026-11-02T08:59Z"}
    )
    assert later.stdout == "Nothing is due for review now; next: 3 today from 09:02.\n"
    result = runner.invoke(
        app,
        ["--content", str(pack_dir), "quiz", "--due", "--format", "json"],
        env={"PLACE_NOW": "2026-11-02T09:30Z"},
        input="f\nt\nt\n",
    )
    assert [(q["id"], q["correct"]) for q in json.loads(result.stdout)["questions"]] == [
        ("q2", True),
        ("q1", True),
        ("q3", True),
    ]  # most overdue first
    after = runner.invoke(
        app, ["--content", str(pack_dir), "quiz", "--due"], env={"PLACE_NOW": "2026-11-02T09:31Z"}
    )
    # q2 was in its first learning step (10 minutes more); q1 and q3 graduated to days.
    assert after.stdout.startswith("Nothing is due for review now; next: 1 today from 09:40, 2 on ")


# place history


def test_history_shows_sessions_and_concepts_over_time(
    conn: sqlite3.Connection, pack: Pack, runner: CliRunner, pack_dir: Path, private_data: Path
) -> None:
    clock = FakeClock()
    record(conn, pack, clock, [("q1", True), ("q2", False), ("q3", False)])
    clock.advance(days=1)
    record(conn, pack, clock, [("q1", True), ("q3", True)])
    result = runner.invoke(app, ["--content", str(pack_dir), "history"])
    assert result.exit_code == 0, result.output
    path = private_data / history.FILENAME
    assert result.stdout == (
        "History: 2 sessions, 5 answers, since 2026-11-02\n"
        "\n"
        " session  when              kind  score\n"
        " 1        2026-11-02 09:00  quiz    1/3  ███░░░░░░░\n"
        " 2        2026-11-03 09:03  quiz    2/2  ██████████\n"
        "\n"
        "Per concept, oldest to newest:\n"
        " concept     last 2  right\n"
        " Alpha idea  ▅█        3/4\n"
        " Beta idea   ▁·        0/1\n"
        "\n"
        f"Kept in {path} · place history --forget deletes it\n"
    )
    data = json.loads(
        runner.invoke(app, ["--content", str(pack_dir), "history", "-f", "json"]).stdout
    )
    assert data == {
        "database": str(path),
        "answers": 5,
        "sessions": [
            {
                "id": 1,
                "started": "2026-11-02T09:00:00Z",
                "kind": "quiz",
                "pack": "test-pack",
                "right": 1,
                "asked": 3,
            },
            {
                "id": 2,
                "started": "2026-11-03T09:03:00Z",
                "kind": "quiz",
                "pack": "test-pack",
                "right": 2,
                "asked": 2,
            },
        ],
        "concepts": [
            {
                "concept": "alpha",
                "title": "Alpha idea",
                "right": 3,
                "asked": 4,
                "sessions": [
                    {"session": 1, "right": 1, "asked": 2},
                    {"session": 2, "right": 2, "asked": 2},
                ],
            },
            {
                "concept": "beta",
                "title": "Beta idea",
                "right": 0,
                "asked": 1,
                "sessions": [{"session": 1, "right": 0, "asked": 1}],
            },
        ],
    }


def test_history_with_nothing_recorded(runner: CliRunner, private_data: Path) -> None:
    result = runner.invoke(app, ["history"])
    assert result.exit_code == 0
    assert (
        result.stdout
        == f"No quiz answers recorded yet (the history is {private_data / history.FILENAME}).\n"
    )
    assert names(private_data) == []


@pytest.mark.parametrize(
    ("args", "typed", "code", "gone", "says"),
    [
        (["--yes"], "", 0, True, "Deleted {path}: the history is forgotten.\n"),
        (
            [],
            "y\n",
            0,
            True,
            "Delete every recorded answer in {path}?\n[y/N] y\nDeleted {path}: the history is forgotten.\n",
        ),
        (
            [],
            "n\n",
            0,
            False,
            "Delete every recorded answer in {path}?\n[y/N] n\nNothing deleted.\n",
        ),
        (
            [],
            "",
            2,
            False,
            "Delete every recorded answer in {path}?\nError: nothing deleted: no answer to the question\nAdd --yes to delete without asking.\n",
        ),
    ],
    ids=["yes", "confirmed", "declined", "no-answer"],
)
def test_forget_deletes_everything_after_asking(
    args: list[str],
    typed: str,
    code: int,
    gone: bool,
    says: str,
    conn: sqlite3.Connection,
    pack: Pack,
    runner: CliRunner,
    private_data: Path,
) -> None:
    record(conn, pack, FakeClock(), [("q1", True)])
    conn.close()
    path = private_data / history.FILENAME
    result = runner.invoke(app, ["history", "--forget", *args], input=typed)
    assert result.exit_code == code
    assert result.stderr == says.format(path=path)
    assert path.exists() is not gone
    if gone:
        assert names(private_data) == []


# What each command line imports.

IMPORTS_AFTER = """
import atexit, sys
sys.argv = ["place", *sys.argv[1:]]
heavy = {"sqlite3", "fsrs", "icalendar", "hashlib"}
atexit.register(lambda: print(sorted({m.split(".")[0] for m in sys.modules} & heavy), file=sys.stderr))
from placecli.__main__ import main
main()
"""


@pytest.mark.parametrize(
    ("argv", "typed", "loaded"),
    [
        (["summary"], "", []),
        (["quiz", "--seed", "1"], "", []),  # the history opens at the first answer
        (["quiz", "--seed", "1"], "A\n", ["hashlib", "sqlite3"]),
        (["quiz", "--seed", "1", "--no-history"], "A\n", []),
        (["quiz", "--answer-key"], "", []),
        (["quiz", "--missed"], "", ["hashlib", "sqlite3"]),
        (["quiz", "--due"], "", ["hashlib", "sqlite3"]),  # no history yet: no fsrs
        (["history"], "", ["hashlib", "sqlite3"]),
    ],
    ids=[
        "summary",
        "quiz-start",
        "quiz-answer",
        "no-history",
        "answer-key",
        "missed",
        "due",
        "history",
    ],
)
def test_sqlite_and_fsrs_are_imported_only_where_needed(
    argv: list[str], typed: str, loaded: list[str]
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORTS_AFTER, *argv],
        input=typed,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == str(loaded)


def test_due_imports_fsrs_once_there_is_a_history(
    conn: sqlite3.Connection, pack: Pack, pack_dir: Path
) -> None:
    record(conn, pack, FakeClock(), [("q1", True)])
    result = subprocess.run(
        [sys.executable, "-c", IMPORTS_AFTER, "--content", str(pack_dir), "quiz", "--due"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "['fsrs', 'hashlib', 'sqlite3']"


def test_a_long_history_lists_the_last_ten_sessions_and_charts_the_last_eight(
    conn: sqlite3.Connection, pack: Pack, runner: CliRunner, pack_dir: Path
) -> None:
    clock = FakeClock()
    for number in range(12):
        record(conn, pack, clock, [("q1", number % 2 == 0), ("q2", True)])
        clock.advance(days=1)
    result = runner.invoke(app, ["--content", str(pack_dir), "history"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "History: 12 sessions, 24 answers, since 2026-11-02"
    assert [line.split()[0] for line in lines[3:13]] == [str(n) for n in range(3, 13)]
    assert lines[13] == "… and 2 earlier (place history --format json lists all)"
    assert lines[16:19] == [
        " concept     last 8    right",
        " Alpha idea  █▁█▁█▁█▁   6/12",
        " Beta idea   ████████  12/12",
    ]
    data = json.loads(
        runner.invoke(app, ["--content", str(pack_dir), "history", "-f", "json"]).stdout
    )
    assert [s["id"] for s in data["sessions"]] == list(range(1, 13))
    assert [len(c["sessions"]) for c in data["concepts"]] == [12, 12]


def test_a_lock_held_elsewhere_is_waited_for_and_other_errors_are_not() -> None:
    attempts: list[int] = []
    slept: list[float] = []

    def locked_twice() -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise sqlite3.OperationalError("database is locked")
        return "done"

    assert history.patiently(locked_twice, slept.append, lambda: 0.0) == "done"
    assert slept == [0.01, 0.01]

    def broken() -> str:
        raise sqlite3.OperationalError("no such table: answer")

    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        history.patiently(broken, slept.append, lambda: 0.0)
    assert len(slept) == 2
    moments = iter([0.0, 5.0, 10.5])

    def always_locked() -> str:
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(sqlite3.OperationalError, match="locked"):
        history.patiently(always_locked, slept.append, lambda: next(moments))
    assert len(slept) == 3  # tried at 0 s and 5 s, given up after the 10 s timeout


def test_the_history_on_a_read_only_disk_is_still_shown(
    private_data: Path, pack_dir: Path, runner: CliRunner
) -> None:
    quiz = ["--content", str(pack_dir), "quiz", "--seed", "1"]
    assert runner.invoke(app, quiz, input="t\nf\nt\n").exit_code == 0
    before = (private_data / history.FILENAME).read_bytes()
    command = [sys.executable, "-m", "placecli", "--content", str(pack_dir), "history"]
    command += ["--format", "json"]
    try:
        result = subprocess.run(
            read_only(private_data, command), capture_output=True, text=True, cwd=ROOT, check=False
        )
    finally:
        private_data.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["sessions"]) == 1
    assert (private_data / history.FILENAME).read_bytes() == before


def test_one_answer_is_not_1_answers(
    conn: sqlite3.Connection, pack: Pack, runner: CliRunner, pack_dir: Path
) -> None:
    record(conn, pack, FakeClock(), [("q1", True)])
    result = runner.invoke(app, ["--content", str(pack_dir), "history"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "History: 1 session, 1 answer, since 2026-11-02"

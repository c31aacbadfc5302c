"""The journal file (journal.py): what may be a journal, locked atomic appends, recovery."""

from __future__ import annotations

import errno
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from placecli.errors import SaveError, UsageError
from placecli.reflect import journal

from .conftest import ROOT, within

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files and signals")
ROOT_ONLY = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown"
)


@POSIX
def test_a_new_journal_gets_its_heading_and_is_private(tmp_path: Path) -> None:
    """Personal reflections: the journal and its lock are 0600 whatever the umask."""
    path = tmp_path / "journal.md"
    umask = os.umask(0)
    try:
        journal.append_to_journal(path, "first\n")
    finally:
        os.umask(umask)
    assert path.read_text() == "# Reflection journal\n\nfirst\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / ".journal.md.lock").stat().st_mode) == 0o600


@POSIX
def test_a_lock_others_could_read_becomes_private(tmp_path: Path) -> None:
    """flock needs only read access: a lock file others can open, they can hold for ever."""
    lock = tmp_path / ".journal.md.lock"
    lock.touch()
    lock.chmod(0o644)  # as an older place made it
    journal.append_to_journal(tmp_path / "journal.md", "first\n")
    assert stat.S_IMODE(lock.stat().st_mode) == 0o600


@POSIX
def test_a_lock_held_too_long_fails_the_save_in_bounded_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    path = tmp_path / "journal.md"
    path.write_text("# Reflection journal\n\nkept\n")
    monkeypatch.setattr(journal, "LOCK_WAIT_SECONDS", 0.3)
    with (tmp_path / ".journal.md.lock").open("w") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)  # another process, for ever
        started = time.monotonic()
        with pytest.raises(SaveError) as caught:
            within(5, lambda: journal.append_to_journal(path, "new\n"))
        waited = time.monotonic() - started
    assert 0.3 <= waited < 5
    assert caught.value.message == (
        f"could not save to the journal {path}: another process has held its lock "
        f"({tmp_path / '.journal.md.lock'}) for 0.3 seconds; the journal is unchanged"
    )
    assert path.read_text() == "# Reflection journal\n\nkept\n"


def test_append_keeps_every_old_byte_and_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "journal.md"
    old = b"# Mine\n\xc3\xa9 \r\n odd bytes kept \x00\n"
    path.write_bytes(old)
    path.chmod(0o600)
    journal.append_to_journal(path, "second\n")
    assert path.read_bytes() == old + b"second\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == [".journal.md.lock", "journal.md"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"ends without a newline.", b"ends without a newline.\n## entry\n"),
        (b"ends with CRLF\r\n", b"ends with CRLF\r\n## entry\n"),
        (b"ends with a newline\n", b"ends with a newline\n## entry\n"),
        (b"", b"## entry\n"),
    ],
    ids=["notepad", "crlf", "newline", "empty"],
)
def test_a_heading_always_starts_on_its_own_line(tmp_path: Path, old: bytes, new: bytes) -> None:
    path = tmp_path / "journal.md"
    path.write_bytes(old)
    journal.append_to_journal(path, "## entry\n")
    assert path.read_bytes() == new


def test_a_linked_journal_stays_a_link(tmp_path: Path) -> None:
    target = tmp_path / "synced" / "journal.md"
    target.parent.mkdir()
    target.write_text("kept\n")
    link = tmp_path / "journal.md"
    link.symlink_to(target)
    assert journal.check_journal(link) == target
    journal.append_to_journal(link, "new\n")
    assert link.is_symlink()
    assert target.read_text() == "kept\nnew\n"


@ROOT_ONLY
def test_saving_as_root_keeps_the_owner(tmp_path: Path) -> None:
    path = tmp_path / "journal.md"
    path.write_text("theirs\n")
    os.chown(path, 1234, 2345)
    path.chmod(0o640)
    journal.append_to_journal(path, "added with sudo\n")
    info = path.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (1234, 2345, 0o640)
    assert path.read_text() == "theirs\nadded with sudo\n"


def refusal(path: Path) -> str:
    with pytest.raises(UsageError) as caught:
        journal.check_journal(path)
    return caught.value.message


def test_devices_are_refused() -> None:
    for device in ("/dev/null", "/dev/full", "/dev/zero"):
        if Path(device).exists():
            assert refusal(Path(device)) == (
                f"cannot write the journal {device}: it is a device, not a regular file"
            )


@POSIX
def test_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    assert refusal(fifo) == (
        f"cannot write the journal {fifo}: it is a named pipe (FIFO), not a regular file"
    )


def test_links_that_lead_nowhere_are_refused(tmp_path: Path) -> None:
    loop = tmp_path / "loop.md"
    loop.symlink_to(tmp_path / "loop2.md")
    (tmp_path / "loop2.md").symlink_to(loop)
    assert refusal(loop) == f"cannot write the journal {loop}: it is a symbolic link loop"
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "gone.md")
    assert refusal(dangling) == (
        f"cannot write the journal {dangling}: it is a link to {tmp_path}/gone.md, "
        "which does not exist"
    )


def test_a_hard_linked_journal_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "journal.md"
    path.write_text("shared\n")
    os.link(path, tmp_path / "other-name.md")
    assert refusal(path) == (
        f"cannot write the journal {path}: it has 2 hard links, and saving would split "
        "them; copy it to a file of its own and use that"
    )
    with pytest.raises(SaveError, match="it has 2 hard links"):
        journal.append_to_journal(path, "new\n")
    assert path.read_text() == "shared\n"


def test_an_unwritable_target_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "journal.md"
    path.write_text("read only\n")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: p != path and real_access(p, mode))
    assert refusal(path) == f"cannot write the journal {path}: no permission to change it"
    monkeypatch.setattr(os, "access", lambda p, mode: False)
    assert refusal(tmp_path / "new.md") == (
        f"cannot write the journal {tmp_path}/new.md: no permission to write in {tmp_path}"
    )


def test_a_very_long_path_gets_a_short_clear_message(tmp_path: Path) -> None:
    path = tmp_path / ("a" * 100_000)
    message = refusal(path)
    assert message.endswith(": the path, or a name in it, is too long for this system")
    assert f"({len(str(path)):,} characters)" in message
    assert len(message) < 250


def test_the_cleanup_only_touches_this_journals_temporaries(tmp_path: Path) -> None:
    star = tmp_path / "*"
    others = [".notes.md.abcd1234.tmp", ".*.abcd1234.tmp.bak", ".*x.abcd1234.tmp"]
    stale = [".*.abcd1234.tmp", ".*.zz_99xyz.tmp"]
    for name in others + stale:
        (tmp_path / name).write_text("old")
        os.utime(tmp_path / name, (time.time() - 120, time.time() - 120))
    young = tmp_path / ".*.young123.tmp"
    young.write_text("another place writing now")
    journal.append_to_journal(star, "entry\n")
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(["*", ".*.lock", young.name, *others])


def fail_with(error: BaseException) -> Any:
    def fail(*args: object, **kwargs: object) -> None:
        raise error

    return fail


@pytest.mark.parametrize(
    ("target", "error", "raised"),
    [
        ("os.fdopen", OSError(errno.EIO, "I/O error"), SaveError),
        ("os.fsync", OSError(errno.ENOSPC, "No space left on device"), SaveError),
        ("pathlib.Path.chmod", OSError(errno.EPERM, "Operation not permitted"), SaveError),
        ("pathlib.Path.replace", OSError(errno.EXDEV, "Invalid cross-device link"), SaveError),
        ("fcntl.flock", OSError(errno.ENOLCK, "No locks available"), SaveError),
        ("os.fsync", KeyboardInterrupt(), KeyboardInterrupt),
        ("pathlib.Path.replace", KeyboardInterrupt(), KeyboardInterrupt),
    ],
    ids=["open", "disk-full", "chmod", "replace", "lock", "ctrl-c-at-fsync", "ctrl-c-at-replace"],
)
def test_a_failed_write_leaves_the_old_journal_intact(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    error: BaseException,
    raised: type[BaseException],
) -> None:
    path = tmp_path / "journal.md"
    path.write_bytes(b"# Reflection journal\n\nan earlier entry\n")
    monkeypatch.setattr(target, fail_with(error))
    with pytest.raises(raised) as caught:
        journal.append_to_journal(path, "new entry\n")
    monkeypatch.undo()
    assert path.read_bytes() == b"# Reflection journal\n\nan earlier entry\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".journal.md.lock", "journal.md"]
    if raised is SaveError:
        assert str(caught.value).startswith(f"could not save to the journal {path}: ")
        assert str(caught.value).endswith("; the journal is unchanged")


def test_a_response_that_cannot_be_saved_is_kept_beside_the_journal(tmp_path: Path) -> None:
    path = tmp_path / "journal.md"
    spare = tmp_path / "spare"
    spare.mkdir()
    first = journal.keep_unsaved(path, "my words\n", "20260304-090500", spare)
    second = journal.keep_unsaved(path, "more words\n", "20260304-090500", spare)
    assert first == tmp_path / "journal.md.unsaved-20260304-090500.md"
    assert second == tmp_path / "journal.md.unsaved-20260304-090500-1.md"
    assert first.read_text() == "my words\n"
    assert second.read_text() == "more words\n"
    assert stat.S_IMODE(first.stat().st_mode) == 0o600


def test_a_recovery_file_goes_to_the_spare_folder_when_it_must(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "full"
    folder.mkdir()
    spare = tmp_path / "spare"
    spare.mkdir()
    real_open = os.open

    def open_failing_in(path: Any, flags: int, mode: int = 0o777) -> int:
        if Path(path).parent == folder:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", open_failing_in)
    kept = journal.keep_unsaved(folder / "j.md", "words\n", "stamp", spare)
    assert kept == spare / "j.md.unsaved-stamp.md"
    monkeypatch.setattr(os, "open", fail_with(OSError(errno.ENOSPC, "full")))
    assert journal.keep_unsaved(folder / "j.md", "words\n", "stamp", spare) is None


WRITER = """
import sys
from pathlib import Path
from placecli.reflect.journal import append_to_journal
path, who, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
sys.stdin.readline()  # start together
for n in range(count):
    append_to_journal(path, f"<{who}-{n}>\\n")
"""


@POSIX
def test_concurrent_writers_never_lose_an_entry(tmp_path: Path) -> None:
    writers, count = 4, 40
    for run in range(5):
        path = tmp_path / f"journal-{run}.md"
        children = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, str(path), f"w{w}", str(count)],
                cwd=ROOT,
                stdin=subprocess.PIPE,
            )
            for w in range(writers)
        ]
        for child in children:
            assert child.stdin is not None
            child.stdin.write(b"go\n")
            child.stdin.close()
        assert [child.wait(timeout=120) for child in children] == [0] * writers
        lines = path.read_text().splitlines()
        assert lines[:2] == ["# Reflection journal", ""]
        entries = lines[2:]
        expected = {f"<w{w}-{n}>" for w in range(writers) for n in range(count)}
        assert len(entries) == writers * count
        assert set(entries) == expected
        for w in range(writers):  # each writer's entries in the order it wrote them
            own = [e for e in entries if e.startswith(f"<w{w}-")]
            assert own == [f"<w{w}-{n}>" for n in range(count)]


LOCK = ".journal.md.lock"
KILLER = """
import sys
from pathlib import Path
from placecli.reflect.journal import append_to_journal
journal = Path(sys.argv[1])
n = 0
while True:
    n += 1
    append_to_journal(journal, f"<entry {n}>" + "x" * 200_000 + f"</entry {n}>\\n")
"""


@POSIX
def test_a_kill_at_any_moment_leaves_a_whole_journal(tmp_path: Path) -> None:
    from placecli.reflect.journal import append_to_journal

    journal = tmp_path / "journal.md"
    rng = random.Random(0)
    for _ in range(6):
        child = subprocess.Popen([sys.executable, "-c", KILLER, str(journal)], cwd=ROOT)
        deadline = time.monotonic() + 10
        while not journal.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.random() * 0.3)  # then kill at some moment among the appends
        child.send_signal(signal.SIGKILL)
        child.wait()
        text = journal.read_text()
        assert text.startswith("# Reflection journal\n\n")
        entries = text.removeprefix("# Reflection journal\n\n").splitlines()
        assert entries
        for line in entries:
            assert line.startswith("<entry ") and line.endswith(">") and "</entry " in line
    leftovers = [p for p in tmp_path.iterdir() if p.name not in ("journal.md", LOCK)]
    assert all(p.name.startswith(".journal.md.") for p in leftovers)  # only killed temps
    for leftover in leftovers:  # age them past the minute, then save once more
        os.utime(leftover, (time.time() - 120, time.time() - 120))
    before = journal.read_bytes()
    append_to_journal(journal, "after the kills\n")
    assert journal.read_bytes() == before + b"after the kills\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [LOCK, "journal.md"]

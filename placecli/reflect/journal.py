"""The journal file: checked before anything is asked, appended under a lock, never half-written.

The journal is the one thing `place` writes that a person cannot get back. So:

- It must be a regular file, or not exist yet in a writable folder. Devices, named pipes,
  folders, symbolic link loops, dangling links, hard-linked files and unwritable targets
  are refused before the first prompt (`check_journal`). A symbolic link to a regular file
  is followed and stays a link.
- Each save (`append_to_journal`) takes an advisory lock on `.NAME.lock` beside the
  journal (private, and waited for at most LOCK_WAIT_SECONDS: a lock held longer, by
  another user's process say, fails the save, and the response goes to a recovery
  file), reads the journal again under the lock (another `place` may have added to it),
  writes old + new to a temporary file in the same folder, fsyncs it and swaps it in with
  one rename. Two sessions on one journal therefore never lose each other's entries, and
  at any moment the file on disk is either the old journal, byte for byte, or the new one
  whole. The owner (when run as root) and mode of an existing journal are kept; a new one
  is private (0600).
- When a save fails, `keep_unsaved` writes the response to a recovery file, so nothing
  typed is lost.
- `journal_text` reads it for `--resume`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from placecli.errors import SaveError, UsageError

JOURNAL_HEADING = "# Reflection journal\n"
NEW_JOURNAL_MODE = 0o600  # personal reflections: yours alone, whatever the umask
LOCK_MODE = 0o600  # flock needs only read access: a lock others can open, they can hold
LOCK_WAIT_SECONDS = 10.0  # as the history's busy timeout: then the save fails, kept aside
STALE_SECONDS = 60
LONGEST_SHOWN = 120  # characters of a path quoted in a message


class Refused(Exception):
    """Why a path cannot be a journal, in words that follow "cannot write the journal P: "."""


# Checking the path, before anything is asked.


def check_journal(path: Path) -> Path:
    """The file to write for the journal at `path` (a link's target), or a UsageError.

    Raised before any typing: the message names the path and says why it cannot be used.
    """
    try:
        return journal_target(path)
    except Refused as refused:
        raise UsageError(f"cannot write the journal {shown(path)}: {refused}") from None
    except OSError as error:
        raise UsageError(f"cannot write the journal {shown(path)}: {reason(error)}") from None


def journal_target(path: Path) -> Path:
    """The regular file the journal is (following links), or where a new one will be."""
    path = path.absolute()
    if path.is_symlink():
        try:
            path.stat()
        except FileNotFoundError:
            missing = shown(path.readlink())
            raise Refused(f"it is a link to {missing}, which does not exist") from None
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise Refused("it is a symbolic link loop") from None
            raise
    target = Path(os.path.realpath(path))
    try:
        info = target.stat()
    except (FileNotFoundError, NotADirectoryError):
        check_folder(target.parent)
        return target
    check_regular(info)
    if not os.access(target, os.R_OK | os.W_OK):
        raise Refused("no permission to change it")
    check_folder(target.parent)
    return target


def check_regular(info: os.stat_result) -> None:
    """Refuse anything but a regular file with one name."""
    kind = file_kind(info.st_mode)
    if kind:
        raise Refused(f"it is {kind}, not a regular file")
    if info.st_nlink > 1:
        raise Refused(
            f"it has {info.st_nlink} hard links, and saving would split them; "
            "copy it to a file of its own and use that"
        )


def file_kind(mode: int) -> str | None:
    """What a non-regular file is, in plain words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def check_folder(folder: Path) -> None:
    if not folder.exists():
        raise Refused(f"the folder {shown(folder)} does not exist")
    if not folder.is_dir():
        raise Refused(f"{shown(folder)} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise Refused(f"no permission to write in {shown(folder)}")


def shown(path: str | os.PathLike[str]) -> str:
    """A path for a message: whole if short, else its start and end around an ellipsis."""
    text = os.fspath(path)
    if len(text) <= LONGEST_SHOWN:
        return text
    return f"{text[:60]}…{text[-40:]} ({len(text):,} characters)"


def reason(error: OSError) -> str:
    if error.errno == errno.ENAMETOOLONG:
        return "the path, or a name in it, is too long for this system"
    if error.errno == errno.ELOOP:
        return "it leads through a symbolic link loop"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "no permission"
    if error.errno == errno.ENOTDIR:
        return "a part of the path is not a folder"
    return (error.strerror or str(error)).lower()


# Saving.


def append_to_journal(path: Path, entry: str) -> None:
    """Append an entry so that no entry, old or concurrent, is ever lost or half-written.

    Under the lock: read the journal as it is now, write old + new to a temporary file,
    fsync it and replace the journal with it. On any failure the journal is left as it
    was and SaveError says why; Ctrl-C (KeyboardInterrupt) passes through the same way.
    """
    try:
        target = journal_target(path)
        with locked(target):
            old, info = read_journal(target)
            write_replacing(target, joined(old, entry.encode("utf-8")), info)
    except Refused as refused:
        raise SaveError(
            f"could not save to the journal {shown(path)}: {refused}; the journal is unchanged"
        ) from None
    except OSError as error:
        raise SaveError(
            f"could not save to the journal {shown(path)}: {reason(error)}; "
            "the journal is unchanged"
        ) from None
    remove_stale_temporaries(target)


def joined(old: bytes | None, entry: bytes) -> bytes:
    """The journal with the entry added; a heading always starts on a line of its own."""
    if old is None:
        return JOURNAL_HEADING.encode() + b"\n" + entry
    if old and not old.endswith((b"\n", b"\r")):
        old += b"\n"  # a last line without its newline, as Notepad saves it
    return old + entry


def read_journal(target: Path) -> tuple[bytes | None, os.stat_result | None]:
    """The journal's bytes and status, or (None, None) if it does not exist yet.

    Opened without blocking and checked on the open file, so that a named pipe or device
    put in its place since the start is refused rather than waited on or read forever.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(target, flags)
    except FileNotFoundError:
        return None, None
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(descriptor)
        check_regular(info)
        return stream.read(), info


@contextlib.contextmanager
def locked(target: Path) -> Iterator[None]:
    """Hold the advisory lock `.NAME.lock` beside the journal; other `place`s wait."""
    lock = target.with_name(f".{target.name}.lock")
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(lock, flags, LOCK_MODE)
    except PermissionError:  # made by another user: reading is enough to lock on POSIX
        descriptor = os.open(lock, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        make_private(descriptor)
        wait_for_lock(descriptor, lock)
        try:
            yield
        finally:
            unlock_file(descriptor)
    finally:
        os.close(descriptor)


def make_private(descriptor: int) -> None:
    """A lock file of ours that others may read (an older place made it 0644) becomes
    0600, so that no one else can open it to hold the lock."""
    fchmod, geteuid = getattr(os, "fchmod", None), getattr(os, "geteuid", None)
    if fchmod is None or geteuid is None:  # Windows: no modes to speak of
        return
    info = os.fstat(descriptor)
    if info.st_uid == geteuid() and info.st_mode & 0o077:
        with contextlib.suppress(OSError):
            fchmod(descriptor, LOCK_MODE)


def wait_for_lock(descriptor: int, lock: Path) -> None:
    """Take the lock, trying again while another process holds it, for at most
    LOCK_WAIT_SECONDS; then Refused (the save fails and the response is kept aside)."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while not try_lock(descriptor):
        if time.monotonic() > deadline:
            raise Refused(
                f"another process has held its lock ({shown(lock)}) for "
                f"{LOCK_WAIT_SECONDS:g} seconds"
            )
        time.sleep(0.05)


if sys.platform == "win32":
    import msvcrt

    def try_lock(descriptor: int) -> bool:
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError as error:
            if error.errno in (errno.EACCES, errno.EDEADLK):  # held by another process
                return False
            raise
        return True

    def unlock_file(descriptor: int) -> None:
        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def try_lock(descriptor: int) -> bool:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # held by another process
            return False
        return True

    def unlock_file(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)


def write_replacing(target: Path, data: bytes, info: os.stat_result | None) -> None:
    """Write `data` beside `target`, fsync, and rename it over `target` in one step."""
    import tempfile  # only when writing: it costs a few ms at every start

    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if info is not None:
            keep_owner(temporary, info)
        temporary.chmod(stat.S_IMODE(info.st_mode) if info is not None else NEW_JOURNAL_MODE)
        temporary.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    sync_folder(target.parent)


def keep_owner(temporary: Path, info: os.stat_result) -> None:
    """Give the new file the old one's owner and group where allowed (root: always).

    Without this, saving with sudo leaves a journal its owner can no longer open.
    """
    chown = getattr(os, "chown", None)
    if chown is None:
        return
    current = temporary.stat()
    if (current.st_uid, current.st_gid) == (info.st_uid, info.st_gid):
        return
    try:
        chown(temporary, info.st_uid, info.st_gid)
    except PermissionError:  # not root: keep at least the group where we may
        with contextlib.suppress(OSError):
            chown(temporary, -1, info.st_gid)


TEMPORARY_NAME = r"[a-z0-9_]{8}"  # what tempfile.mkstemp puts between prefix and suffix


def remove_stale_temporaries(target: Path) -> None:
    """Remove temporary files a killed `place` left beside this journal, and only those.

    Names are matched exactly (no glob: a journal named `*` must not match other files),
    and only files older than a minute: a younger one may be another `place` writing now.
    """
    own = re.compile(re.escape(f".{target.name}.") + TEMPORARY_NAME + re.escape(".tmp"))
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(target.parent) as entries:
        for entry in entries:
            if not own.fullmatch(entry.name):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_SECONDS:
                    Path(entry.path).unlink()


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it."""
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


# When a save fails.


def keep_unsaved(journal: Path, text: str, stamp: str, spare_folder: Path) -> Path | None:
    """Write a response that could not be saved to a recovery file; where it went, or None.

    Beside the journal, as `NAME.unsaved-STAMP.md`, else in `spare_folder` (the temporary
    folder). Created new and private (0600); an existing file is never overwritten.
    """
    name = f"{journal.name}.unsaved-{stamp}"
    for folder in (journal.absolute().parent, spare_folder):
        for attempt in range(100):
            candidate = folder / (f"{name}.md" if attempt == 0 else f"{name}-{attempt}.md")
            try:
                descriptor = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                continue
            except OSError:
                break
            try:
                with os.fdopen(descriptor, "wb") as stream:
                    stream.write(text.encode("utf-8"))
                    stream.flush()
                    os.fsync(stream.fileno())
            except OSError:
                with contextlib.suppress(OSError):
                    candidate.unlink()
                break
            return candidate
    return None


# Reading, for --resume.


def journal_text(target: Path) -> str:
    """The journal's text as it is now ("" if it does not exist yet), for `--resume`."""
    try:
        old, _ = read_journal(target)
    except Refused as refused:
        raise UsageError(f"cannot read the journal {shown(target)}: {refused}") from None
    except OSError as error:
        raise UsageError(f"cannot read the journal {shown(target)}: {reason(error)}") from None
    return old.decode("utf-8", "replace") if old is not None else ""

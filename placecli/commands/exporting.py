"""Exporting: `place export FORMAT`, handouts and question banks, to standard output or
a file."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from placecli.commands.packs import load
from placecli.errors import UsageError

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from placecli.exporters import Skipped
    from placecli.terminal.context import Terminal


class ExportRequest(NamedTuple):
    format: str  # a name in exporters.FORMATS (the command line has checked it is one)
    content: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()
    output: str | None = None  # a file; None: standard output
    answer_key: bool = False


def export(request: ExportRequest, terminal: Terminal) -> None:
    """The packs in one export format, to standard output or a file (binary formats)."""
    from placecli.exporters import FORMATS, Options
    from placecli.packs.lookup import find_concepts

    fmt, output_path = request.format, request.output
    target = FORMATS[fmt]
    if target.binary and output_path is None:
        raise UsageError(
            f"place export {fmt} writes a binary file: give --output FILE.{target.extension}"
        )
    missing = target.missing_extra()
    if missing:
        raise UsageError(missing)
    if output_path is not None:
        check_output(output_path)
    pack = load(request.content, terminal)
    concepts = request.concepts
    chosen = find_concepts(pack, concepts) if concepts else list(pack.concepts)
    # Font subsets in a PDF carry their build time; a fixed one keeps exports identical.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    with working_on(terminal, output_path):
        result = target.load()(pack, chosen, Options(answer_key=request.answer_key))
    if result.skipped:
        note = skipped_note(fmt, result.skipped)
        terminal.talk().print(note, style="place.warn", soft_wrap=True)
    data = result.data
    if isinstance(data, str):  # a text export is read in a terminal too: shown, never obeyed
        from placecli.safetext import neutral

        data = neutral(data)
    if output_path is None:
        terminal.write(data if isinstance(data, str) else data.decode())
        return
    try:
        write_replacing(output_path, data.encode() if isinstance(data, str) else data)
    except OSError as error:  # a full disk, no permission: output that could not be written
        from placecli.errors import OutputError

        raise OutputError(f"cannot write {output_path}: {error.strerror}") from None


def working_on(terminal: Terminal, output_path: str | None) -> AbstractContextManager[None]:
    """Writing a file (the PDF takes seconds): say so on the terminal while it runs. To
    standard output, the export itself is what shows."""
    from placecli.commands.presenter import working

    if output_path is None:
        return contextlib.nullcontext()
    return working(terminal, f"Writing {output_path} …")


def check_output(path: str) -> None:
    """Fail before the work if the export cannot go where it is asked to: a regular file,
    or nothing yet, in a folder that exists. A link is refused (writing through it would
    overwrite whatever it points to), and so is a FIFO (it would wait for a reader for
    ever), a device or a socket."""
    from placecli.reflect.journal import file_kind

    try:
        info: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror}") from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise UsageError(
            f"cannot write {path}: it is a symbolic link; give the file itself, or a new name"
        )
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UsageError(f"cannot write {path}: it is a folder")
    kind = None if info is None else file_kind(info.st_mode)
    if kind:
        raise UsageError(f"cannot write {path}: it is {kind}, not a regular file")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise UsageError(f"cannot write {path}: the folder {folder} does not exist")


def write_replacing(path: str, data: bytes) -> None:
    """`data` written whole to a temporary file beside `path`, then renamed over it: a
    disk that fills up, or a stop, leaves the previous file as it was. An existing file
    keeps its mode, and one this user may not change is not replaced; a new one gets the
    mode the umask gives."""
    import tempfile  # only when writing a file

    folder = os.path.dirname(os.path.abspath(path))
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~current_umask()
    else:
        if not os.access(path, os.W_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
    name = f".{os.path.basename(path)}."
    handle, temporary = tempfile.mkstemp(prefix=name, suffix=".tmp", dir=folder)
    try:
        with open(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def skipped_note(fmt: str, skipped: Sequence[Skipped]) -> str:
    """One line: the questions left out, grouped by why."""
    from placecli.words import plural

    reasons: dict[str, list[str]] = {}
    for item in skipped:
        reasons.setdefault(item.reason, []).append(item.question)
    why = "; ".join(f"{reason}: {', '.join(ids)}" for reason, ids in reasons.items())
    return f"place export {fmt}: left out {plural(len(skipped), 'question')} ({why})"

"""Exporting: `place export FORMAT`, handouts and question banks, to standard output or
a file."""

from __future__ import annotations

import contextlib
import os
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
        with open(output_path, "wb") as file:
            file.write(data.encode() if isinstance(data, str) else data)
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
    """Fail before the work if the export cannot go where it is asked to."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise UsageError(f"cannot write {path}: it is a folder")
    if not os.path.isdir(folder):
        raise UsageError(f"cannot write {path}: the folder {folder} does not exist")


def skipped_note(fmt: str, skipped: Sequence[Skipped]) -> str:
    """One line: the questions left out, grouped by why."""
    from placecli.words import plural

    reasons: dict[str, list[str]] = {}
    for item in skipped:
        reasons.setdefault(item.reason, []).append(item.question)
    why = "; ".join(f"{reason}: {', '.join(ids)}" for reason, ids in reasons.items())
    return f"place export {fmt}: left out {plural(len(skipped), 'question')} ({why})"

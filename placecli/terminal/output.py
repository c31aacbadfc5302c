"""Checked writes to standard output, and the encodings of the standard streams.

While a command runs, standard output is `Checked` (the boundary puts it in place), so a
full disk, `/dev/full` or a closed stream becomes an OutputError (a message and exit 1)
instead of a traceback or a handout silently cut short, and a reader that went away
becomes a ClosedPipe (quietly, exit 141), whoever writes: place, Rich or Typer's help,
and however large the write (a write cut short is finished, or fails and says why).
Files and pipes get UTF-8 whatever the locale or code page
(`PYTHONIOENCODING=cp1252` on Windows); a terminal keeps its own encoding, and what it
cannot show is replaced rather than crashing.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterator
from typing import IO, Any, TextIO

from placecli.errors import ClosedPipe, OutputError

TRAILING = re.compile(r" +(?=\n)")


class Checked:
    """A text stream whose write and flush failures are OutputErrors or ClosedPipe.

    Written to a file or a pipe, lines lose their trailing spaces (Rich pads lines to the
    width): spaces at the end of a write wait until the next write shows whether a line
    ends after them.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.pending = ""  # trailing spaces held back
        try:
            self.trim = not stream.isatty()
        except (AttributeError, ValueError):
            self.trim = False
        # Bytes are written here, not through the text layer: over an unbuffered stream
        # (PYTHONUNBUFFERED=1) the text layer drops the rest of a short write unseen.
        # Where the text layer turns "\n" into "\r\n" (Windows), it keeps the text.
        binary = getattr(stream, "buffer", None) if os.linesep == "\n" else None
        self.binary: IO[bytes] | None = binary
        if self.binary is not None:
            with contextlib.suppress(OSError, ValueError):  # a closed stream: writes say so
                stream.flush()  # what was written to the text layer before goes first

    def write(self, text: str) -> int:
        if self.trim:
            text = TRAILING.sub("", self.pending + text)
            kept = text.rstrip(" ")
            self.pending, text = text[len(kept) :], kept
        self.put(text)
        return len(text)

    def put(self, text: str) -> None:
        try:
            if self.binary is None:
                self.stream.write(text)
            else:
                stream = self.stream
                self.put_bytes(text.encode(stream.encoding or "utf-8", stream.errors or "strict"))
        except BrokenPipeError:
            raise ClosedPipe("the reader of the output went away") from None
        except (OSError, ValueError, AttributeError) as error:
            raise output_error(error) from None

    def put_bytes(self, data: bytes) -> None:
        """Every byte, or an error: a write cut short (a pipe whose reader left, a disk
        that filled) is followed by another for the rest, which then says why."""
        assert self.binary is not None
        view = memoryview(data)
        while view:
            written = self.binary.write(view)
            if not written:  # None: a non-blocking stream that would block; 0: nothing
                raise OSError("the output took no more bytes")
            view = view[written:]
        if getattr(self.stream, "line_buffering", False):  # a terminal sees each line now
            self.binary.flush()

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise ClosedPipe("the reader of the output went away") from None
        except (OSError, ValueError, AttributeError) as error:
            raise output_error(error) from None

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, encoding ... as the stream has them
        return getattr(self.stream, name)


def output_error(error: Exception) -> OutputError:
    if isinstance(error, AttributeError):  # no stream at all: Python started without one
        return OutputError("could not write the output: standard output is closed")
    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return OutputError(f"could not write the output: {reason}")


@contextlib.contextmanager
def checked_stdout() -> Iterator[None]:
    """Standard output as a Checked stream while the block runs."""
    original = sys.stdout
    sys.stdout = Checked(original)
    try:
        yield
    finally:
        sys.stdout = original


def prepare_streams() -> None:
    """UTF-8 for files and pipes; replacement characters rather than a crash on a terminal."""
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            if stream.isatty():
                reconfigure(errors=errors)
            else:
                reconfigure(encoding="utf-8", errors=errors)
        except (OSError, ValueError):  # a closed stream: the writes will say so
            pass


def stdout() -> Checked:
    out = sys.stdout
    return out if isinstance(out, Checked) else Checked(out)


def write(text: str) -> None:
    """Standard output, for what runs before a command has its Terminal (the version,
    the help)."""
    out = stdout()
    out.write(text)
    out.flush()


def json_text(data: Any) -> str:
    """The JSON that `--format json` writes: indented, UTF-8, and safe in a terminal."""
    import json

    from placecli.safetext import json_escaped  # C1, bidi and invisible characters as \\uXXXX

    return json_escaped(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"

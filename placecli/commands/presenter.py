"""The one presenter: a command's result as rich, markdown or json, and the one pager.

A command takes a request and returns a result (or None when it has shown all there is,
as an interactive one has). A result offers its forms as methods named after the
formats, each made only when asked for, as the command's `--format` choices allow:

- `rich()`: a Rich renderable for the terminal, or a `str` of plain lines written as
  they are (no Rich imported for them);
- `markdown()`: Markdown text; `json()`: JSON-ready data;

and, if it has them, `width` (the widest its rich form is laid out), `notes()` (lines of
talk, each with its style, for standard error before the rich form: warnings) and
`status` (the exit status).
`run` builds the Terminal, runs the command and presents what it returns; `working`
shows that long work is going on.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from placecli.collector import paused

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from placecli.terminal.context import Terminal

Format = Literal["rich", "markdown", "json"]
Note = tuple[str, str]  # a line of talk, made safe to show, and its style


R = TypeVar("R")
Command = Callable[[R, "Terminal"], Any]


def run(command: Command[R], request: R, terminal: Terminal | None = None) -> int:
    """Run `command` on this process's terminal (or the one given) and present its
    result in the request's format; the exit status."""
    if terminal is None:
        from placecli.terminal.context import from_process

        terminal = from_process()
    result = command(request, terminal)
    if result is None or isinstance(result, int):
        return result or 0
    fmt: Format = getattr(request, "format", "rich")
    present(result, fmt, terminal, pager=not getattr(request, "no_pager", False))
    status: int = getattr(result, "status", 0)
    return status


def present(result: Any, fmt: Format, terminal: Terminal, *, pager: bool = True) -> None:
    """Write `result` in the form `fmt` names: data on standard output, notes on stderr.

    On one screen (standard output and error on the same terminal), notes and the rich
    form go through the pager together, so a long list of warnings cannot scroll away
    from what they are about.
    """
    with paused():
        made = getattr(result, fmt)()
    if fmt == "json":
        terminal.write_json(made)
        return
    notes: list[Note] = result.notes() if fmt == "rich" and hasattr(result, "notes") else []
    if notes and pager and terminal.pages and terminal.one_screen:
        show(unwrapped(notes, made), terminal)
        return
    if notes:
        write_notes(notes, terminal)
    if isinstance(made, str):
        terminal.write(made)
    else:
        show(made, terminal, width=getattr(result, "width", None), pager=pager)


def write_notes(notes: list[Note], terminal: Terminal) -> None:
    """The notes on standard error in one write (one print a line took 6 s for 20,000
    warnings); each line's style kept where the console writes styles."""
    from rich.segment import Segment, Segments

    talk = terminal.talk()
    styles = {style: talk.get_style(style) for style in {style for _, style in notes}}
    line = Segment.line()
    segments = [part for text, style in notes for part in (Segment(text, styles[style]), line)]
    talk.print(Segments(segments), soft_wrap=True, end="")


def unwrapped(notes: list[Note], made: Any) -> RenderableType:
    """The notes, then the rich form, in lines left whole (the pager wraps them, and a
    path or a command stays one word)."""
    from rich.console import Group
    from rich.text import Text

    lines: list[RenderableType] = [Text(text, style) for text, style in notes]
    lines += [Text(line) for line in made.splitlines()] if isinstance(made, str) else [made]
    for line in lines:
        if isinstance(line, Text):
            line.no_wrap, line.overflow = True, "ignore"
    return Group(*lines)


def show(
    renderable: RenderableType,
    terminal: Terminal,
    *,
    width: int | None = None,
    pager: bool = True,
) -> None:
    """Print to standard output, no wider than `width` if given; through the pager when a
    person reads it on a terminal (`terminal.pages`) and it is taller than the screen.

    Everything shown is already laid out to the width, so Rich's cropping pass, which
    measures every line again, is skipped (crop=False); on a terminal too narrow for the
    layout, the terminal wraps a long line rather than Rich cutting it short. Nothing is
    imported for paging until it is needed.
    """
    console = terminal.screen()
    command = terminal.settings.pager
    if not (pager and terminal.pages and command):
        with paused():
            console.print(renderable, width=width, crop=False)  # Rich takes the narrower
        return
    from placecli.terminal.pager import page

    with paused(), console.capture() as captured:
        console.print(renderable, width=width, crop=False)
    page(captured.get(), terminal, console)


def screen_for(fmt: Format, terminal: Terminal) -> Console:
    """Where an interactive command talks: standard error when standard output holds
    the JSON result, else the screen."""
    return terminal.talk() if fmt == "json" else terminal.screen()


def note_on(terminal: Terminal) -> Callable[[str], None]:
    """Notes to the person, on standard error (an unreadable line, the history)."""

    def note(words: str) -> None:
        from placecli.views.render import Text  # shown as typed: it may quote what was typed

        terminal.talk().print(Text(words, style="place.warn"), soft_wrap=True)

    return note


@contextlib.contextmanager
def working(terminal: Terminal, what: str) -> Iterator[None]:
    """A spinner and `what` on standard error while the block's long work runs (the PDF
    export takes seconds), gone when it ends: only when a person sees standard error on
    a terminal that can draw, never in a pipe, a log or a test's captured output."""
    if not terminal.stderr_tty or terminal.dumb:
        yield
        return
    from placecli.views.render import Text  # it may name what the person typed

    with terminal.talk().status(Text(what, style="place.muted"), spinner="line"):
        yield

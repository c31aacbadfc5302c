"""Layout for the terminal, text-agnostic: lines that hang under their marker, headings
that wrap rather than cut, rows that stack on a narrow screen, and one view or another by
width. What they lay out is Text the views made (render.Text: shown, never obeyed); the
few marks made here are constants.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from rich._wrap import divide_line  # what `Text.wrap` cuts with (Rich 13.8 to 15)
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.rule import Rule
from rich.segment import Segment
from rich.text import Text as RichText

NARROW = 70  # below this many columns, tables become stacked lists


class Hanging:
    """Marked lines whose wrapped text stays indented under the text, not the marker.

    A light stand-in for a two-column `Table.grid`, which measures every cell and made
    `place summary` several times slower; it prints what such a grid prints
    (tests/test_render.py compares them). The text is cut where Rich's own wrapping cuts
    it (`cuts`); on a console that shows no style (a pipe, a file) the lines are written
    as one plain string.
    """

    def __init__(self, rows: Sequence[tuple[RichText, RichText]], indent: int = 0) -> None:
        self.rows = rows
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        marker_width = max((cell_len(marker.plain) for marker, _ in self.rows), default=0)
        gap = 1 if marker_width else 0
        width = max(8, options.max_width - self.indent - marker_width - gap)
        if console.color_system is None and not console.record:
            lines = self.plain(console, marker_width, gap, width)
            if lines:
                yield Segment(lines)
            return
        margin = Segment(" " * self.indent)
        under = [Segment(" " * (marker_width + gap))]
        newline = Segment.line()  # the lines are wrapped here, so Rich must not wrap again
        for marker, body in self.rows:
            head = marker.copy()
            head.pad_right(marker_width - cell_len(marker.plain))
            first = [*styled(head, console), Segment(" " * gap)]
            for number, line in enumerate(wrapped(body, console, width)):
                yield margin
                yield from first if number == 0 else under
                yield from styled(line, console)
                yield newline

    def plain(self, console: Console, marker_width: int, gap: int, width: int) -> str:
        """The rows' lines as one string, for a console that shows no style (a pipe, a
        file): the same characters, without the segments and styles nobody sees."""
        under = " " * (self.indent + marker_width + gap)
        lines = []
        for marker, body in self.rows:
            pad = " " * (marker_width - cell_len(marker.plain) + gap)
            first = " " * self.indent + marker.plain + pad
            for number, line in enumerate(wrapped_plain(body, console, width)):
                lines.append(f"{first if number == 0 else under}{line}\n")
        return "".join(lines)


def styled(text: RichText, console: Console) -> list[Segment]:
    """A one-line Text as segments, its own style included (`Text.render` leaves it out)."""
    if not text.spans:  # one style: the one segment `render` and `apply_style` would make
        return [Segment(text.plain, console.get_style(text.style) if text.style else None)]
    segments = text.render(console)
    if text.style:
        segments = Segment.apply_style(segments, console.get_style(text.style))
    return list(segments)


def cuts(body: RichText, width: int) -> list[int] | None:
    """Where Rich's wrapping cuts the body to fit `width` cells (none when it fits), by
    Rich's own `divide_line`, without the copies `Text.wrap` makes (the answer key of
    7,000 questions took 10 s); None for what only `Text.wrap` can do (several lines,
    tabs, a justified text, a folded wide character that still does not fit)."""
    plain = body.plain
    if "\n" in plain or "\t" in plain or body.justify or body.overflow or body.no_wrap:
        return None
    if cell_len(plain) <= width:
        return []
    offsets = divide_line(plain, width, fold=True)
    if any(cell_len(line) > width for line in pieces(plain, offsets)):
        return None
    return offsets


def pieces(plain: str, offsets: list[int]) -> list[str]:
    """`plain` cut at `offsets`, each piece without its trailing spaces."""
    return [plain[a:b].rstrip() for a, b in pairwise([0, *offsets, len(plain)])]


def wrapped(body: RichText, console: Console, width: int) -> list[RichText]:
    """The body's lines within `width` cells, as `Text.wrap` makes them."""
    offsets = cuts(body, width)
    lines = body.wrap(console, width) if offsets is None else body.divide(offsets)
    for line in lines:
        line.rstrip()
    return list(lines)


def wrapped_plain(body: RichText, console: Console, width: int) -> list[str]:
    """The same lines' characters."""
    offsets = cuts(body, width)
    if offsets is None:
        return [line.plain for line in wrapped(body, console, width)]
    return pieces(body.plain, offsets)


class Heading:
    """A rule with a title on it, as `Rule` draws it when the title fits; when it does not,
    the title wraps with a hanging indent above a plain rule: never cut short with `…`,
    as an id in it is something a person types."""

    def __init__(self, title: RichText) -> None:
        self.title = title

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if cell_len(self.title.plain) + 6 <= options.max_width:
            yield Rule(self.title, align="left", style="place.rule")
            return
        words = self.title.copy()
        words.rstrip()
        words.plain = words.plain.lstrip()
        yield Hanging([(RichText("─", style="place.rule"), words)])
        yield Rule(style="place.rule")


class Stacked:
    """Rows of (label, text): side by side, the text wrapped under itself, on a wide
    screen; below NARROW columns, each label on its own line and its text indented under
    it. A label (an id, a term) is never cut short."""

    def __init__(
        self, rows: Sequence[tuple[RichText, RichText]], margin: int = 0, indent: int = 4
    ) -> None:
        self.rows = rows
        self.margin = margin
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widest = max((cell_len(label.plain) for label, _ in self.rows), default=0)
        if options.max_width >= NARROW and widest <= options.max_width // 2:
            padded = []
            for label, text in self.rows:
                wide = label.copy()
                wide.pad_right(widest + 1 - cell_len(label.plain))
                padded.append((wide, text))
            yield Hanging(padded, self.margin)
            return
        for label, text in self.rows:
            yield Hanging([(RichText(), label)], self.margin - 1)
            yield Hanging([(RichText(), text)], self.margin + self.indent - 1)


class Narrow:
    """One view on a wide screen, another below NARROW columns."""

    def __init__(self, wide: RenderableType, narrow: RenderableType) -> None:
        self.wide = wide
        self.narrow = narrow

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.wide if options.max_width >= NARROW else self.narrow

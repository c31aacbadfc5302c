"""Present mode: full screen, one item a screen, for a room reading a projector.

A deck is a list of slides (a concept, a prompt); each screen shows the slide's large
heading, as much of its body as fits, and a progress line (`3 / 16 · section 2`). A body
taller than the screen is shown in pages. The keys: → space n ↓ next, ← p ↑ back, a
section's number and Enter to jump to it, Home / End, q or Esc to leave.

Nothing here reads the terminal or the clock: `run_deck` is given the Console (and so the
screen's size) and a `read_key`; `move` is the pure step from one position to the next.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.control import Control
from rich.rule import Rule
from rich.segment import Segment

from placecli.packs.model import Concept, Pack, Prompt
from placecli.terminal.keys import ReadKey
from placecli.views import render
from placecli.views.layout import Hanging
from placecli.views.render import Text
from placecli.views.text import concept_title, sections_of

FORWARD = frozenset({"right", "space", "n", "down", "pagedown", "l", "j"})
BACK = frozenset({"left", "p", "up", "pageup", "backspace", "h", "k"})
QUIT = frozenset({"q", "Q", "escape", "eof"})
Line = list[Segment]


class Slide(NamedTuple):
    title: str
    body: RenderableType
    section: int | None = None  # the number typed to jump here
    where: str = ""  # `section 2 · Working across boundaries`


class Position(NamedTuple):
    slide: int = 0
    page: int = 0  # -1: the slide's last page (going back into it)
    typed: str = ""  # digits typed towards a jump


def move(
    at: Position, key: str, sections: Sequence[int | None], pages: Callable[[int], int]
) -> Position | None:
    """Where a key leads from `at`; None to leave. `pages(i)` is slide i's page count."""
    if key in QUIT:
        return None
    last = len(sections) - 1
    page = at.page if at.page >= 0 else pages(at.slide) - 1
    if key.isdigit() and len(key) == 1:
        after = at._replace(typed=(at.typed + key)[-3:])
    elif key == "enter" and at.typed:
        found = [i for i, s in enumerate(sections) if s == int(at.typed)]
        after = Position(found[0], 0) if found else at._replace(typed="")
    elif key == "backspace" and at.typed:
        after = at._replace(typed=at.typed[:-1])
    elif key in FORWARD or key == "enter":
        if page + 1 < pages(at.slide):
            after = Position(at.slide, page + 1)
        else:
            after = Position(min(at.slide + 1, last), 0 if at.slide < last else page)
    elif key in BACK:
        if page > 0:
            after = Position(at.slide, page - 1)
        else:
            after = Position(at.slide - 1, -1) if at.slide > 0 else Position(0, 0)
    elif key in ("home", "end"):
        after = Position(0 if key == "home" else last, 0)
    else:
        after = at._replace(typed="")
    return after


class Screenful:
    """Exactly the lines given, one under another, with no newline after the last, so that
    a full screen never scrolls."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for number, line in enumerate(self.lines):
            if number:
                yield Segment.line()
            yield from line


def heading(slide: Slide) -> RenderableType:
    """The slide's heading, large and clear: where it is, its title (wrapped with a
    hanging indent under the bar), and a heavy rule."""
    title = Text(slide.title, style="place.heading")
    parts: list[RenderableType] = []
    if slide.where:
        parts.append(Hanging([(Text(" "), Text(slide.where, style="place.muted"))]))
    parts.append(Hanging([(Text("█", style="place.mark"), title)]))
    parts.append(Rule(characters="━", style="place.rule"))
    return Group(*parts)


def layout(console: Console, slide: Slide) -> tuple[list[Line], list[list[Line]], int]:
    """The heading's lines, the body's pages and the page height, for this screen size."""
    width, height = console.size
    options = console.options.update(width=width, height=None)
    head = console.render_lines(heading(slide), options, pad=True)
    room = max(3, height - len(head) - 3)  # a blank line above and below the body, the footer
    body = console.render_lines(slide.body, options.update(width=max(10, width - 2)), pad=False)
    while body and not "".join(s.text for s in body[-1]).strip():
        body.pop()
    pages = [body[i : i + room] for i in range(0, len(body), room)] or [[]]
    return head, pages, room


def footer(console: Console, at: Position, total: int, slide: Slide, pages: int) -> Line:
    """`3 / 16 · section 2 · page 1/2`, with the keys on the right when they fit."""
    width = console.size.width
    left = f" {at.slide + 1} / {total}"
    if slide.section is not None:
        left += f" · section {slide.section}"
    if pages > 1:
        left += f" · page {at.page + 1}/{pages}"
    if at.typed:
        left += f" · go to section {at.typed}, Enter"
    keys = "→ next  ← back  q quit "
    if len(left) + len(keys) + 2 > width:
        keys = "→ ← q "
    if len(left) + len(keys) + 2 <= width:
        text = left + " " * (width - len(left) - len(keys)) + keys
    else:
        text = left.ljust(width)[:width]
    return [Segment(text, console.get_style("place.progress"))]


def pad(cells: int) -> Segment:
    return Segment(" " * max(0, cells))


def draw(console: Console, slides: Sequence[Slide], at: Position) -> int:
    """Draw the screen for `at`; return the slide's page count."""
    slide = slides[at.slide]
    width, height = console.size
    head, pages, _ = layout(console, slide)
    page = at.page if 0 <= at.page < len(pages) else len(pages) - 1
    at = at._replace(page=page)
    blank: Line = [Segment(" " * width)]
    margin = Segment(" ")
    body = [[margin, *line, pad(width - 1 - Segment.get_line_length(line))] for line in pages[page]]
    lines = [*head, blank, *body]
    lines += [blank] * (height - 1 - len(lines))
    lines = [*lines[: height - 1], footer(console, at, len(slides), slide, len(pages))]
    console.control(Control.home())
    console.print(Screenful(lines), end="", crop=False)
    return len(pages)


def run_deck(console: Console, slides: Sequence[Slide], read_key: ReadKey) -> None:
    """Show the slides until q; the Console must be on the alternate screen."""
    at = Position()
    sections = [s.section for s in slides]
    counts: dict[int, int] = {}

    def pages(index: int) -> int:
        if index not in counts:
            counts[index] = len(layout(console, slides[index])[1])
        return counts[index]

    while True:
        counts.clear()  # the screen may have been resized since the last key
        counts[at.slide] = draw(console, slides, at)
        if at.page < 0:
            at = at._replace(page=counts[at.slide] - 1)
        key = read_key(None)
        if key is None or key == "resize":  # drawn again, at the new size
            continue
        moved = move(at, key, sections, pages)
        if moved is None:
            return
        at = moved


# The decks.


def section_numbers(pack: Pack) -> dict[str | None, int]:
    return {section: n for n, section, _ in sections_of(pack, pack.concepts)}


def summary_deck(pack: Pack, concepts: Sequence[Concept]) -> list[Slide]:
    """The title and source, then one concept a slide: its summary, points and quote."""
    slides = [Slide(pack.title, render.title_panel(pack))]
    for number, section, members in sections_of(pack, concepts):
        where = f"section {number} · {section}" if section else ""
        for concept in members:
            body = Group(*render.concept_parts(concept, pack)[1:])
            title = f"{concept.title}  ({concept.id})"
            slides.append(Slide(title, body, number, where))
    return slides


def brief_deck(pack: Pack, concepts: Sequence[Concept]) -> list[Slide]:
    """One section a slide: its concepts, one line each."""
    return [
        Slide(section or "General", render.brief_list(members), number, f"section {number}")
        for number, section, members in sections_of(pack, concepts)
    ]


def prompt_deck(prompts: Sequence[Prompt], pack: Pack) -> list[Slide]:
    """One prompt a slide: its audience and minutes, the prompt and its follow-ups."""
    numbers = section_numbers(pack)
    slides = []
    for prompt in prompts:
        concept = pack.concept(prompt.concept) if prompt.concept else None
        section = concept.section if concept else None
        number = numbers.get(section) if concept else None
        where = concept_title(pack, prompt.concept)
        if number is not None:
            where = f"section {number} · {where}"
        slides.append(Slide(prompt.prompt, render.prompt_details(prompt), number, where))
    return slides

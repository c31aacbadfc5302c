"""Present mode: one item a screen, for a room reading a projector (a page of the shell).

A deck is a list of slides (a concept, a prompt); each screen shows where the slide is
and its large heading, its body (which scrolls: → reads on to the end of a long body
before the next slide), and a footer (`3 / 16 · section 2`). Keys: → PgDn space next,
← PgUp back, a section's number and Enter to jump to it, Home / End, q or Esc to leave;
the shell adds blank, help and the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, NamedTuple

from rich.console import Group, RenderableType
from rich.rule import Rule
from textual.binding import Binding, BindingType

from placecli.packs.model import Concept, Pack, Prompt
from placecli.screens.shell import KeyRow, Page
from placecli.views import render
from placecli.views.layout import Hanging
from placecli.views.render import Text
from placecli.views.text import concept_title, sections_of


class Slide(NamedTuple):
    title: str
    body: RenderableType
    section: int | None = None  # the number typed to jump here
    where: str = ""  # `section 2 · Working across boundaries`


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


class DeckPage(Page):
    """The slides, one a screen, from the first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "go(0)", show=False),
        Binding("end", "go(-1)", show=False),
        Binding("enter", "jump", show=False),
        Binding("escape", "app.quit_page", show=False),
        Binding("n", "next", show=False),  # the keys present mode always had
        Binding("p", "back", show=False),
        Binding("backspace", "erase", show=False),
        *(Binding(str(n), f"digit({n})", show=False) for n in range(10)),
    ]
    KEYS: ClassVar[tuple[KeyRow, ...]] = (
        *Page.KEYS,
        ("n  p", "next, back"),
        ("Home  End", "the first or the last slide"),
        ("1 … 9, Enter", "the first slide of that section"),
        ("Esc", "quit"),
    )

    def __init__(self, slides: Sequence[Slide]) -> None:
        super().__init__()
        self.slides = slides
        self.at = 0
        self.typed = ""

    def header(self) -> RenderableType:
        return heading(self.slides[self.at])

    def body(self) -> RenderableType:
        return self.slides[self.at].body

    def status(self) -> str:
        slide = self.slides[self.at]
        left = f"{self.at + 1} / {len(self.slides)}"
        if slide.section is not None:
            left += f" · section {slide.section}"
        if self.typed:  # first: what is being typed must show on the narrowest screen
            left = f"go to section {self.typed}, Enter · {left}"
        return left

    def go(self, index: int) -> None:
        self.at = max(0, min(index, len(self.slides) - 1))
        self.typed = ""
        self.show(top=True)

    def forward(self) -> None:
        if self.at + 1 < len(self.slides):
            self.go(self.at + 1)

    def backward(self) -> None:
        if self.at > 0:
            self.go(self.at - 1)

    def action_go(self, index: int) -> None:
        self.go(index if index >= 0 else len(self.slides) - 1)

    def action_digit(self, digit: int) -> None:
        self.typed = (self.typed + str(digit))[-3:]
        self.show_footer()

    def action_erase(self) -> None:
        self.typed = self.typed[:-1]
        self.show_footer()

    def action_jump(self) -> None:
        if not self.typed:
            self.action_next()
            return
        found = [i for i, s in enumerate(self.slides) if s.section == int(self.typed)]
        self.typed = ""
        if found:
            self.go(found[0])
        else:
            self.show_footer()


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

"""Reading: `place summary`, `place concepts` and `place glossary`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from placecli.commands.packs import load

if TYPE_CHECKING:
    from rich.console import RenderableType

    from placecli.commands.presenter import Format
    from placecli.packs.model import Concept, Pack, Term
    from placecli.terminal.context import Terminal


class SummaryRequest(NamedTuple):
    content: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()
    brief: bool = False
    format: Format = "rich"
    present: bool = False
    no_pager: bool = False


class Summary(NamedTuple):
    """The pack's title and source, then the chosen concepts (or one line each)."""

    pack: Pack
    concepts: Sequence[Concept]
    brief: bool

    @property
    def width(self) -> int:
        from placecli.views.render import READING_WIDTH

        return READING_WIDTH

    def rich(self) -> RenderableType:
        from placecli.views.render import summary_view

        return summary_view(*self)

    def markdown(self) -> str:
        from placecli.views.plain import summary_markdown

        return summary_markdown(*self)

    def json(self) -> Any:
        from placecli.views.plain import summary_data

        return summary_data(*self)


def summary(request: SummaryRequest, terminal: Terminal) -> Summary | None:
    """The summary; with `present`, full screen, one concept a screen."""
    from placecli.packs.lookup import find_concepts

    if request.present:
        from placecli.commands.fullscreen import check_present

        check_present(terminal)
    pack = load(request.content, terminal)
    chosen = find_concepts(pack, request.concepts) if request.concepts else list(pack.concepts)
    if not request.present:
        return Summary(pack, chosen, request.brief)
    from placecli.commands.fullscreen import present_deck
    from placecli.screens.present import brief_deck, summary_deck

    present_deck(
        terminal, brief_deck(pack, chosen) if request.brief else summary_deck(pack, chosen)
    )
    return None


class ConceptsRequest(NamedTuple):
    content: tuple[str, ...] = ()
    format: Format = "rich"
    no_pager: bool = False


class Concepts(NamedTuple):
    """Every concept: id, title, section, and how many questions and prompts it has."""

    pack: Pack

    def rich(self) -> RenderableType:
        from placecli.views.render import concepts_table

        return concepts_table(self.pack)

    def json(self) -> Any:
        from placecli.views.plain import concepts_data

        return concepts_data(self.pack)


def concepts(request: ConceptsRequest, terminal: Terminal) -> Concepts:
    return Concepts(load(request.content, terminal))


class GlossaryRequest(NamedTuple):
    content: tuple[str, ...] = ()
    term: str | None = None
    format: Format = "rich"
    no_pager: bool = False


class Glossary(NamedTuple):
    """The terms, or the one asked for (`one`)."""

    terms: Sequence[Term]
    one: bool

    @property
    def width(self) -> int:
        from placecli.views.render import READING_WIDTH

        return READING_WIDTH

    def rich(self) -> RenderableType:
        from placecli.views import render

        return render.term_view(self.terms[0]) if self.one else render.glossary_table(self.terms)

    def markdown(self) -> str:
        from placecli.exporters.markdown import glossary_markdown

        return glossary_markdown(self.terms, level=1)

    def json(self) -> Any:
        from placecli.views.plain import terms_data

        return terms_data(self.terms)


def glossary(request: GlossaryRequest, terminal: Terminal) -> Glossary:
    from placecli.packs.lookup import find_term

    pack = load(request.content, terminal)
    if request.term:
        return Glossary([find_term(pack, request.term)], one=True)
    return Glossary(list(pack.terms), one=False)

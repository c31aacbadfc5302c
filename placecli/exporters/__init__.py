"""Exports: one module per format, each a pure function from the model to text or bytes.

`FORMATS` is the one registry: the command and its help read every format from it. Each
module named there has `export(pack, concepts, options) -> Exported`, which prints
nothing and reads nothing; questions its target cannot express come back in
`Exported.skipped` for the command to mention. Importing this package imports no
format module and no optional library: `Format.load()` does that for the one in use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple, cast

if TYPE_CHECKING:
    from placecli.packs.model import Concept, Pack, Prompt, Question, Term


class Options(NamedTuple):
    """What the person asked for besides the format and the concepts."""

    answer_key: bool = False


class Skipped(NamedTuple):
    """A question left out because the target cannot express it, and why."""

    question: str  # its id
    reason: str


class Exported(NamedTuple):
    data: str | bytes
    skipped: tuple[Skipped, ...] = ()


Exporter = Callable[["Pack", "Sequence[Concept]", Options], Exported]


class Format(NamedTuple):
    name: str
    module: str  # under placecli.exporters
    binary: bool
    media_type: str
    extension: str
    what: str  # one line for the help
    extra: str | None = None  # the optional dependency group it needs, if any
    needs: str | None = None  # the module that extra provides

    def missing_extra(self) -> str | None:
        """How to install what this format needs, or None when it is installed."""
        from importlib.util import find_spec

        if self.needs is None or find_spec(self.needs) is not None:
            return None
        return f'place export {self.name} needs {self.needs}: pip install "placecli[{self.extra}]"'

    def load(self) -> Exporter:
        module = importlib.import_module(f"{__name__}.{self.module}")
        return cast(Exporter, module.export)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("html", "html", False, "text/html", "html", "a printable handout, one file"),
        Format(
            "pdf", "pdf", True, "application/pdf", "pdf", "the handout as PDF (A4)",
            extra="pdf", needs="weasyprint",
        ),
        Format("gift", "gift", False, "text/plain", "gift", "Moodle's GIFT question format"),
        Format("anki", "anki", False, "text/tab-separated-values", "txt", "Anki's text import"),
        Format("qti", "qti", False, "text/plain", "txt", "text2qti's quiz text, for Canvas"),
        Format(
            "kahoot",
            "kahoot",
            True,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            "Kahoot!'s quiz spreadsheet",
            extra="kahoot",
            needs="xlsxwriter",
        ),
        Format("markdown", "markdown", False, "text/markdown", "md", "the handout as Markdown"),
    )
}  # fmt: skip


# What the chosen concepts bring with them; every exporter takes its records from here.


def is_everything(pack: Pack, concepts: Sequence[Concept]) -> bool:
    return len(concepts) == len(pack.concepts)


def questions_of(pack: Pack, concepts: Sequence[Concept]) -> list[Question]:
    """The questions of the chosen concepts, concept by concept in the order given."""
    by_concept: dict[str, list[Question]] = {c.id: [] for c in concepts}
    for question in pack.questions:
        if question.concept in by_concept:
            by_concept[question.concept].append(question)
    return [q for group in by_concept.values() for q in group]


def prompts_of(pack: Pack, concepts: Sequence[Concept]) -> list[Prompt]:
    """Prompts of the chosen concepts; the general ones only with every concept."""
    chosen = {c.id for c in concepts}
    everything = is_everything(pack, concepts)
    return [p for p in pack.prompts if p.concept in chosen or (everything and p.concept is None)]


def terms_of(pack: Pack, concepts: Sequence[Concept]) -> list[Term]:
    """The whole glossary with every concept, else the terms the chosen concepts use."""
    if is_everything(pack, concepts):
        return list(pack.terms)
    used = {t for c in concepts for t in c.terms}
    return [t for t in pack.terms if t.id in used]


def stable_id(pack: Pack, kind: str, record_id: str) -> str:
    """An id that stays the same while the pack and record ids do: for re-imports."""
    import hashlib

    digest = hashlib.sha256(f"place:{pack.id}:{kind}:{record_id}".encode()).hexdigest()
    return digest[:20]

"""The handout as PDF: the HTML handout laid out by WeasyPrint (the `pdf` extra), on A4.

WeasyPrint is imported here only, so no other command pays for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import Exported, Options
from .html import export as html_export

if TYPE_CHECKING:
    from ..model import Concept, Pack


def export(pack: Pack, concepts: Sequence[Concept], options: Options) -> Exported:
    from weasyprint import HTML

    page = html_export(pack, concepts, options).data
    return Exported(HTML(string=page).write_pdf())

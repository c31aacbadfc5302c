"""The handout as PDF: the HTML handout laid out by WeasyPrint (the `pdf` extra), on A4.

WeasyPrint is imported here only, so no other command pays for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from placecli.errors import UsageError
from placecli.exporters import Exported, Options
from placecli.exporters.html import export as html_export

if TYPE_CHECKING:
    from placecli.packs.model import Concept, Pack


def export(pack: Pack, concepts: Sequence[Concept], options: Options) -> Exported:
    try:
        from weasyprint import HTML
    except OSError as error:  # installed, but the system's Pango is missing
        raise UsageError(
            "WeasyPrint cannot load its system libraries; install Pango "
            f"(https://doc.courtbouillon.org/weasyprint/stable/first_steps.html): {error}"
        ) from None

    page = html_export(pack, concepts, options).data
    return Exported(HTML(string=page).write_pdf())

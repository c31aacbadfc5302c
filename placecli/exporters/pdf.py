"""The handout as PDF: the HTML handout laid out by WeasyPrint (the `pdf` extra), on A4.

WeasyPrint is imported here only, so no other command pays for it. It holds the whole
layout in memory and takes about 3 ms an element, so a handout it could not lay out
within the budget every command keeps (10 s, 500 MB; benchmarks/worst.py) is refused
before it starts, saying how to make it smaller: a 2.4 MB pack took 349 s and 2.3 GB.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from placecli.errors import UsageError
from placecli.exporters import Exported, Options
from placecli.exporters.html import export as html_export

if TYPE_CHECKING:
    from placecli.packs.model import Concept, Pack


# The built-in pack's handout with answers: about 1,100 elements, 80 KB, 42 pages.
MAX_ELEMENTS = 1_600
MAX_BYTES = 300 * 1024
_ELEMENT = re.compile("<[a-zA-Z]")  # an opening tag: text is escaped, so `<` starts a tag


def within_reach(page: str) -> None:
    """Refuse a handout too large to lay out in the budget, before WeasyPrint starts."""
    elements, size = len(_ELEMENT.findall(page)), len(page.encode("utf-8"))
    if elements <= MAX_ELEMENTS and size <= MAX_BYTES:
        return
    raise UsageError(
        f"the PDF handout would be too long to lay out ({elements:,} HTML elements, "
        f"{size // 1024:,} KB; a PDF handout has at most {MAX_ELEMENTS:,} elements and "
        f"{MAX_BYTES // 1024} KB, about 50 pages): choose concepts (place export pdf "
        "CONCEPT...), or export html and print it from a browser"
    )


def export(pack: Pack, concepts: Sequence[Concept], options: Options) -> Exported:
    page = html_export(pack, concepts, options).data
    assert isinstance(page, str)
    within_reach(page)
    try:
        from weasyprint import HTML
    except OSError as error:  # installed, but the system's Pango is missing
        raise UsageError(
            "WeasyPrint cannot load its system libraries; install Pango "
            f"(https://doc.courtbouillon.org/weasyprint/stable/first_steps.html): {error}"
        ) from None

    return Exported(HTML(string=page).write_pdf())

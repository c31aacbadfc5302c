"""What the export tests share: the packs to export, and order and match questions to add
to them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from placecli.exporters import FORMATS, Exported, Options
from placecli.packs.cache import load_packs_cached
from placecli.packs.locate import builtin_pack
from placecli.packs.model import Pack, Question

PACKS_DIR = Path(__file__).parent / "packs"
TEXT_FORMATS = [name for name, f in FORMATS.items() if not f.binary]


def load_pack(name: str) -> Pack:
    """`builtin`, or a pack under tests/packs (`hostile`, `facilitator`)."""
    path = builtin_pack() if name == "builtin" else PACKS_DIR / name
    return load_packs_cached([path], None)


def order_question(concept: str, items: tuple[str, ...], qid: str = "in-order") -> Question:
    return Question(qid, concept, "order", "Put these in order: ~ = #", items, "Why ~ {}", items)


def match_question(
    concept: str, left: tuple[str, ...], right: tuple[str, ...], qid: str = "matched"
) -> Question:
    return Question(
        qid, concept, "match", "Match <these> & {those}", right, "=Why", right, left=left
    )


def with_order_and_match(pack: Pack) -> Pack:
    """The pack with one order and one match question (3 pairs) on its first concept."""
    first = pack.concepts[0].id
    extra = (
        order_question(first, ("=First {1}", "Second ~ 2", "Third # 3")),
        match_question(first, ("<a> ~", "b = {", "c : #"), ("-one", "two & 2", "three \\")),
    )
    return pack._replace(questions=pack.questions + extra)


def export(name: str, pack: Pack, answer_key: bool = True, **_: Any) -> Exported:
    return FORMATS[name].load()(pack, pack.concepts, Options(answer_key=answer_key))

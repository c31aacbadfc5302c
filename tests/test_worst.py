"""benchmarks/worst.py measures every command on the worst packs the loader accepts: each
of them must stay legal (and at its bound), or the budgets it checks mean nothing."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from placecli.packs.locate import plans_in
from placecli.packs.pack import load_packs
from placecli.workshop.plan import check_plans

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
try:
    import worst
finally:
    sys.path.pop(0)


@pytest.mark.parametrize("name", list(worst.PACKS))
def test_each_worst_pack_is_one_the_loader_accepts(tmp_path: Path, name: str) -> None:
    write: Callable[[Path], None] = worst.PACKS[name]
    write(tmp_path / "pack")
    paths = [tmp_path / "pack"]
    if (tmp_path / "pack" / "over").is_dir():
        paths = [tmp_path / "pack" / "base", tmp_path / "pack" / "over"]
    pack = load_packs(paths)
    records = len(pack.concepts) + len(pack.questions) + len(pack.prompts) + len(pack.terms)
    assert records >= 2
    if plans_in(paths):
        assert len(check_plans(paths, pack)) == 50

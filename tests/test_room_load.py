"""The room under load, on loopback (benchmarks/room_load.py, run here with the issue's
budgets): 200 phones, then 1,000, then 50 through a chaos proxy. Each run is bounded
and stops by itself."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow


def load(phones: int, questions: int = 3, chaos: bool = False) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "benchmarks"))  # room_load imports room_chaos from there
    try:
        from room_load import run

        return asyncio.run(run(phones, questions, think=2.0, chaos=chaos))
    finally:
        sys.path.pop(0)


def clean(figures: dict[str, Any], phones: int) -> None:
    """Every answer recorded once, and the server ended well, saying nothing else."""
    assert figures["recorded"] == [phones] * 3
    assert (figures["lost"], figures["twice"], figures["devices"]) == (0, 0, phones)
    assert [r["counted"] for r in figures["rounds"]] == [phones] * 3
    assert (figures["server_exit"], figures["server_said"]) == (0, [])


def test_200_phones_reach_in_250_ms_and_are_answered_in_200(private_data: Any) -> None:
    figures = load(200)
    clean(figures, 200)
    for round_ in figures["rounds"]:
        assert round_["reach_max_ms"] <= 250, figures
        assert round_["ack_p95_ms"] <= 200, figures


def test_1000_phones_reach_in_a_second_under_150_mb(private_data: Any) -> None:
    figures = load(1000)
    clean(figures, 1000)
    assert all(r["reach_max_ms"] <= 1000 for r in figures["rounds"]), figures
    assert figures["peak_mb"] < 150, figures


def test_chaos_loses_nothing_and_counts_nothing_twice(private_data: Any) -> None:
    figures = load(50, chaos=True)
    clean(figures, 50)
    assert figures["chaos"]["cut"] > 0 and figures["chaos"]["killed"] > 0, figures
    assert figures["retries"] > 0

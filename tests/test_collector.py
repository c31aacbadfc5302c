"""When place pauses Python's garbage collector (placecli/collector.py): while it starts,
until a full screen is about to draw or a second has passed, and while it reads a pack or
lays out a result; and that the collector always runs again."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from placecli import collector


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> Iterator[collector.Pauses]:
    """Fresh pauses, and the collector as it was afterwards, whatever a test did."""
    fresh = collector.Pauses()
    monkeypatch.setattr(collector, "PAUSES", fresh)
    was = gc.isenabled()
    gc.enable()
    yield fresh
    gc.unfreeze()
    (gc.enable if was else gc.disable)()


def test_a_pause_holds_the_collector_until_it_ends(pauses: collector.Pauses) -> None:
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds it
    assert gc.isenabled()


def test_a_pause_leaves_a_collector_that_something_else_turned_off(
    pauses: collector.Pauses,
) -> None:
    gc.disable()
    with collector.paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_the_start_ends_once_and_freezes_what_it_made(pauses: collector.Pauses) -> None:
    collector.starting()
    assert not gc.isenabled()
    made = [[n] for n in range(1000)]  # objects the start makes, to live on
    collector.started()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(made)
    collector.started()  # the timer, after the shell: nothing more
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_start_ending_inside_a_pause_waits_for_it(pauses: collector.Pauses) -> None:
    collector.starting()
    with collector.paused():
        collector.started()  # the timer fires while a pack is read
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_timer_ends_the_start_for_a_command_that_never_draws(
    pauses: collector.Pauses, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collector, "START_AT_MOST", 0.05)
    collector.starting()
    collector.time_the_start()
    assert not gc.isenabled()
    deadline = time.monotonic() + 5
    while not gc.isenabled() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert gc.isenabled()


def test_a_program_that_imports_place_is_not_paused(pauses: collector.Pauses) -> None:
    collector.started()
    collector.time_the_start()
    assert gc.isenabled()
    assert not pauses.starting


PROBE = """\
import gc, sys
import placecli.cli
placecli.cli.run = lambda argv: print(gc.isenabled(), gc.get_freeze_count() > 0) or 0
sys.argv = ["place", "summary"]
from placecli.__main__ import main
main()
"""


def test_place_starts_with_the_collector_paused() -> None:
    shown = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, env=os.environ
    ).stdout
    assert shown == "False False\n"  # paused, and nothing frozen yet


def test_a_program_that_imports_place_runs_its_collector() -> None:
    probe = "import gc, placecli.cli; print(gc.isenabled())"
    shown = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=os.environ
    ).stdout
    assert shown == "True\n"

"""`place` in a real pseudo-terminal: colour on a terminal, none with NO_COLOR or TERM=dumb."""

from __future__ import annotations

import sys

import pytest

from .conftest import spawn_place

pexpect = pytest.importorskip("pexpect")
pytestmark = [pytest.mark.pty, pytest.mark.skipif(sys.platform == "win32", reason="POSIX pty")]

COLOUR = "\x1b[36m"  # the cyan of ids and rules


def run_in_pty(*args: str, **env: str) -> tuple[int, str]:
    child = spawn_place(*args, COLUMNS="100", **env)
    out: str = child.read()
    child.close()
    return child.exitstatus, out


def test_a_terminal_gets_colour() -> None:
    code, out = run_in_pty("summary", "--brief")
    assert code == 0
    assert COLOUR in out


def test_no_color_removes_colour_but_keeps_the_text() -> None:
    code, out = run_in_pty("summary", "--brief", NO_COLOR="1")
    assert code == 0
    assert COLOUR not in out
    assert "compete-to-collaborate" in out


def test_dumb_terminal_gets_no_escapes_at_all() -> None:
    code, out = run_in_pty("summary", "--brief", TERM="dumb")
    assert code == 0
    assert "\x1b" not in out
    assert "cultural-conundrum" in out


def test_the_quiz_reads_lines_with_line_editing() -> None:
    # Without a line editor, Left would reach the quiz as "\x1b[D" and the answer could
    # not be read ("Sorry, ..."); with readline it moves the cursor.
    child = spawn_place("quiz", "--seed", "1", "--count", "1", NO_COLOR="1")
    child.expect("or q to quit: ")
    child.send("\x1b[D\x1b[DA\x1b[C\r")
    child.expect("Score|score")
    out: str = child.before + child.read()
    child.close()
    assert child.exitstatus == 0
    assert "Sorry" not in out

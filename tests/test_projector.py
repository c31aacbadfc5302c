"""On the projector: the quiz's pause, the pager, present mode, the timer, narrow screens.

The loops are tested directly with a list of keys and a fake clock; then `place` runs in
a real pseudo-terminal at 50x20, 80x24 and 120x40, and the terminal's own settings are
read back from the pty after it exits (tcgetattr on the leader side sees the follower's).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from placecli.cli import app
from placecli.packs.locate import builtin_pack
from placecli.packs.pack import load_packs
from placecli.quiz.engine import Quiz, draw
from placecli.screens import timer
from placecli.terminal import context, pager
from placecli.terminal.theme import rich_theme
from placecli.views.render import result_view

from .conftest import spawn_sized

PACK = load_packs([builtin_pack()])
SIZES = [(20, 50), (24, 80), (40, 120)]  # rows, columns
SIZE_IDS = ["50x20", "80x24", "120x40"]
ALT_ON, ALT_OFF, CURSOR_ON = "\x1b[?1049h", "\x1b[?1049l", "\x1b[?25h"
RIGHT, LEFT = "\x1b[C", "\x1b[D"


def console(width: int = 50, height: int = 20) -> Console:
    return Console(
        file=io.StringIO(),
        width=width,
        height=height,
        force_terminal=True,
        color_system=None,
        theme=rich_theme("dark"),
    )


def scripted(*pressed: str | None) -> Iterator[str | None]:
    yield from pressed


# The discussion timer's clock, and its digits.


def test_the_countdown_pauses_and_takes_a_minute_more_or_less() -> None:
    count = timer.Countdown(120, started=0.0)
    assert count.left(30) == 90
    count.pause(30)
    assert count.left(90) == 90  # paused: time stands still
    count.pause(90)
    assert count.left(100) == 80
    count.add(60)
    assert count.left(100) == 140
    count.add(-180)
    assert count.left(100) < 0  # a minute less than was left: the time is up
    assert count.warning(100)


def test_the_digits_turn_to_the_warning_in_the_last_fifth() -> None:
    count = timer.Countdown(1200, started=0.0)
    assert not count.warning(959)
    assert count.warning(960)


# The timer loop, with a fake clock.


@pytest.mark.parametrize(
    ("text", "scale", "rows", "width"), [("15:00", 1, 5, 34), ("15:00", 2, 10, 68)]
)
def test_large_digits(text: str, scale: int, rows: int, width: int) -> None:
    drawn = timer.big(text, scale)
    assert len(drawn) == rows
    assert max(len(r) for r in drawn) == width == timer.big_width(text, scale)
    assert set("".join(drawn)) == {"█", " "}


@pytest.mark.parametrize(
    ("seconds", "label"), [(900, "15 min"), (90, "1:30"), (45, "45 s"), (3600, "60 min")]
)
def test_minutes_label(seconds: float, label: str) -> None:
    assert timer.minutes_label(seconds) == label


# The pager.


@pytest.mark.parametrize(
    ("env", "command"),
    [
        ({}, "less -FRX"),
        ({"PAGER": "more"}, "more"),
        ({"PAGER": "more", "PLACE_PAGER": "most"}, "most"),
        ({"PAGER": "more", "PLACE_PAGER": ""}, None),
        ({"PAGER": ""}, None),
        ({"PAGER": "cat"}, None),
    ],
    ids=str,
)
def test_the_pager_s_command(env: dict[str, str], command: str | None) -> None:
    assert context.pager_of(env) == command


def test_only_output_taller_than_the_screen_is_paged() -> None:
    assert not pager.needs_paging("x\n" * 23, 24)
    assert pager.needs_paging("x\n" * 24, 24)


# The quiz report fits one screen.


def test_the_quiz_report_fits_80x24_when_every_answer_was_wrong() -> None:
    game = Quiz(draw(PACK, 10, [], 4))
    while game.current is not None:
        game.unanswered()
    screen = console(80, 24)
    screen.print(result_view(game, PACK))
    lines = screen.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert len(lines) <= 20
    at = lines.index("Read again the 10 concepts with a wrong answer:")
    assert lines[at + 1].startswith("place summary new-jargon ")


def test_scripted_answers_never_wait(runner: CliRunner) -> None:
    result = runner.invoke(app, ["quiz", "--seed", "3", "-n", "3"], input="a\nb\nt\n")
    assert result.exit_code == 0
    assert "Enter for the next question" not in result.stdout
    assert result.stdout.count("Question ") == 3


@pytest.mark.parametrize("command", [["summary"], ["reflect"], ["quiz"]], ids=str)
def test_present_without_a_terminal_is_a_usage_error(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--present"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --present needs a terminal")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["summary", "--present", "-f", "json"], "--present shows the screen view"),
        (["reflect", "--present", "--journal", "j.md"], "--present and --journal"),
        (["quiz", "--present", "--answer-key"], "--present asks the questions"),
    ],
    ids=str,
)
def test_present_with_what_it_cannot_show(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_prompt_id_chooses_that_prompt(runner: CliRunner) -> None:
    prompt = PACK.prompts[3]
    result = runner.invoke(app, ["reflect", prompt.id])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count(" min ") + result.stdout.count(" · ") >= 1
    assert prompt.prompt.split()[0] in result.stdout
    assert result.stdout.count("↳") == len(prompt.follow_ups)


# In a real terminal.

pexpect = pytest.importorskip("pexpect")


def restored(child: Any) -> bool:
    """The terminal's line mode and echo are back (read on the leader side)."""
    flags = termios.tcgetattr(child.child_fd)[3]
    return bool(flags & termios.ICANON and flags & termios.ECHO)


@pytest.mark.pty
@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_pty_the_quiz_waits_after_each_explanation(size: tuple[int, int]) -> None:
    child = spawn_sized(size, "quiz", "--seed", "3", "-n", "3")  # first: a true statement
    child.expect("or q to quit: ")
    child.sendline("t")
    child.expect("Right|Not this time")
    child.expect("Enter for the next question, q to stop: ")
    assert "Question 2" not in child.before
    child.sendline("")
    child.expect("Question 2 of 3")
    child.expect("or q to quit: ")
    child.sendline("a")
    child.expect("Enter for the next question, q to stop: |Sorry")
    child.sendline("q")
    child.expect(r"Score: \d of \d")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.pty
@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_pty_present_mode_keys(size: tuple[int, int]) -> None:
    child = spawn_sized(size, "summary", "--present")
    child.expect_exact(ALT_ON)
    child.expect(r" 1 / 17 ")
    child.send(RIGHT)
    child.expect(r" 2 / 17 · section 1")
    child.send("3")
    child.expect("go to section 3")
    child.send("\r")
    child.expect(r" 9 / 17 · section 3")
    child.send(LEFT)
    child.expect(r" 8 / 17 · section 2")
    child.send("\x1b[F")  # End
    child.expect(r" 17 / 17 · section 4")
    child.send(LEFT)
    child.expect(r" 16 / 17 · section 4")
    child.send("q")
    child.expect_exact(ALT_OFF)
    child.expect(pexpect.EOF)
    assert restored(child)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.pty
def test_pty_present_mode_on_a_terminal_that_says_it_has_no_size() -> None:
    """`script` run with no terminal of its own gives a terminal of 0 by 0. The screen is
    drawn at 80x24 and then stays still: Textual and Rich guessed different sizes, and the
    page was laid out again and again, one guess after the other, for ever."""
    child = spawn_sized((0, 0), "summary", "--present")
    child.expect_exact(ALT_ON)
    child.expect_exact("\x1b[24;1H")  # the footer, on the last of 24 lines
    child.expect(r" 1 / 17 ")
    drawn, until = 0, time.monotonic() + 1.5
    while time.monotonic() < until:
        with contextlib.suppress(pexpect.TIMEOUT):
            drawn += len(child.read_nonblocking(65536, timeout=0.2))
    assert drawn < 20_000  # at most a frame or two more (the loop drew ~500 KB a second)
    child.send("q")
    child.expect_exact(ALT_OFF)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.pty
def test_pty_ctrl_c_in_present_mode_restores_the_terminal() -> None:
    child = spawn_sized((24, 80), "reflect", "--present")
    child.expect(r" 1 / \d+ · section")
    child.sendintr()
    child.expect_exact(ALT_OFF)
    child.expect("Stopped with Ctrl-C.")
    child.expect(pexpect.EOF)
    assert restored(child)
    child.close()
    assert child.exitstatus == 130


BROKEN_PAGE = """\
from placecli.commands.fullscreen import full_screen
from placecli.packs.locate import builtin_pack
from placecli.packs.pack import load_packs
from placecli.screens.present import DeckPage, summary_deck
from placecli.terminal.context import from_process

class Broken(DeckPage):
    def on_mount(self):
        raise RuntimeError("a bug in the middle of present mode")

pack = load_packs([builtin_pack()])
full_screen(from_process(), Broken(summary_deck(pack, list(pack.concepts))))
"""


def spawn_script(code: str) -> Any:
    """A Python script that starts a full screen, in a pseudo-terminal of 80x24."""
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return pexpect.spawn(
        sys.executable,
        ["-c", code],
        env={**environ, "TERM": "xterm-256color"},
        encoding="utf-8",
        codec_errors="replace",
        dimensions=(24, 80),
        timeout=60,
    )


COLLECTING_PAGE = """\
import gc, sys
from placecli import collector
from placecli.commands.fullscreen import full_screen
from placecli.packs.locate import builtin_pack
from placecli.packs.pack import load_packs
from placecli.screens.present import DeckPage, summary_deck
from placecli.terminal.context import from_process

collector.starting()  # as `place` starts
collector.START_AT_MOST = 600.0  # no timer: the shell alone must end the start
collector.time_the_start()

seen = []

class Seen(DeckPage):
    def on_mount(self):
        super().on_mount()
        seen.append(f"collecting: {gc.isenabled()}, frozen: {gc.get_freeze_count() > 0}")
        self.leave()

pack = load_packs([builtin_pack()])
full_screen(from_process(), Seen(summary_deck(pack, list(pack.concepts))))
print(*seen)
"""


@pytest.mark.pty
def test_pty_a_full_screen_runs_with_the_collector_on() -> None:
    """place starts with the garbage collector paused (placecli/collector.py); the shell
    turns it on before it draws, so that a long session (the room) is collected."""
    child = spawn_script(COLLECTING_PAGE)
    child.expect(r"collecting: (\w+), frozen: (\w+)")
    assert child.match.groups() == ("True", "True")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.pty
def test_pty_a_bug_in_a_full_screen_restores_the_terminal_then_goes_on() -> None:
    """A bug in the middle of a page, on a real pseudo-terminal: the terminal's settings
    and the main screen come back, and the error goes on to the caller (the error
    boundary) without Textual's traceback, locals and all, drawn on the room's screen."""
    child = spawn_script(BROKEN_PAGE)
    child.logfile_read = io.StringIO()
    child.expect(pexpect.EOF)
    written = child.logfile_read.getvalue()
    error = written.find("RuntimeError: a bug in the middle of present mode")
    assert -1 < written.rfind(ALT_OFF) < error
    assert "locals" not in written  # Textual's own traceback shows each frame's locals
    assert restored(child)
    child.close()
    assert child.exitstatus == 1


@pytest.mark.pty
@pytest.mark.parametrize(
    ("name", "code", "how"),
    [("SIGTERM", 143, "by SIGTERM"), ("SIGHUP", 129, "as the terminal was closed (SIGHUP)")],
    ids=["sigterm", "sighup"],
)
@pytest.mark.parametrize("mode", ["present", "timer"])
def test_pty_a_signal_in_a_full_screen_mode_restores_the_terminal(
    name: str, code: int, how: str, mode: str
) -> None:
    """issue 23, Low 2: SIGTERM or SIGHUP left echo off, the alternate screen on and the
    cursor hidden; they now end a full-screen mode as Ctrl-C does."""
    import signal

    args = ["summary", "--present"] if mode == "present" else ["reflect", "--timer", "5"]
    child = spawn_sized((24, 80), *args)
    child.expect(r" 1 / \d+ " if mode == "present" else "q stop")
    child.kill(getattr(signal, name))
    child.expect(pexpect.EOF)
    rest = child.before
    if name == "SIGTERM":  # after SIGHUP the terminal is gone: place writes nothing more
        assert ALT_OFF in rest, rest
        plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", rest)
        assert plain.rstrip().endswith(f"Stopped {how}."), rest
    assert "Traceback" not in rest
    assert restored(child)
    child.close()
    assert child.exitstatus == code


@pytest.mark.pty
def test_pty_ctrl_d_leaves_present_mode_like_q() -> None:
    child = spawn_sized((24, 80), "summary", "--present")
    child.expect(r" 1 / 17 ")
    child.send("\x04")
    child.expect_exact(ALT_OFF)
    child.expect(pexpect.EOF)
    assert restored(child)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.pty
def test_pty_present_quiz_reveals_and_keeps_the_report() -> None:
    child = spawn_sized((20, 50), "quiz", "--present", "--seed", "3", "-n", "1")  # a true statement
    child.expect_exact(ALT_ON)
    child.expect("seed 3")
    child.expect("Answer t")
    child.send("t\r")
    child.expect("Right")
    child.send("\r")
    child.expect(r"Score: 1 of 1")
    child.send("q")
    child.expect_exact(ALT_OFF)
    child.expect(r"Score: 1 of 1")  # again, on the screen the room comes back to
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


PAGER_SCRIPT = "import sys\nopen(sys.argv[1], 'w', encoding='utf-8').write(sys.stdin.read())\n"


@pytest.fixture
def recorder(tmp_path: Path) -> tuple[str, Path]:
    script = tmp_path / "pager.py"
    script.write_text(PAGER_SCRIPT, encoding="utf-8")
    given = tmp_path / "given.txt"
    return f"{sys.executable} {script} {given}", given


@pytest.mark.pty
@pytest.mark.parametrize(
    "command",
    [
        ["glossary"],
        ["summary"],
        ["concepts"],
        ["reflect"],
        ["quiz", "--answer-key"],
        ["quiz", "--help"],
        ["help", "run"],
        ["--help"],
    ],
    ids=str,
)
def test_pty_long_output_goes_through_the_pager(
    recorder: tuple[str, Path], command: list[str]
) -> None:
    pager_command, given = recorder
    child = spawn_sized((24, 80), *command, PLACE_PAGER=pager_command)
    shown = child.read()
    child.close()
    assert child.exitstatus == 0
    text = given.read_text(encoding="utf-8")
    assert text.count("\n") > 24
    assert "\x1b[" in text  # colours kept for the pager
    assert len(shown) < 200  # nothing but the pager's own output reached the terminal


@pytest.mark.pty
@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["glossary", "--no-pager"], {}),
        (["glossary"], {"PLACE_PAGER": ""}),
        (["glossary", "STP"], {}),  # short: it fits the screen
    ],
    ids=str,
)
def test_pty_no_pager(recorder: tuple[str, Path], args: list[str], env: dict[str, str]) -> None:
    pager_command, given = recorder
    environ = {"PAGER": pager_command, **env}
    child = spawn_sized((24, 80), *args, **environ)
    shown = child.read()
    child.close()
    assert child.exitstatus == 0
    assert not given.exists()
    assert "Sustainability and transformation" in shown


@pytest.mark.pty
def test_pty_help_that_fits_the_screen_is_not_paged(recorder: tuple[str, Path]) -> None:
    pager_command, given = recorder
    child = spawn_sized((40, 80), "help", "help", PLACE_PAGER=pager_command)
    shown = child.read()
    child.close()
    assert child.exitstatus == 0
    assert not given.exists()
    assert "Usage: place help [OPTIONS] [COMMAND]" in re.sub(r"\x1b\[[0-9;]*m", "", shown)


@pytest.mark.pty
def test_pty_help_at_50_columns_is_paged_whole(recorder: tuple[str, Path]) -> None:
    """The pager gets the help laid out for the screen: 50 columns, every line whole."""
    pager_command, given = recorder
    child = spawn_sized((20, 50), "run", "--help", PLACE_PAGER=pager_command)
    child.read()
    child.close()
    assert child.exitstatus == 0
    lines = re.sub(r"\x1b\[[0-9;]*m", "", given.read_text(encoding="utf-8")).splitlines()
    assert max(len(line) for line in lines) == 50
    assert any("--end-time" in line for line in lines)


@pytest.mark.parametrize("args", [["glossary"], ["quiz", "--help"]], ids=str)
def test_piped_output_is_never_paged(recorder: tuple[str, Path], args: list[str]) -> None:
    import subprocess

    pager_command, given = recorder
    env = {**os.environ, "PLACE_PAGER": pager_command}
    result = subprocess.run(
        [sys.executable, "-m", "placecli", *args], capture_output=True, env=env, check=False
    )
    assert result.returncode == 0
    assert not given.exists()
    assert result.stdout.count(b"\n") > 24
    assert b"\x1b[" not in result.stdout


@pytest.mark.pty
@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_pty_the_timer_s_keys(size: tuple[int, int]) -> None:
    child = spawn_sized(size, "reflect", "learning-journey", "--timer", "1m")
    child.expect(r"prompt 1 / 1 · [01]:\d\d left")
    child.send("p")
    child.expect("paused")
    child.send("p")
    child.send("+")
    child.expect(r"1:5\d left|2:00 left")
    child.send("-")
    child.send("-")
    child.expect_exact("\x07")  # the bell
    child.expect(r"Time\.")
    child.send("\r")
    child.expect_exact(ALT_OFF)
    child.expect("Discussed 1 of 1 prompts.")
    child.expect(pexpect.EOF)
    assert restored(child)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.pty
def test_pty_the_timer_runs_after_each_prompt_in_turn() -> None:
    child = spawn_sized(
        (24, 80), "reflect", "learning-journey", "local-specificity", "--timer", "auto"
    )
    child.expect(r"prompt 1 / \d")
    first = child.before
    child.send("\r")  # Enter moves on before the time is up
    child.expect(r"prompt 2 / \d")
    child.send("q")
    child.expect("Discussed 2 of")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "(suggested" not in first  # auto: the prompt's own minutes


@pytest.mark.pty
@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_pty_narrow_screens_never_cut_an_id(size: tuple[int, int]) -> None:
    for args in (["summary", "--brief"], ["concepts"], ["reflect"]):
        child = spawn_sized(size, *args, "--no-pager")
        shown = child.read()
        child.close()
        assert child.exitstatus == 0
        assert "leadership-for-collaboration" in re.sub(r"\x1b\[[0-9;]*m", "", shown)
        assert "…" not in shown


@pytest.mark.parametrize(("width", "least"), [(80, 45), (100, 65), (120, 65)])
def test_glossary_definitions_get_most_of_the_width(width: int, least: int) -> None:
    from placecli.views.render import glossary_table

    screen = console(width, 24)
    screen.print(glossary_table(list(PACK.terms)))
    lines = screen.file.getvalue().splitlines()  # type: ignore[attr-defined]
    first = next(line for line in lines if "In general and policy usage" in line)
    definition = first.split("│")[2].strip()
    assert len(definition) >= least
    assert len(first) <= width


def test_below_70_columns_the_glossary_is_a_stacked_list() -> None:
    from placecli.views.render import glossary_table

    screen = console(69, 24)
    screen.print(glossary_table(list(PACK.terms)))
    out = screen.file.getvalue()  # type: ignore[attr-defined]
    assert "│" not in out
    assert "\nPlace-based leadership\n   In general usage (the article never" in out


@pytest.mark.pty
def test_pty_a_long_validate_report_goes_through_the_pager(
    recorder: tuple[str, Path], make_pack: Any
) -> None:
    from .test_lint import FAIR, question, questions

    many = "".join(
        question(f"x{n}", "Which one?", ["Red", "All of the above", "Blue"], "Blue")
        for n in range(15)
    )
    pack = make_pack(questions(FAIR, many))
    pager_command, given = recorder
    child = spawn_sized((24, 80), "validate", str(pack), PLACE_PAGER=pager_command)
    child.read()
    child.close()
    assert child.exitstatus == 0
    text = re.sub(r"\x1b\[[0-9;]*m", "", given.read_text(encoding="utf-8"))
    assert text.count("warning [all-of-the-above]") == 15
    assert "/pack/questions.yaml:" in text  # a path is never broken across lines
    assert re.search(
        r"pack: valid, 2 concepts, 19 questions, 2 prompts, 0 terms; \d+ warnings", text
    )


@pytest.mark.pty
def test_pty_present_on_a_dumb_terminal_is_a_usage_error() -> None:
    child = spawn_sized((24, 80), "summary", "--present", TERM="dumb")
    shown = child.read()
    child.close()
    assert child.exitstatus == 2
    assert shown.startswith("Error: --present needs a terminal")
    assert "\x1b" not in shown


@pytest.mark.pty
def test_pty_present_mode_redraws_when_the_terminal_is_resized() -> None:
    child = spawn_sized((20, 30), "summary", "--present")
    child.expect(r" 1 / 17 ")
    child.expect_exact("→ ← ? q")
    child.setwinsize(40, 120)  # the laptop is plugged into the projector
    child.expect_exact("→ next  ← back  ? keys  q quit")  # the footer's whole keys
    child.send("q")
    child.expect(pexpect.EOF)
    assert restored(child)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.pty
@pytest.mark.parametrize(
    ("theme", "wanted"), [("light", "\x1b[38;5;20m"), ("dark", "\x1b[1;96m"), ("plain", "\x1b[1m")]
)
def test_pty_help_takes_the_theme_s_looks(theme: str, wanted: str) -> None:
    child = spawn_sized((40, 100), "quiz", "--help", PLACE_THEME=theme, PLACE_PAGER="")
    shown = child.read()
    child.close()
    assert child.exitstatus == 0
    assert wanted in shown
    colours = set(re.findall(r"\x1b\[(?:[0-9]+;)*(3[0-7]|9[0-7]|38;5;[0-9]+)m", shown))
    allowed = {"light": {"38;5;20", "38;5;240", "38;5;160"}, "dark": {"96", "37", "36", "91"}}
    assert colours <= allowed.get(theme, set()), colours


@pytest.mark.parametrize(
    "command",
    ['"unterminated', "no-such-pager-anywhere", "/dev/null"],
    ids=["syntax", "missing", "not-executable"],
)
def test_a_pager_that_cannot_start_leaves_the_text_to_be_printed(command: str) -> None:
    from placecli.terminal.pager import run_pager

    assert run_pager(command, "some text\n", "utf-8", os.environ, sys.stdout) is False

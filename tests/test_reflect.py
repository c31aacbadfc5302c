"""Reflection: prompt selection, journal entries, a journal that never loses a word, the timer."""

from __future__ import annotations

import datetime as dt
import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from placecli import reflect
from placecli.cli import app
from placecli.errors import UsageError
from placecli.locate import builtin_pack
from placecli.model import Pack, Prompt
from placecli.pack import load_packs
from placecli.theme import rich_theme

from .conftest import ROOT, run_strict, spawn_place

WHEN = dt.datetime(2026, 3, 4, 9, 5)
PROMPT = Prompt(id="p", prompt="Where do  old rivalries\nlinger?", concept="c")


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_packs([builtin_pack()])


def test_selection_by_concept_and_audience(pack: Pack) -> None:
    groups = reflect.select_prompts(pack, audience="group")
    assert groups and all(p.audience == "group" for p in groups)
    chosen = reflect.select_prompts(pack, ["compete-to-collaborate"], "group")
    assert [p.id for p in chosen] == ["tensions-we-remove"]
    order = [c.id for c in pack.concepts]
    everything = reflect.select_prompts(pack)
    assert [order.index(p.concept or "") for p in everything] == sorted(
        order.index(p.concept or "") for p in everything
    )


def test_random_is_one_prompt_and_repeatable(pack: Pack) -> None:
    first = reflect.select_prompts(pack, rng=random.Random(5))
    assert len(first) == 1
    assert reflect.select_prompts(pack, rng=random.Random(5)) == first
    picks = {reflect.select_prompts(pack, rng=random.Random(s))[0].id for s in range(20)}
    assert len(picks) > 5


def test_no_matching_prompts_is_a_usage_error(pack: Pack) -> None:
    with pytest.raises(
        UsageError, match="the pack has no prompts for audience pair on cultural-conundrum"
    ):
        reflect.select_prompts(pack, ["cultural-conundrum"], "pair")


def test_journal_entry_format() -> None:
    entry = reflect.journal_entry(PROMPT, "Culture", "Line one\n\nLine two\n", WHEN)
    assert entry == (
        "## 2026-03-04 09:05 · Culture\n\n"
        "### Where do old rivalries linger?\n\n"
        "Line one\n\nLine two\n\n"
    )
    unfinished = reflect.journal_entry(PROMPT, "Culture", "Half", WHEN, unfinished=True)
    assert unfinished.startswith(
        "## 2026-03-04 09:05 · Culture (unfinished: stopped with Ctrl-C)\n"
    )


def test_append_keeps_every_old_byte(tmp_path: Path) -> None:
    journal = tmp_path / "journal.md"
    reflect.append_to_journal(journal, "first\n")
    assert journal.read_text() == "# Reflection journal\n\nfirst\n"
    old = b"# Mine\n\xc3\xa9 \r\n odd bytes kept \x00\n"
    journal.write_bytes(old)
    journal.chmod(0o600)
    reflect.append_to_journal(journal, "second\n")
    assert journal.read_bytes() == old + b"second\n"
    assert journal.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.md"]


def test_a_linked_journal_stays_a_link(tmp_path: Path) -> None:
    target = tmp_path / "synced" / "journal.md"
    target.parent.mkdir()
    target.write_text("kept\n")
    link = tmp_path / "journal.md"
    link.symlink_to(target)
    reflect.append_to_journal(link, "new\n")
    assert link.is_symlink()
    assert target.read_text() == "kept\nnew\n"


def fail_with(error: BaseException) -> Any:
    def fail(*args: object, **kwargs: object) -> None:
        raise error

    return fail


@pytest.mark.parametrize(
    ("target", "error", "raised"),
    [
        ("os.fdopen", OSError(errno.EIO, "I/O error"), UsageError),
        ("os.fsync", OSError(errno.ENOSPC, "No space left on device"), UsageError),
        ("pathlib.Path.chmod", OSError(errno.EPERM, "Operation not permitted"), UsageError),
        ("pathlib.Path.replace", OSError(errno.EXDEV, "Invalid cross-device link"), UsageError),
        ("os.fsync", KeyboardInterrupt(), KeyboardInterrupt),
        ("pathlib.Path.replace", KeyboardInterrupt(), KeyboardInterrupt),
    ],
    ids=["open", "disk-full", "chmod", "replace", "ctrl-c-at-fsync", "ctrl-c-at-replace"],
)
def test_a_failed_write_leaves_the_old_journal_intact(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    error: BaseException,
    raised: type[BaseException],
) -> None:
    journal = tmp_path / "journal.md"
    journal.write_bytes(b"# Reflection journal\n\nan earlier entry\n")
    monkeypatch.setattr(target, fail_with(error))
    with pytest.raises(raised) as caught:
        reflect.append_to_journal(journal, "new entry\n")
    monkeypatch.undo()
    assert journal.read_bytes() == b"# Reflection journal\n\nan earlier entry\n"
    assert [p.name for p in tmp_path.iterdir()] == ["journal.md"]
    if raised is UsageError:
        assert "the journal is unchanged" in str(caught.value)


KILLER = """
import sys
from pathlib import Path
from placecli.reflect import append_to_journal
journal = Path(sys.argv[1])
n = 0
while True:
    n += 1
    append_to_journal(journal, f"<entry {n}>" + "x" * 200_000 + f"</entry {n}>\\n")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_kill_at_any_moment_leaves_a_whole_journal(tmp_path: Path) -> None:
    journal = tmp_path / "journal.md"
    rng = random.Random(0)
    for _ in range(6):
        child = subprocess.Popen([sys.executable, "-c", KILLER, str(journal)], cwd=ROOT)
        deadline = time.monotonic() + 10
        while not journal.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.random() * 0.3)  # then kill at some moment among the appends
        child.send_signal(signal.SIGKILL)
        child.wait()
        text = journal.read_text()
        assert text.startswith("# Reflection journal\n\n")
        entries = text.removeprefix("# Reflection journal\n\n").splitlines()
        assert entries
        for line in entries:
            assert line.startswith("<entry ") and line.endswith(">") and "</entry " in line
    leftovers = [p for p in tmp_path.iterdir() if p.name != "journal.md"]
    assert all(p.name.startswith(".journal.md.") for p in leftovers)  # only killed temps
    for leftover in leftovers:  # age them past the minute, then save once more
        os.utime(leftover, (time.time() - 120, time.time() - 120))
    before = journal.read_bytes()
    reflect.append_to_journal(journal, "after the kills\n")
    assert journal.read_bytes() == before + b"after the kills\n"
    assert [p.name for p in tmp_path.iterdir()] == ["journal.md"]


def test_a_young_temporary_file_is_left_alone(tmp_path: Path) -> None:
    journal = tmp_path / "journal.md"
    young = tmp_path / ".journal.md.abc123.tmp"
    young.write_text("another place writing now")
    reflect.append_to_journal(journal, "entry\n")
    assert young.exists()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing" / "j.md", "the folder {d}/missing does not exist"),
        (lambda d: d / "file.txt" / "j.md", "{d}/file.txt is not a folder"),
        (lambda d: d, "it is a folder"),
    ],
    ids=["no-folder", "folder-is-a-file", "path-is-a-folder"],
)
def test_an_unwritable_journal_fails_before_any_prompt(
    runner: CliRunner, tmp_path: Path, make: Any, message: str
) -> None:
    (tmp_path / "file.txt").write_text("x")
    path = make(tmp_path)
    result = runner.invoke(app, ["reflect", "--journal", str(path)], input="typed\n\n")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message.format(d=tmp_path) in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.skipif(
    os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root may write anywhere"
)
def test_a_read_only_folder_fails_before_any_prompt(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    result = runner.invoke(app, ["reflect", "--journal", str(folder / "j.md")])
    assert result.exit_code == 2
    assert "no permission to write" in result.stderr


def test_read_only_folder_check_uses_access(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "access", lambda *args: False)
    with pytest.raises(UsageError, match="no permission to write in"):
        reflect.check_journal(tmp_path / "j.md")


def test_reflect_shows_prompts_grouped_by_concept(runner: CliRunner) -> None:
    result = runner.invoke(app, ["reflect", "compete", "cultural"])
    assert result.exit_code == 0
    out = result.stdout
    assert out.index("From 'compete' to 'collaborate'") < out.index("The greatest conundrum")
    assert "individual · 10 min" in out and "group · 20 min" in out
    assert "↳ Who benefits from the tension staying as it is?" in out


def test_reflect_unknown_concept_and_bad_audience(runner: CliRunner) -> None:
    unknown = runner.invoke(app, ["reflect", "cultral-conundrum"])
    assert unknown.exit_code == 2
    assert 'did you mean "cultural-conundrum"?' in unknown.stderr
    bad = runner.invoke(app, ["reflect", "--audience", "team"])
    assert bad.exit_code == 2


def test_random_with_seed_through_the_cli(runner: CliRunner) -> None:
    first = runner.invoke(app, ["reflect", "--random", "--seed", "3"]).stdout
    assert first == runner.invoke(app, ["reflect", "--random", "--seed", "3"]).stdout
    assert first.count("↳") <= 3 and first.count(" min") == 1


def test_journal_through_the_cli(runner: CliRunner, tmp_path: Path) -> None:
    journal = tmp_path / "j.md"
    journal.write_text("# Kept\n\nold words\n")
    typed = "Our data sharing.\nStill guarded.\n\n\nThe merger talks.\n"
    result = runner.invoke(app, ["reflect", "compete", "--journal", str(journal)], input=typed)
    assert result.exit_code == 0
    assert result.stdout.count(f"Saved to {journal}.") == 1
    assert result.stdout.count("Nothing written for this prompt.") == 1
    text = journal.read_text()
    assert text.startswith("# Kept\n\nold words\n## ")
    assert "### Which habits from the years of competition" in text
    assert "Our data sharing.\nStill guarded.\n" in text
    assert "The merger talks." not in text  # the second prompt got an empty response
    assert "an empty line finishes it" in result.stdout


def test_end_of_input_saves_the_response_typed(runner: CliRunner, tmp_path: Path) -> None:
    journal = tmp_path / "j.md"
    result = runner.invoke(app, ["reflect", "compete", "-j", str(journal)], input="No newline")
    assert result.exit_code == 0
    assert "End of input." in result.stdout
    assert journal.read_text().endswith("No newline\n\n")


def test_undecodable_bytes_do_not_lose_the_response(tmp_path: Path) -> None:
    journal = tmp_path / "j.md"
    result = run_strict("reflect", "cultural", "-j", str(journal), stdin=b"caf\xe9 words\nmore\n\n")
    assert result.returncode == 0, result.stderr
    assert "caf\ufffd words\nmore\n" in journal.read_text(encoding="utf-8")


def test_countdown_with_an_injected_clock() -> None:
    now = [100.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    ticks = list(reflect.countdown(2.5, lambda: now[0], sleep))
    assert ticks == [2.5, 1.5, 0.5, 0.0]
    assert now[0] == 102.5
    assert reflect.clock_text(75.4) == "01:15"


def test_timer_through_the_cli(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    now = [0.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    monkeypatch.setattr(time, "sleep", lambda s: now.__setitem__(0, now[0] + s))
    result = runner.invoke(app, ["reflect", "cultural", "--timer", "2"])
    assert result.exit_code == 0
    assert now[0] == 120.0
    assert "Discussion timer: 02:00." in result.stdout
    assert "Time is up." in result.stdout


@pytest.mark.parametrize(
    ("duration", "message"),
    [
        ("0", "5 seconds to 24 hours"),
        ("4s", "5 seconds to 24 hours"),
        ("1441", "5 seconds to 24 hours"),
        ("25h", "5 seconds to 24 hours"),
        ("-3", "a duration like"),
        ("nan", "a duration like"),
        ("inf", "a duration like"),
        ("1e308", "a duration like"),
        ("1:75", "a duration like"),
        ("15 parsecs", "a duration like"),
    ],
)
def test_timer_out_of_range_is_a_usage_error(
    runner: CliRunner, duration: str, message: str
) -> None:
    result = runner.invoke(app, ["reflect", "cultural", "--timer", duration])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: --timer takes ")
    assert message in result.stderr.splitlines()[0]


@pytest.mark.parametrize(
    ("duration", "seconds"),
    [("15", 900), ("15m", 900), ("90s", 90), ("1:30", 90), ("1h", 3600), ("2.5m", 150)],
)
def test_timer_durations(duration: str, seconds: float) -> None:
    assert reflect.parse_duration(duration) == seconds


def test_shipped_prompts_cover_every_concept_and_audience(pack: Pack) -> None:
    assert len(pack.prompts) >= 20
    assert all(pack.prompts_for(c.id) for c in pack.concepts)
    assert {p.audience for p in pack.prompts} == {"individual", "pair", "group"}
    assert all(p.minutes for p in pack.prompts)


# In a real terminal.

pexpect = pytest.importorskip("pexpect")


@pytest.mark.pty
def test_pty_two_responses_then_ctrl_c_keeps_them(tmp_path: Path) -> None:
    journal = tmp_path / "journal.md"
    child = spawn_place("reflect", "-a", "individual", "-j", str(journal), NO_COLOR="1")
    child.expect("Prompt 1 of ")
    child.expect("an empty line finishes it")
    child.sendline("First answer, line one")
    child.sendline("line two")
    child.sendline("")
    child.expect("Saved to")
    child.expect("Prompt 2 of ")
    child.expect("an empty line finishes it")
    child.sendline("Second answer")
    child.sendline("")
    child.expect("Saved to")
    child.expect("Prompt 3 of ")
    child.expect("an empty line finishes it")
    child.sendline("Half a thought")
    # Wait until the line has been read and the next one is asked for: a Ctrl-C that
    # lands in the instant between two reads is only seen at the next key (a CPython
    # limit of input()), and one that lands before the read discards the typed line.
    child.expect("Half a thought\r\n")
    child.expect_exact("›")
    time.sleep(0.2)
    child.sendintr()
    child.expect("Stopped with Ctrl-C; every response so far is in")
    rest = child.read()
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in rest
    text = journal.read_text()
    assert "First answer, line one\nline two\n" in text
    assert "Second answer\n" in text
    assert "(unfinished: stopped with Ctrl-C)" in text and "Half a thought\n" in text
    assert [p.name for p in tmp_path.iterdir()] == ["journal.md"]


def fake_clock(interrupt_after: int | None = None) -> tuple[Any, Any]:
    now = [0.0]
    calls = [0]

    def sleep(seconds: float) -> None:
        calls[0] += 1
        if interrupt_after is not None and calls[0] > interrupt_after:
            raise KeyboardInterrupt
        now[0] += seconds

    return (lambda: now[0]), sleep


def test_timer_rings_the_bell_at_the_end() -> None:
    import io

    from rich.console import Console

    from placecli.play import run_timer

    screen = Console(file=io.StringIO(), force_terminal=True, width=60, theme=rich_theme("dark"))
    now, sleep = fake_clock()
    run_timer(3.0, screen, now, sleep)
    out = screen.file.getvalue()  # type: ignore[attr-defined]
    assert "\x07" in out
    assert "Time is up." in out


def test_ctrl_c_stops_the_timer_cleanly() -> None:
    import io

    from rich.console import Console

    from placecli.errors import Interrupted
    from placecli.play import run_timer

    screen = Console(file=io.StringIO(), width=60, theme=rich_theme("dark"))
    now, sleep = fake_clock(interrupt_after=2)
    with pytest.raises(Interrupted, match="timer stopped with Ctrl-C"):
        run_timer(600.0, screen, now, sleep)
    assert "Time is up." not in screen.file.getvalue()  # type: ignore[attr-defined]

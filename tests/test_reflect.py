"""Reflection: prompt selection, journal entries, a journal that never loses a word, the timer."""

from __future__ import annotations

import datetime as dt
import errno
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from placecli.cli import app
from placecli.errors import Interrupted, PlaceError, SaveError, Stop, UsageError
from placecli.packs.locate import builtin_pack
from placecli.packs.model import Concept, Pack, Prompt
from placecli.packs.pack import load_packs
from placecli.reflect import prompts as reflect
from placecli.screens.journal import PROMPT_WORDS
from placecli.terminal.theme import rich_theme

from .conftest import ROOT, run_strict, spawn_place
from .fakes import FakeTerminal

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
        UsageError, match="the pack has no prompts for audience pair on social-significance"
    ):
        reflect.select_prompts(pack, ["social-significance"], "pair")


def test_journal_entry_format() -> None:
    entry = reflect.journal_entry(PROMPT, "Culture", "\nLine one\n\nLine two\n", WHEN)
    assert entry == (
        "## 2026-03-04 09:05 · Culture\n\n"
        "### Where do old rivalries linger?\n"
        "<!-- place: prompt=p -->\n\n"
        "Line one\n\nLine two\n\n"
    )
    unfinished = reflect.journal_entry(PROMPT, "Culture", "Half", WHEN, "stopped with Ctrl-C")
    assert unfinished == (
        "## 2026-03-04 09:05 · Culture (unfinished: stopped with Ctrl-C)\n\n"
        "### Where do old rivalries linger?\n"
        "<!-- place: prompt=p unfinished -->\n\n"
        "Half\n\n"
    )


OLD_JOURNAL = """# Reflection journal

## 2026-03-01 10:00 · Culture

### Where do old
rivalries linger?

the prompt line was broken by hand: only its first line is read

## 2026-03-01 10:05 · Culture

### Who keeps   score?

Written before entries carried ids.

## 2026-03-01 10:09 · Culture (unfinished: stopped with Ctrl-C)

### What would you stop doing?

Half a tho
"""


def test_answered_prompts_by_id_and_by_old_text() -> None:
    new = "".join(
        [
            reflect.journal_entry(Prompt("a", "Prompt A"), "C", "done", WHEN),
            reflect.journal_entry(Prompt("b", "Prompt B"), "C", "half", WHEN, "stopped by SIGTERM"),
            "## not an entry\n\n### Prompt D\n\n",
        ]
    )
    found = reflect.answered(OLD_JOURNAL + new.replace("\n", "\r\n"))
    assert found == reflect.Answered(
        frozenset({"a"}), frozenset({"Who keeps score?", "Where do old"})
    )
    assert found.has(Prompt("a", "A text changed since"))
    assert found.has(Prompt("s", "Who keeps\nscore?"))
    assert not found.has(Prompt("o", "Where do old rivalries linger?"))
    assert not found.has(Prompt("b", "Prompt B"))
    assert not found.has(Prompt("w", "What would you stop doing?"))
    assert not found.has(Prompt("d", "Prompt D"))


def not_a_journal(d: Path) -> dict[str, tuple[Path, str]]:
    """Journal paths that must be refused before anything is asked, and why."""
    (d / "file.txt").write_text("x")
    (d / "loop.md").symlink_to(d / "loop.md")
    (d / "dangling.md").symlink_to(d / "gone.md")
    os.mkfifo(d / "fifo.md")
    long = d / ("a" * 100_000)
    return {
        "device": (Path("/dev/null"), "it is a device, not a regular file"),
        "full-device": (Path("/dev/full"), "it is a device, not a regular file"),
        "fifo": (d / "fifo.md", "it is a named pipe (FIFO), not a regular file"),
        "loop": (d / "loop.md", "it is a symbolic link loop"),
        "dangling": (d / "dangling.md", f"it is a link to {d}/gone.md, which does not exist"),
        "no-folder": (d / "missing" / "j.md", f"the folder {d}/missing does not exist"),
        "folder-is-a-file": (d / "file.txt" / "j.md", f"{d}/file.txt is not a folder"),
        "folder": (d, "it is a folder, not a regular file"),
        "long": (long, "the path, or a name in it, is too long for this system"),
    }


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX devices and FIFOs")
@pytest.mark.parametrize(
    "case",
    [
        "device",
        "full-device",
        "fifo",
        "loop",
        "dangling",
        "no-folder",
        "folder-is-a-file",
        "folder",
        "long",
    ],
)
def test_what_is_not_a_journal_is_refused_before_any_prompt(
    runner: CliRunner, tmp_path: Path, case: str
) -> None:
    path, why = not_a_journal(tmp_path)[case]
    if case.endswith("device") and not path.exists():
        pytest.skip(f"no {path} here")
    result = runner.invoke(app, ["reflect", "--journal", str(path)], input="typed\n.\n")
    assert result.exit_code == 2
    assert result.stdout == ""
    text = str(path)
    shown = text if case != "long" else f"{text[:60]}…{text[-40:]} ({len(text):,} characters)"
    assert result.stderr == f"Error: cannot write the journal {shown}: {why}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "dangling.md",
        "fifo.md",
        "file.txt",
        "loop.md",
    ]  # nothing written


@pytest.mark.skipif(
    os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root may write anywhere"
)
def test_a_read_only_folder_fails_before_any_prompt(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    result = runner.invoke(app, ["reflect", "--journal", str(folder / "j.md")])
    assert result.exit_code == 2
    assert "no permission to write" in result.stderr


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
    assert unknown.stderr.splitlines()[1].split() == [
        "cultural-conundrum",
        *["The", "greatest", "conundrum"],
    ]
    bad = runner.invoke(app, ["reflect", "--audience", "team"])
    assert bad.exit_code == 2
    assert "'team' is not one of 'individual', 'pair', 'group'." in bad.stderr


def test_random_with_seed_through_the_cli(runner: CliRunner) -> None:
    first = runner.invoke(app, ["reflect", "--random", "--seed", "3"]).stdout
    assert first == runner.invoke(app, ["reflect", "--random", "--seed", "3"]).stdout
    assert first.count("↳") <= 3 and first.count(" min") == 1


def test_journal_through_the_cli(runner: CliRunner, tmp_path: Path) -> None:
    journal = tmp_path / "j.md"
    journal.write_text("# Kept\n\nold words")  # no final newline, as Notepad saves it
    typed = "Our data sharing.\n\nStill guarded.\n.\n.\n"
    result = runner.invoke(app, ["reflect", "compete", "--journal", str(journal)], input=typed)
    assert result.exit_code == 0
    assert result.stdout.count(f"Saved to {journal}.") == 1
    assert result.stdout.count("Nothing written for this prompt.") == 1
    assert result.stdout.count('A line with only "." finishes the response') == 2
    text = journal.read_text()
    assert text.startswith("# Kept\n\nold words\n## ")
    assert "### Which habits from the years of competition" in text
    assert (
        "<!-- place: prompt=compete-habits -->\n\nOur data sharing.\n\nStill guarded.\n\n" in text
    )
    assert text.count("\n## ") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--seed", "3"],
            "Error: --seed picks the prompt --random shows: add --random, or leave out --seed\n"
            "Try 'place reflect --help' for help.\n",
        ),
        (
            ["--resume"],
            "Error: --resume skips the prompts a journal answers: add --journal PATH\n"
            "Try 'place reflect --help' for help.\n",
        ),
    ],
    ids=["seed-without-random", "resume-without-journal"],
)
def test_options_that_need_another(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["reflect", *args])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == message


def test_random_shows_its_seed(runner: CliRunner) -> None:
    result = runner.invoke(app, ["reflect", "--random"])
    assert result.exit_code == 0
    seed = result.stderr.split()[1]
    assert result.stderr == f"seed {seed} · place reflect --random --seed {seed} repeats it\n"
    again = runner.invoke(app, ["reflect", "--random", "--seed", seed])
    assert again.stdout == result.stdout
    assert again.stderr == result.stderr


def test_a_tilde_after_equals_is_the_home_folder(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    result = runner.invoke(app, ["reflect", "compete", "--journal=~/j.md"], input="Mine.\n")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "j.md").read_text().endswith("Mine.\n\n")


def test_resume_through_the_cli(runner: CliRunner, tmp_path: Path) -> None:
    journal = tmp_path / "j.md"
    args = ["reflect", "compete", "-j", str(journal)]
    first = runner.invoke(app, args, input="First answer.\n.\nq\n")
    assert first.exit_code == 0
    second = runner.invoke(app, [*args, "--resume"], input="Second answer.\n.\n")
    assert second.exit_code == 0
    assert "1 of 2 prompts already have a response in" in second.stdout
    assert "Prompt 1 of 2" not in second.stdout and "Prompt 2 of 2" in second.stdout
    third = runner.invoke(app, [*args, "--resume"], input="")
    assert "Nothing left to ask." in third.stdout
    text = journal.read_text()
    assert text.count("First answer.") == 1 and text.count("Second answer.") == 1


def test_a_failed_save_through_the_cli(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    journal = tmp_path / "j.md"
    journal.write_text("# Kept\n")
    monkeypatch.setattr("pathlib.Path.replace", disk_full)
    result = runner.invoke(app, ["reflect", "compete", "-j", str(journal)], input="Keep me.\n.\n")
    assert result.exit_code == 1
    recovered = list(tmp_path.glob("j.md.unsaved-*.md"))
    assert len(recovered) == 1
    assert recovered[0].read_text().endswith("\nKeep me.\n\n")
    assert result.stderr.startswith("The response that could not be saved:\nKeep me.\n")
    assert result.stderr.endswith(
        f"Error: could not save to the journal {journal}: no space left on device; the "
        f"journal is unchanged; it is kept in {recovered[0]} (and printed above)\n"
    )
    assert journal.read_text() == "# Kept\n"


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


@pytest.mark.parametrize(
    ("encoding", "typed"),
    [
        ("cp1252", "café – naïve ✓".encode()),
        ("ascii", "café – naïve ✓".encode()),
        ("cp1252", "café – naïve".encode("cp1252")),
    ],
    ids=["utf8-file-cp1252-locale", "utf8-file-ascii-locale", "cp1252-file-cp1252-locale"],
)
def test_scripted_responses_in_utf8_keep_every_word_whatever_the_locale(
    tmp_path: Path, encoding: str, typed: bytes
) -> None:
    """place writes its files in UTF-8 whatever the locale, but read a UTF-8 answers file
    in the locale's: under cp1252 "café" was saved as "cafÃ©", under ascii as "caf\ufffd\ufffd"."""
    journal = tmp_path / "j.md"
    result = subprocess.run(
        [sys.executable, "-m", "placecli", "reflect", "cultural", "-j", str(journal)],
        input=typed + b"\n.\nq\n",
        capture_output=True,
        cwd=ROOT,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": encoding},
    )
    assert result.returncode == 0, result.stderr
    words = "café – naïve ✓" if "✓".encode() in typed else "café – naïve"
    assert f"\n{words}\n" in journal.read_text(encoding="utf-8")


# The journal session (screens/journal.py) through the command layer, on a fake Terminal.

PROMPTS = [
    Prompt("a", "Prompt A?", "c"),
    Prompt("b", "Prompt B?", "c"),
    Prompt("c", "Prompt C?", "c"),
]
SMALL_PACK = Pack("t", "T", concepts=(Concept("c", "Culture", "Sum."),), prompts=tuple(PROMPTS))


def scripted(*chunks: str | BaseException | None) -> Any:
    """A read_line that hands out the chunks in turn; an exception is raised; then None."""
    queue = list(chunks)

    def read(prompt: str) -> str | None:
        if not queue:
            return None
        chunk = queue.pop(0)
        if isinstance(chunk, BaseException):
            raise chunk
        return chunk

    return read


def session(
    tmp_path: Path, *chunks: str | BaseException | None, resume: bool = False
) -> tuple[Path, str, str, BaseException | None]:
    """A journal session through the command layer, on a Terminal of the test's own: the
    journal, what the screen and stderr showed, any error."""
    from placecli.commands.reflecting import keep_prompts_journal

    path = tmp_path / "j.md"
    fake = FakeTerminal(chunks)
    raised: BaseException | None = None
    try:
        keep_prompts_journal(fake.terminal, PROMPTS, SMALL_PACK, path, resume)
    except PlaceError as error:
        raised = error
    return path, fake.out, fake.err, raised


HEAD = "## 2026-03-04 09:05 · Culture"


def entry(prompt: str, body: str, marker: str = "", note: str = "") -> str:
    return f"{HEAD}{note}\n\n### Prompt {prompt.upper()}?\n<!-- place: prompt={prompt}{marker} -->\n\n{body}\n\n"


def test_paragraphs_skip_and_q(tmp_path: Path) -> None:
    path, out, _, raised = session(tmp_path, "One.", "", "", "Two.", ".", ".", "q", "never read")
    assert raised is None
    assert path.read_text() == "# Reflection journal\n\n" + entry("a", "One.\n\n\nTwo.")
    assert out.count(PROMPT_WORDS.how) == 3
    assert "Saved to" in out and "Nothing written for this prompt." in out
    assert f"stopped; every finished response is saved in {path}" in out
    assert "Prompt 3 of 3" in out


def test_q_later_in_a_response_is_text(tmp_path: Path) -> None:
    path, _, _, _ = session(tmp_path, "first", "q", ".")
    assert path.read_text().endswith("first\nq\n\n")


def test_end_of_input_finishes_the_response_and_the_session(tmp_path: Path) -> None:
    path, out, _, raised = session(tmp_path, "Only line")
    assert raised is None
    assert path.read_text().endswith(entry("a", "Only line"))
    assert "End of input." in out and "Prompt 2 of 3" not in out


def test_a_paste_stays_in_one_response(tmp_path: Path) -> None:
    path, _, _, _ = session(tmp_path, "p1\n\np2\r\np3", ".", "x\n.\ny", ".")
    assert path.read_text() == (
        "# Reflection journal\n\n" + entry("a", "p1\n\np2\np3") + entry("b", "x") + entry("c", "y")
    )


def test_q_alone_first_stops_before_anything_is_written(tmp_path: Path) -> None:
    path, out, _, raised = session(tmp_path, " Q ")
    assert raised is None
    assert not path.exists()
    assert "stopped; nothing was written this time" in out


@pytest.mark.parametrize(
    ("stop", "code", "note"),
    [
        (Stop(partial="and the line being typed"), 130, "stopped with Ctrl-C"),
        (Stop("by SIGTERM", 143, "and the line being typed"), 143, "stopped by SIGTERM"),
    ],
    ids=["ctrl-c", "sigterm"],
)
def test_a_stop_keeps_finished_lines_and_the_line_being_typed(
    tmp_path: Path, stop: Stop, code: int, note: str
) -> None:
    path, _, _, raised = session(tmp_path, "Saved one.", ".", "Finished line", stop)
    assert isinstance(raised, Interrupted)
    assert raised.exit_code == code
    assert (
        raised.message == f"{note}; the response in progress is saved in {path}, marked unfinished"
    )
    assert path.read_text() == (
        "# Reflection journal\n\n"
        + entry("a", "Saved one.")
        + entry(
            "b", "Finished line\nand the line being typed", " unfinished", f" (unfinished: {note})"
        )
    )


def test_ctrl_c_never_names_a_file_that_was_not_written(tmp_path: Path) -> None:
    path, _, _, raised = session(tmp_path, KeyboardInterrupt())
    assert isinstance(raised, Interrupted)
    assert raised.message == "stopped with Ctrl-C; nothing was written this time"
    assert not path.exists()
    path, _, _, raised = session(tmp_path, "kept", ".", KeyboardInterrupt())
    assert isinstance(raised, Interrupted)
    assert raised.message == f"stopped with Ctrl-C; every finished response is saved in {path}"


def test_resume_skips_answered_prompts_and_keeps_the_numbers(tmp_path: Path) -> None:
    """A by its id, C by its text (an entry written before prompts had ids)."""
    by_text = f"{HEAD}\n\n### Prompt C?\n\nC done\n\n"
    (tmp_path / "j.md").write_text("# Reflection journal\n\n" + entry("a", "A done") + by_text)
    path, out, _, _ = session(tmp_path, "B at last", ".", resume=True)
    assert "2 of 3 prompts already have a response in" in out
    assert "Prompt 1 of 3" not in out and "Prompt 2 of 3" in out and "Prompt 3 of 3" not in out
    assert path.read_text().endswith(entry("b", "B at last"))
    _, out, _, _ = session(tmp_path, resume=True)
    assert "Nothing left to ask." in out and "Prompt" not in out.replace("prompts", "")


def test_a_failed_save_keeps_the_response(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("pathlib.Path.replace", disk_full)
    path, _, err, raised = session(tmp_path, "Precious words", "second paragraph", ".")
    assert isinstance(raised, SaveError) and raised.exit_code == 1
    recovery = tmp_path / "j.md.unsaved-20260304-090500.md"
    assert raised.message == (
        f"could not save to the journal {path}: no space left on device; the journal is "
        f"unchanged; it is kept in {recovery} (and printed above)"
    )
    assert err == "The response that could not be saved:\nPrecious words\nsecond paragraph\n"
    assert not path.exists()


def test_countdown_with_an_injected_clock() -> None:
    now = [100.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    ticks = list(reflect.countdown(2.5, lambda: now[0], sleep))
    assert ticks == [2.5, 1.5, 0.5, 0.0]
    assert now[0] == 102.5


def test_the_timer_runs_on_the_terminal_s_clock() -> None:
    """Not a full screen (the output is not a terminal that can draw one): the prompt and
    a bar, two minutes by the Terminal's clock, which the test moves."""
    from placecli.commands.reflecting import ReflectRequest, reflect

    fake = FakeTerminal()
    start = fake.clock.now
    assert reflect(ReflectRequest(concepts=("cultural",), timer="2"), fake.terminal) is None
    assert fake.clock.now - start == 120.0
    assert "Discussion timer: 2:00." in fake.out
    assert "Time is up." in fake.out


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


def test_a_bad_duration_carries_the_text_not_the_option() -> None:
    with pytest.raises(reflect.BadDuration) as error:
        reflect.parse_duration("2s")
    assert (error.value.text, error.value.takes) == ("2s", "5 seconds to 24 hours")
    assert error.value.message == 'a duration takes 5 seconds to 24 hours, not "2s"'


def test_shipped_prompts_cover_every_concept_and_audience(pack: Pack) -> None:
    assert len(pack.prompts) >= 20
    assert all(pack.prompts_for(c.id) for c in pack.concepts)
    assert {p.audience for p in pack.prompts} == {"individual", "pair", "group"}
    assert all(p.minutes for p in pack.prompts)


# In a real terminal.

pexpect = pytest.importorskip("pexpect")


def start_journal(journal: Path, *args: str) -> Any:
    child = spawn_place("reflect", *args, "-j", str(journal), NO_COLOR="1")
    child.expect("Prompt 1 of ")
    child.expect_exact("›")
    return child


def answer(child: Any, *lines: str) -> None:
    for line in lines:
        child.send(line + "\r")
    child.expect("Saved to")
    child.expect_exact("›")


@pytest.mark.pty
def test_pty_ctrl_c_keeps_the_line_being_typed(tmp_path: Path) -> None:
    journal = tmp_path / "journal.md"
    child = start_journal(journal, "-a", "individual")
    answer(child, "First answer, line one", "", "line two", ".")
    answer(child, "Second answer", ".")
    child.send("Finished line\r")
    child.send("Half a thought")
    child.expect_exact("Half a thought")
    time.sleep(0.2)
    child.sendintr()
    child.expect("Stopped with Ctrl-C; the response in progress is saved in")
    rest = child.read()
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in rest
    text = journal.read_text()
    assert "First answer, line one\n\nline two\n\n" in text
    assert "Second answer\n\n" in text
    assert "(unfinished: stopped with Ctrl-C)" in text
    assert text.endswith("\n\nFinished line\nHalf a thought\n\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".journal.md.lock", "journal.md"]


@pytest.mark.pty
def test_pty_arrow_keys_edit_the_line(tmp_path: Path) -> None:
    journal = tmp_path / "journal.md"
    home = tmp_path / "home"
    home.mkdir()
    child = spawn_place("reflect", "compete", "-j", str(journal), NO_COLOR="1", HOME=str(home))
    child.expect("Prompt 1 of ")
    child.expect_exact("›")
    child.send("abc")
    child.send("\x1b[D\x1b[D")  # Left, Left
    child.send("X\r")
    child.send("q\x1b[D\x1b[D\x1b[C\x7fr\r")  # q, Left, Left, Right, Backspace, r
    child.send("\x1b[A\x1b[A\r")  # Up, Up: the line before last again
    answer(child, ".")
    child.send("q\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert journal.read_text().endswith("\n\naXbc\nr\naXbc\n\n")
    assert list(home.iterdir()) == []  # no history file, or anything else, written


@pytest.mark.pty
@pytest.mark.parametrize(
    ("number", "code", "how"),
    [
        (signal.SIGTERM, 143, "by SIGTERM"),
        (signal.SIGHUP, 129, "as the terminal was closed (SIGHUP)"),
    ],
    ids=["sigterm", "sighup"],
)
def test_pty_signals_keep_finished_lines(tmp_path: Path, number: int, code: int, how: str) -> None:
    journal = tmp_path / "journal.md"
    child = start_journal(journal, "compete")
    child.send("Finished line\r")
    child.send("typed")
    child.expect_exact("typed")
    time.sleep(0.2)
    child.kill(number)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == code
    text = journal.read_text()
    assert f"(unfinished: stopped {how})" in text
    assert text.endswith("\n\nFinished line\ntyped\n\n")


@pytest.mark.pty
@pytest.mark.skipif(shutil.which("bash") is None, reason="the test's shell is bash")
def test_pty_a_paste_stays_in_one_response_and_nothing_reaches_the_shell(tmp_path: Path) -> None:
    journal = tmp_path / "journal.md"
    environ = {k: v for k, v in os.environ.items() if k != "_TYPER_FORCE_DISABLE_TERMINAL"}
    script = f"{sys.executable} -m placecli reflect compete -j {journal}; read -t 2 rest; echo LEFT[$rest]"
    child = pexpect.spawn(
        "bash",
        ["-c", script],
        cwd=str(ROOT),
        env={**environ, "NO_COLOR": "1"},
        encoding="utf-8",
        timeout=20,
    )
    child.expect("Prompt 1 of 2")
    child.expect_exact("›")
    child.send("\x1b[200~Pasted one\r\rPasted two\x1b[201~\r")  # a bracketed paste
    child.send("typed after\r.\r")
    child.expect("Saved to")
    child.expect("Prompt 2 of 2")
    child.expect_exact("›")
    child.send("Second\r.\rleft over for the shell\r")
    child.expect(r"LEFT\[(.*)\]")
    assert child.match.group(1) == ""
    child.close()
    text = journal.read_text()
    assert "\n\nPasted one\n\nPasted two\ntyped after\n\n" in text
    assert text.endswith("\n\nSecond\n\n")


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

    from rich.console import Console

    from placecli.screens.play import run_timer

    screen = Console(file=io.StringIO(), force_terminal=True, width=60, theme=rich_theme("dark"))
    now, sleep = fake_clock()
    run_timer(3.0, screen, now, sleep)
    out = screen.file.getvalue()  # type: ignore[attr-defined]
    assert "\x07" in out
    assert "Time is up." in out


def test_ctrl_c_stops_the_timer_cleanly() -> None:

    from rich.console import Console

    from placecli.errors import Interrupted
    from placecli.screens.play import run_timer

    screen = Console(file=io.StringIO(), width=60, theme=rich_theme("dark"))
    now, sleep = fake_clock(interrupt_after=2)
    with pytest.raises(Interrupted, match="timer stopped with Ctrl-C"):
        run_timer(600.0, screen, now, sleep)
    assert "Time is up." not in screen.file.getvalue()  # type: ignore[attr-defined]

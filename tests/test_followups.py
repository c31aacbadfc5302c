"""Reflection follow-ups: the schedule read from a journal's headings, `place reflect --due`
with a fixed clock, and the calendar export read back with the icalendar library."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from placecli.cli import app
from placecli.packs.model import Prompt
from placecli.reflect import followups
from placecli.reflect.prompts import journal_entry

WROTE = dt.datetime(2026, 11, 2, 9, 30)
PROMPT = Prompt(id="p1", prompt="Where does your place start, and where does it end?", concept="a")
OTHER = Prompt(id="p2", prompt="Who would you call first; and why, today?", concept="a")


def journal(*entries: str) -> str:
    return "# Reflection journal\n\n" + "".join(entries)


def original(
    prompt: Prompt = PROMPT, when: dt.datetime = WROTE, text: str = "At the river."
) -> str:
    return journal_entry(prompt, "Alpha idea", text, when)


def day(offset: int) -> dt.date:
    return WROTE.date() + dt.timedelta(days=offset)


def steps(found: list[followups.FollowUp]) -> list[tuple[str, int, dt.date]]:
    return [(f.original.prompt, f.step, f.due) for f in found]


# The schedule.


def test_a_finished_response_is_followed_up_after_2_7_and_30_days() -> None:
    text = journal(original())
    assert steps(followups.pending(text)) == [
        (PROMPT.prompt, 2, day(2)),
        (PROMPT.prompt, 7, day(7)),
        (PROMPT.prompt, 30, day(30)),
    ]
    assert followups.due(text, day(1)) == []
    assert steps(followups.due(text, day(2))) == [(PROMPT.prompt, 2, day(2))]
    assert steps(followups.upcoming(text, day(2))) == [
        (PROMPT.prompt, 7, day(7)),
        (PROMPT.prompt, 30, day(30)),
    ]


def test_a_follow_up_in_the_journal_moves_the_schedule_on() -> None:
    first = followups.due(journal(original()), day(3))[0]
    text = journal(
        original(), followups.follow_up_entry(first, "We met.", WROTE + dt.timedelta(days=3))
    )
    assert followups.due(text, day(3)) == []
    assert steps(followups.pending(text)) == [
        (PROMPT.prompt, 7, day(7)),
        (PROMPT.prompt, 30, day(30)),
    ]
    assert followups.read_journal(text)[1] == {("2026-11-02 09:30", PROMPT.prompt): 2}


def test_coming_back_late_asks_once_for_the_latest_step() -> None:
    text = journal(original(), original(OTHER, WROTE + dt.timedelta(days=1)))
    assert steps(followups.due(text, day(40))) == [
        (PROMPT.prompt, 30, day(30)),
        (OTHER.prompt, 30, day(31)),
    ]
    late = followups.due(text, day(40))[0]
    answered = text + followups.follow_up_entry(late, "Much.", WROTE + dt.timedelta(days=40))
    assert steps(followups.due(answered, day(40))) == [(OTHER.prompt, 30, day(31))]


def test_the_follow_up_entry_links_to_its_original_in_its_heading() -> None:
    follow = followups.due(journal(original()), day(2))[0]
    assert followups.follow_up_entry(follow, "We met.\n", dt.datetime(2026, 11, 4, 18, 5)) == (
        "## 2026-11-04 18:05 · Follow-up after 2 days to 2026-11-02 09:30 · Alpha idea\n"
        "\n"
        f"### {PROMPT.prompt}\n"
        "\n"
        "*What happened since? What will you do next?*\n"
        "\n"
        "We met.\n\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "my own notes, no entries at all\n",
        "## 2026-13-45 25:99 · Alpha idea\n\n### A prompt\n\nwords\n",  # no such date
        "## 2026-11-02 09:30 · Alpha idea\n\n### A prompt\n<!-- place: prompt=p1 -->\n\n",  # no words
        original(text="cut").replace("Alpha idea", "Alpha idea (unfinished: stopped with Ctrl-C)"),
        "## 2026-11-05 10:00 · Follow-up after 2 days to 2026-11-02 09:30 · Alpha\n\n### Gone\n\nx\n",
        "\x00\ufffd## \n###\n" * 5,
    ],
    ids=["empty", "notes", "bad-date", "no-response", "unfinished", "orphan-follow-up", "binary"],
)
def test_an_edited_journal_never_breaks_the_schedule(text: str) -> None:
    assert followups.pending(text) == []


def test_a_copied_journal_keeps_its_follow_ups() -> None:
    """Line ends changed on the way (another system, a sync tool): the same schedule."""
    text = journal(original(), original(OTHER, WROTE + dt.timedelta(days=1)))
    assert steps(followups.pending(text.replace("\n", "\r\n"))) == steps(followups.pending(text))


# Through the command, with a fixed clock.


def test_reflect_due_asks_a_follow_up_and_appends_it(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "journal.md"
    path.write_text(journal(original()), encoding="utf-8")
    early = runner.invoke(
        app, ["reflect", "--due", "--journal", str(path)], env={"PLACE_NOW": "2026-11-03T12:00"}
    )
    assert early.exit_code == 0
    assert (
        early.stdout
        == f"No follow-ups are due today; the next, on Wed 4 Nov 2026: “{PROMPT.prompt}”\n"
    )
    result = runner.invoke(
        app,
        ["reflect", "--due", "--journal", str(path)],
        env={"PLACE_NOW": "2026-11-04T18:05"},
        input="We met at the bridge.\n\nAnd again.\n.\n",
    )
    assert result.exit_code == 0, result.output
    assert "Follow-up 1 of 1  ·  after 2 days  ·  Alpha idea" in result.stdout
    assert "On Mon 2 Nov 2026 you answered:" in result.stdout
    assert "  At the river." in result.stdout
    assert f"Saved to {path}." in result.stdout
    assert path.read_text(encoding="utf-8") == journal(original()) + (
        "## 2026-11-04 18:05 · Follow-up after 2 days to 2026-11-02 09:30 · Alpha idea\n\n"
        f"### {PROMPT.prompt}\n\n*What happened since? What will you do next?*\n\n"
        "We met at the bridge.\n\nAnd again.\n\n"
    )
    again = runner.invoke(
        app, ["reflect", "--due", "--journal", str(path)], env={"PLACE_NOW": "2026-11-04T18:06"}
    )
    assert (
        again.stdout
        == f"No follow-ups are due today; the next, on Mon 9 Nov 2026: “{PROMPT.prompt}”\n"
    )


def test_a_journal_written_by_place_schedules_its_follow_ups(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "journal.md"
    wrote = runner.invoke(
        app,
        ["reflect", "--audience", "individual", "--journal", str(path)],
        env={"PLACE_NOW": "2026-11-02T09:30"},
        input="At the river.\n.\nq\n",
    )
    assert wrote.exit_code == 0, wrote.output
    assert "## 2026-11-02 09:30 · " in path.read_text(encoding="utf-8")
    found = followups.pending(path.read_text(encoding="utf-8"))
    assert [(f.step, f.due, f.original.response) for f in found] == [
        (2, day(2), "At the river."),
        (7, day(7), "At the river."),
        (30, day(30), "At the river."),
    ]


def test_nothing_written_leaves_it_due(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "journal.md"
    path.write_text(journal(original()), encoding="utf-8")
    result = runner.invoke(
        app,
        ["reflect", "--due", "--journal", str(path)],
        env={"PLACE_NOW": "2026-11-04T18:05"},
        input=".\n",
    )
    assert result.exit_code == 0
    assert "Nothing written for this follow-up; it stays due." in result.stdout
    assert path.read_text(encoding="utf-8") == journal(original())


def test_a_journal_with_no_responses_says_how_follow_ups_come(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["reflect", "--due", "--journal", str(tmp_path / "new.md")])
    assert result.exit_code == 0
    assert result.stdout == (
        "No follow-ups are due today. Each finished response in the journal is followed up "
        "after 2, 7 and 30 days.\n"
    )
    assert not (tmp_path / "new.md").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--due"], "Error: --due follows up the responses in a journal: add --journal PATH\n"),
        (
            ["--export", "ics", "--journal", "j.md"],
            "Error: --export writes the follow-ups: add --due\n",
        ),
        (
            ["--due", "--random", "--journal", "j.md"],
            "Error: --due asks the follow-ups a journal has due: it takes only --journal and --export\n",
        ),
    ],
    ids=["no-journal", "export-alone", "random"],
)
def test_due_is_used_as_documented(args: list[str], message: str, runner: CliRunner) -> None:
    result = runner.invoke(app, ["reflect", *args])
    assert result.exit_code == 2
    assert result.stderr.startswith(message)


# The calendar.


def export(runner: CliRunner, path: Path, now: str) -> str:
    result = runner.invoke(
        app, ["reflect", "--due", "--export", "ics", "--journal", str(path)], env={"PLACE_NOW": now}
    )
    assert result.exit_code == 0, result.output
    return result.stdout_bytes.decode("utf-8")  # .stdout would turn CRLF into LF


def test_the_calendar_parses_with_icalendar_and_keeps_its_uids(
    runner: CliRunner, tmp_path: Path
) -> None:
    import icalendar

    path = tmp_path / "journal.md"
    long_answer = "Ünïcödé words, commas; semicolons \\ and a long line " * 4 + "\x1b[2J"
    path.write_text(
        journal(original(), original(OTHER, WROTE + dt.timedelta(days=1), long_answer)),
        encoding="utf-8",
    )
    first = export(runner, path, "2026-11-03T08:00Z")
    raw = first.encode("utf-8")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"\n" not in raw.replace(b"\r\n", b"")
    calendar = icalendar.Calendar.from_ical(first)
    events: list[Any] = calendar.walk("VEVENT")  # icalendar's property types are a wide union
    assert [(e["DTSTART"].dt, e["DTEND"].dt) for e in events] == [
        (day(2), day(3)),
        (day(3), day(4)),
        (day(7), day(8)),
        (day(8), day(9)),
        (day(30), day(31)),
        (day(31), day(32)),
    ]
    assert [str(e["SUMMARY"]) for e in events[:2]] == [
        f"Reflection follow-up: {PROMPT.prompt}",
        f"Reflection follow-up: {OTHER.prompt}",
    ]
    assert long_answer.replace("\x1b", "␛").strip() in str(events[1]["DESCRIPTION"])
    assert f"Run: place reflect --due --journal {path}" in str(events[1]["DESCRIPTION"])
    alarms = [e.walk("VALARM") for e in events]
    assert all(len(a) == 1 and str(a[0]["ACTION"]) == "DISPLAY" for a in alarms)
    assert alarms[0][0]["TRIGGER"].dt == dt.timedelta(hours=9)
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == 6
    # A second export, later, after one follow-up was answered: the same ids for the rest.
    follow = followups.due(path.read_text(encoding="utf-8"), day(2))[0]
    with path.open("a", encoding="utf-8") as file:
        file.write(followups.follow_up_entry(follow, "We met.", WROTE + dt.timedelta(days=2)))
    second = icalendar.Calendar.from_ical(export(runner, path, "2026-11-05T08:00Z"))
    assert [str(e["UID"]) for e in second.walk("VEVENT")] == uids[1:]


def test_folding_never_splits_a_character() -> None:
    line = "SUMMARY:" + "é" * 100
    folded = followups.folded(line)
    parts = folded.encode("utf-8").split(b"\r\n")
    assert all(len(p) <= 75 for p in parts)
    assert "".join(p[1:] if n else p for n, p in enumerate(folded.split("\r\n"))) == line


# In a real terminal.


@pytest.mark.pty
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pty")
def test_a_follow_up_in_a_terminal_and_the_quiz_recorded(
    tmp_path: Path, private_data: Path
) -> None:
    import os

    import pexpect

    from .conftest import ROOT, spawn_place

    path = tmp_path / "journal.md"
    path.write_text(journal(original()), encoding="utf-8")
    # what is typed ahead of the end never reaches the shell (it did: reflect --due had a
    # loop of its own that did not discard it)
    environ = {k: v for k, v in os.environ.items() if k != "_TYPER_FORCE_DISABLE_TERMINAL"}
    place = f"{sys.executable} -m placecli reflect --due --journal {path}"
    child = pexpect.spawn(
        "bash",
        ["-c", f"{place}; echo EXIT[$?]; read -t 2 rest; echo LEFT[$rest]"],
        cwd=str(ROOT),
        env={**environ, "NO_COLOR": "1", "PLACE_NOW": "2026-11-04T18:05"},
        encoding="utf-8",
        timeout=20,
    )
    child.expect("What happened since\\? What will you do next\\?")
    child.expect("finishes the answer")
    child.send("We met.\r.\rleft over for the shell\r")
    child.expect("Saved to")
    child.expect(r"EXIT\[(\d+)\]")
    assert child.match.group(1) == "0"
    child.expect(r"LEFT\[(.*)\]")
    assert child.match.group(1) == ""
    child.close()
    assert path.read_text(encoding="utf-8").endswith(
        "*What happened since? What will you do next?*\n\nWe met.\n\n"
    )
    quiz = spawn_place("quiz", "--seed", "1", "--count", "1", NO_COLOR="1")
    quiz.expect("or q to quit: ")
    quiz.send("A\r")
    quiz.expect("Score")
    quiz.read()
    quiz.close()
    assert quiz.exitstatus == 0
    import sqlite3

    with sqlite3.connect(private_data / "history.sqlite3") as db:
        assert db.execute("SELECT count(*), sum(seconds >= 0) FROM answer").fetchone() == (1, 1)
    db.close()


def test_a_journal_edited_to_hold_control_characters_shows_them_harmlessly(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "journal.md"
    edited = journal(original(text="I wrote \x1b]0;owned\x07 and [red]this[/]."))
    path.write_text(edited, encoding="utf-8")
    result = runner.invoke(
        app,
        ["reflect", "--due", "--journal", str(path)],
        env={"PLACE_NOW": "2026-11-04T18:05"},
        input=".\n",
    )
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert "I wrote ␛]0;owned␇ and [red]this[/]." in result.stdout


def test_calendar_text_is_escaped_and_holds_no_control() -> None:
    assert followups.escaped("a\\b;c,d\r\ne\x1b[2J\tf") == "a\\\\b\\;c\\,d\\ne␛[2J\tf"

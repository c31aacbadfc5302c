"""The command layer in-process, on a Terminal of the test's own (fakes.py): the quiz at a
terminal and from a script, the journal, `reflect --due` and its safety net, validate on
one screen, and what the Terminal value says of a process."""

from __future__ import annotations

import errno
import io
import os
import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from placecli.commands import checking, learning, quizzing, reflecting
from placecli.commands.presenter import run
from placecli.errors import Interrupted, SaveError
from placecli.terminal.context import Settings, Terminal, settings_from

from .fakes import Clock, FakeTerminal
from .test_followups import FOLLOWED, journal, original

# The quiz.


def test_a_person_is_asked_again_after_an_answer_that_cannot_be_read(
    private_data: Path,
) -> None:
    """Seed 9's first question is a multiple-answer one (B and E); its second is a true/false
    one whose answer is false."""
    fake = FakeTerminal(["Z", "BE", "", "t"], clock=Clock(step=1.5))
    request = quizzing.QuizRequest(questions=2, seed=9)
    assert run(quizzing.quiz, request, fake.terminal) == 0
    assert fake.prompts[0].startswith("Answer with every letter that applies")
    assert fake.prompts[1].startswith("Sorry, ")
    assert fake.prompts[2] == "Enter for the next question, q to stop: "
    assert len(fake.prompts) == 4  # no pause after the last: the score follows
    assert "Score: 1 of 2 (50%)" in fake.out
    with sqlite3.connect(private_data / "history.sqlite3") as db:
        seconds = db.execute("SELECT seconds FROM answer ORDER BY id").fetchall()
    db.close()
    assert seconds == [(1.5,), (1.5,)]  # the fake clock: shown, then answered a reading later


def test_a_script_s_unreadable_line_is_scored_as_not_answered() -> None:
    fake = FakeTerminal(["Z"], person=False)
    request = quizzing.QuizRequest(questions=1, seed=1, format="json", record=False)
    assert run(quizzing.quiz, request, fake.terminal) == 0
    assert "Question 1: 'Z' cannot be read" in fake.err
    import json

    result = json.loads(fake.out)
    assert (result["score"], result["total"], result["questions"][0]["given"]) == (0, 1, [])


def test_ctrl_c_in_a_json_quiz_still_writes_the_result() -> None:
    fake = FakeTerminal(["BE", KeyboardInterrupt()], person=True)  # seed 9: B and E
    request = quizzing.QuizRequest(questions=2, seed=9, format="json", record=False)
    with pytest.raises(Interrupted):
        run(quizzing.quiz, request, fake.terminal)
    import json

    assert json.loads(fake.out)["score"] == 1


# The journal, for prompts and for follow-ups: one loop, one safety net.


def test_reflect_journal_saves_each_response(tmp_path: Path) -> None:
    path = tmp_path / "j.md"
    fake = FakeTerminal(["One.", ".", "q"])
    request = reflecting.ReflectRequest(concepts=("compete",), journal=str(path))
    assert run(reflecting.reflect, request, fake.terminal) == 0
    assert "\n\nOne.\n\n" in path.read_text(encoding="utf-8")
    assert f"Saved to {path}." in fake.out
    assert "Prompt 2 of 2" in fake.out
    assert f"stopped; every finished response is saved in {path}" in fake.out


def follow_ups(tmp_path: Path, *lines: object) -> tuple[Path, FakeTerminal, BaseException | None]:
    """reflect --due on the day the follow-up of `original()` is due."""
    path = tmp_path / "journal.md"
    path.write_text(journal(original()), encoding="utf-8")
    fake = FakeTerminal(list(lines), now="2026-11-04T18:05")  # type: ignore[arg-type]
    raised: BaseException | None = None
    try:
        learning.reflect_due(learning.FollowUpsRequest(str(path)), fake.terminal)
    except Exception as error:
        raised = error
    return path, fake, raised


def test_a_follow_up_is_appended(tmp_path: Path) -> None:
    path, fake, raised = follow_ups(tmp_path, "We met.", ".")
    assert raised is None
    assert path.read_text(encoding="utf-8") == journal(original()) + (
        FOLLOWED.format(note="") + "We met.\n\n"
    )
    assert f"Saved to {path}." in fake.out


def test_a_follow_up_that_cannot_be_saved_is_kept_and_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It was lost: reflect --due had a loop of its own, without the journal's net."""

    def disk_full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("pathlib.Path.replace", disk_full)
    path, fake, raised = follow_ups(tmp_path, "Precious words", ".")
    assert isinstance(raised, SaveError)
    recovery = tmp_path / "journal.md.unsaved-20261104-180500.md"
    assert f"it is kept in {recovery} (and printed above)" in raised.message
    assert "Precious words" in recovery.read_text(encoding="utf-8")
    assert fake.err == "The response that could not be saved:\nPrecious words\n"
    assert path.read_text(encoding="utf-8") == journal(original())  # unchanged


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_during_a_follow_up_keeps_what_was_typed(tmp_path: Path) -> None:
    """The signal arrives while a line is read, as from `kill`: the session's handler
    stops it as Ctrl-C would, and the lines typed are saved, marked unfinished."""

    def terminated() -> str:
        os.kill(os.getpid(), signal.SIGTERM)
        return "never read"

    path, _, raised = follow_ups(tmp_path, "Finished line", terminated)
    assert isinstance(raised, Interrupted) and raised.exit_code == 143
    note = " (unfinished: stopped by SIGTERM)"
    assert path.read_text(encoding="utf-8") == journal(original()) + (
        FOLLOWED.format(note=note) + "Finished line\n\n"
    )
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # put back


# validate on one screen: the warnings and the line, through the pager together.


def test_validate_on_one_screen_says_the_plans_too(make_pack: object, tmp_path: Path) -> None:
    """On a terminal with warnings, the line left out the plan count (a drifted copy)."""
    from .test_lint import FAIR, question, questions

    vague = question("x1", "Which one?", ["Pink", "All of the above", "Teal"], "Teal")
    pack = make_pack(questions(FAIR, vague))  # type: ignore[operator]
    (pack / "plans").mkdir()
    plan = "title: T\nsteps:\n  - {title: A, minutes: 5, show: {summary: [alpha]}}\n"
    (pack / "plans" / "short.yaml").write_text(plan, encoding="utf-8")
    shown = {}
    for tty in (False, True):
        fake = FakeTerminal(person=tty, tty=tty, size=(100, 200))
        request = checking.ValidateRequest(path=str(pack))
        assert run(checking.validate, request, fake.terminal) == 0
        shown[tty] = fake.out.splitlines()
        talk = fake.out if tty else fake.err  # on one screen: all of it, through the pager
        assert "warning [all-of-the-above]" in talk
    assert (
        shown[True][-1]
        == shown[False][-1]
        == (f"✓ {pack}: valid, 2 concepts, 5 questions, 2 prompts, 0 terms, 1 plan; 2 warnings")
    )


class CountedWrites(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


def test_validate_writes_its_warnings_in_one_write() -> None:
    """One console print a line: 20,000 warnings took 6 of validate's 7 s (now under 1 s
    in all)."""
    from placecli.commands.presenter import present
    from placecli.packs.lint import Warning_

    found = [Warning_(f"p/c.yaml:{n}", "no-prompt", f"concept {n}", "add one") for n in range(500)]
    result = checking.Validated(["p"], {"concepts": 500}, [], found, strict=False)
    fake = FakeTerminal()
    stderr = CountedWrites()
    present(result, "rich", fake.terminal._replace(stderr=stderr), pager=False)
    assert stderr.writes == 1
    lines = stderr.getvalue().splitlines()
    assert len(lines) == 1_000
    assert lines[-2:] == ["p/c.yaml:499: warning [no-prompt]: concept 499", "  fix: add one"]


# The Terminal value.


def terminal(stdin: bool, stdout: bool, stderr: bool = True, term: str = "xterm") -> Terminal:
    fake = FakeTerminal(env={"TERM": term})
    return fake.terminal._replace(stdin_tty=stdin, stdout_tty=stdout, stderr_tty=stderr)


@pytest.mark.parametrize(
    ("stdin", "stdout", "term", "person", "full_screen", "pages"),
    [
        (True, True, "xterm", True, True, True),
        (True, False, "xterm", True, False, False),  # quiz --format json > result.json
        (False, True, "xterm", False, False, False),  # answers from a file
        (True, True, "dumb", True, False, False),
        (True, True, "unknown", True, False, False),
    ],
)
def test_what_a_terminal_can_do(
    stdin: bool, stdout: bool, term: str, person: bool, full_screen: bool, pages: bool
) -> None:
    shown = terminal(stdin, stdout, term=term)
    assert (shown.person, shown.full_screen, shown.pages) == (person, full_screen, pages)


def test_the_settings_are_read_once_from_the_environment() -> None:
    env = {
        "PLACE_CONTENT": os.pathsep.join(["a", "", "b"]),
        "PLACE_NO_CACHE": "1",
        "PLACE_NO_HISTORY": "",
        "PLACE_NOW": "2026-11-29T10:00",
        "PAGER": "more",
        "COLORFGBG": "15;0",
        "TERM": "xterm",
    }
    assert settings_from(env) == Settings(
        ("a", "b"), True, False, "2026-11-29T10:00", "more", "dark", "xterm", env
    )

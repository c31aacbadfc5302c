"""Learning over time, at the level of `commands.py`: the history a quiz records, `place
history`, and the questions `place quiz --missed` and `--due` ask again.

Like `commands.py` this module may look at the environment: PLACE_DATA (the data folder),
PLACE_NO_HISTORY (record nothing) and PLACE_NOW (a fixed clock, for tests). The database
itself is `history.py`; spaced review is `review.py` (which imports fsrs).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from placecli.errors import UsageError
from placecli.terminal import output

if TYPE_CHECKING:
    import sqlite3
    from pathlib import Path

    from rich.console import Console, RenderableType

    from placecli.learning.history import Recorder
    from placecli.packs.model import Pack, Question
    from placecli.quiz.engine import Asked, Outcome
    from placecli.reflect import followups

Again = Literal["missed", "due"]


def now() -> dt.datetime:
    """The time, aware. PLACE_NOW (ISO 8601; UTC if it names no zone) fixes it, for tests."""
    fixed = os.environ.get("PLACE_NOW", "")
    if not fixed:
        return dt.datetime.now(dt.timezone.utc)
    try:
        moment = dt.datetime.fromisoformat(fixed.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(
            f'PLACE_NOW="{fixed}" is not a date and time like 2026-11-29T10:00'
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def local_now() -> dt.datetime:
    """The local time without a zone, as the journal writes its dates (PLACE_NOW too)."""
    return now().astimezone().replace(tzinfo=None)


def say(console: Console, words: str, style: str = "") -> None:
    """A line that may quote a path or a journal: shown as typed (no markup, no control)."""
    from placecli.views.render import Text

    console.print(Text(words, style=style), soft_wrap=True)


def data_folder() -> str:
    from placecli.folders import data_folder as folder
    from placecli.learning.history import HistoryUnavailable

    found = folder()
    if found is None:
        raise HistoryUnavailable("there is no home folder to keep the history in; set PLACE_DATA")
    return found


def open_history(create: bool = True, read_only: bool = False) -> sqlite3.Connection:
    from placecli.learning.history import open_history as opened

    return opened(data_folder(), create=create, read_only=read_only)


class Recording:
    """The quiz's `record` hook. The history is opened at the first answer, so starting a
    quiz costs nothing; one that cannot be used is said in one note, and the quiz goes on
    without recording (the file is left as it is)."""

    def __init__(self, pack: Pack, kind: str, note: Callable[[str], None]) -> None:
        self.pack, self.kind, self.note = pack, kind, note
        self.recorder: Recorder | None = None
        self.off = False

    def __call__(self, outcome: Outcome, seconds: float) -> None:
        if self.off:
            return
        if self.recorder is None:
            from placecli.learning.history import HistoryUnavailable, Recorder

            try:
                conn = open_history()
            except HistoryUnavailable as error:
                self.off = True
                self.note(
                    f"{error.message[0].upper()}{error.message[1:]}. This quiz is not recorded."
                )
                return
            self.recorder = Recorder(conn, self.pack, self.kind, now, self.note)
        self.recorder(outcome, seconds)

    def close(self) -> None:
        if self.recorder is not None:
            self.recorder.close()


def recorder(pack: Pack, kind: str, note: Callable[[str], None]) -> Recording | None:
    """What records this quiz's answers; None when PLACE_NO_HISTORY is set."""
    if os.environ.get("PLACE_NO_HISTORY"):
        return None
    now()  # a PLACE_NOW that cannot be read is an error before the first question
    return Recording(pack, kind, note)


def asked_again(
    pack: Pack, concepts: Sequence[str], count: int, seed: int, again: Again
) -> tuple[list[Asked], str, str]:
    """The questions to ask again as drawn (at most `count`), the command that asks them
    again, and the quiz's first line; no questions, and a line that says why, if none."""
    from placecli.quiz.engine import arrange

    if count < 1:
        raise UsageError(f"--count must be at least 1, not {count}")
    questions, what = questions_again(pack, concepts, again)
    if not questions:
        return [], "", what
    asked = arrange(questions[:count], seed)
    heading = f"{len(asked)} of {len(questions)} questions {what} · seed {seed}"
    return asked, f"place quiz --{again}", heading


def questions_again(
    pack: Pack, concepts: Sequence[str], again: Again
) -> tuple[list[Question], str]:
    """The questions to ask again, in order, and a line that says what they are (or, when
    there are none, says so plainly)."""
    from placecli.learning.history import NoHistory

    now()  # a PLACE_NOW that cannot be read is an error, history or not
    try:
        conn = open_history(create=False)
    except NoHistory as none:
        return [], f"Nothing to ask again: {none.message}."
    try:
        if again == "missed":
            questions, line = missed(conn, pack)
        else:
            questions, line = due(conn, pack)
    finally:
        conn.close()
    if concepts:
        questions = [q for q in questions if q.concept in concepts]
    return questions, line


def missed(conn: sqlite3.Connection, pack: Pack) -> tuple[list[Question], str]:
    from placecli.learning.history import missed as wrong_last_time

    questions = wrong_last_time(conn, pack)
    if not questions:
        return [], "No missed questions: every question was answered right the last time."
    return questions, "wrong the last time you answered them, most recent first"


def due(conn: sqlite3.Connection, pack: Pack) -> tuple[list[Question], str]:
    from placecli.learning.review import due as due_now
    from placecli.learning.review import refresh

    moment = now()
    found = due_now(pack, refresh(conn), moment)
    later = f"; next: {coming(found.later, moment)}" if found.later else ""
    if not found.now:
        return [], f"Nothing is due for review now{later}."
    return found.now, f"due for review now{later}"


def coming(moments: Sequence[dt.datetime], moment: dt.datetime, groups: int = 3) -> str:
    """`2 today from 10:52, 3 on Tue 1 Dec 2026`: the next due questions, by local day."""
    today = moment.astimezone().date()
    days: dict[dt.date, list[dt.datetime]] = {}
    for when in moments:
        days.setdefault(when.astimezone().date(), []).append(when)
    parts = []
    for day, whens in list(days.items())[:groups]:
        if day == today:
            parts.append(f"{len(whens)} today from {whens[0].astimezone():%H:%M}")
        else:
            parts.append(f"{len(whens)} on {day:%a} {day.day} {day:%b %Y}")
    return ", ".join(parts)


def history(
    content: Sequence[str], *, fmt: str = "rich", forget: bool = False, yes: bool = False
) -> None:
    from placecli.learning import history as store

    if forget:
        forget_history(yes)
        return
    from placecli.commands import load
    from placecli.views.history import history_data, history_view

    path = store.database_path(data_folder())
    try:
        conn = open_history(create=False, read_only=True)
    except store.NoHistory:
        conn = None
    try:
        if fmt == "json":
            sessions = store.sessions(conn) if conn else []
            tallies = store.concept_tallies(conn) if conn else []
            output.write_json(history_data(path, load(content), sessions, tallies))
            return
        shown = overview_of(conn) if conn else None
    finally:
        if conn is not None:
            conn.close()
    screen = output.stdout_console()
    if shown is None:
        say(screen, f"No quiz answers recorded yet (the history is {path}).")
        return
    output.show(history_view(load(content), *shown))
    say(screen, f"\nKept in {path} · place history --forget deletes it", "place.muted")


def overview_of(conn: sqlite3.Connection) -> tuple[Any, ...] | None:
    """What the chart shows, in as little reading as 10,000 answers allow; None if no
    answer is recorded."""
    from placecli.learning import history as store
    from placecli.views.history import LISTED, RECENT

    overview = store.overview(conn)
    if not overview.answers:
        return None
    listed = store.sessions(conn, last=max(LISTED, RECENT))
    since = listed[-RECENT:][0].id
    tallies = store.concept_tallies(conn, since)
    return overview, listed[-LISTED:], tallies, store.concept_totals(conn)


def forget_history(yes: bool) -> None:
    """Delete the history, after asking (unless --yes); a script must say --yes."""
    from placecli.learning.history import database_path, forget

    path = database_path(data_folder())
    talk = output.stderr_console()
    if not os.path.exists(path):
        say(talk, f"There is no history to forget ({path}).")
        return
    if not yes and not agreed(f"Delete every recorded answer in {path}?"):
        return
    forget(os.path.dirname(path))
    say(talk, f"Deleted {path}: the history is forgotten.")


def agreed(question: str) -> bool:
    """Whether the person says yes to deleting something (y/N on standard error); a
    script that cannot answer must say --yes, and is told so."""
    from placecli.commands import line_reader

    talk = output.stderr_console()
    say(talk, question)
    answer = line_reader(talk)("[y/N] ")
    if answer is None:
        raise UsageError(
            "nothing deleted: no answer to the question", "Add --yes to delete without asking."
        )
    if answer.strip().lower() not in ("y", "yes"):
        talk.print("Nothing deleted.", soft_wrap=True)
        return False
    return True


# place reflect --due: follow-ups of a journal's responses.

FOLLOW_UP_HELP = 'A line with only "." finishes the answer; "q" alone on the first line stops here.'


def reflect_due(journal: str | None, export: str | None = None) -> None:
    """Ask the journal's follow-ups due today, or (`export="ics"`) write every pending one
    as a calendar on standard output."""
    if journal is None:
        raise UsageError("--due follows up the responses in a journal: add --journal PATH")
    from placecli.commands import checked_journal
    from placecli.reflect import followups
    from placecli.reflect.journal import check_journal, journal_text

    path = checked_journal(journal)
    text = journal_text(check_journal(path))
    moment = now()
    today = moment.astimezone().date()
    if export is not None:
        command = f"place reflect --due --journal {journal}"
        output.write(followups.calendar(followups.pending(text), moment, command))
        return
    found = followups.due(text, today)
    screen = output.stdout_console()
    if not found:
        later = followups.upcoming(text, today)
        nothing = "No follow-ups are due today"
        if later:
            first = later[0]
            day = f"{first.due:%a} {first.due.day} {first.due:%b %Y}"
            say(screen, f"{nothing}; the next, on {day}: “{first.original.prompt}”")
        else:
            screen.print(
                f"{nothing}. Each finished response in the journal is followed up after "
                f"{', '.join(map(str, followups.STEPS[:-1]))} and {followups.STEPS[-1]} days.",
                soft_wrap=True,
            )
        return
    ask_follow_ups(found, path, screen)


def ask_follow_ups(found: Sequence[followups.FollowUp], path: Path, screen: Console) -> None:
    """Each follow-up in turn: the original, the questions, the answer appended to the
    journal with the journal's own atomic writer. Ctrl-C keeps what was typed, unfinished."""
    from placecli.commands import line_reader
    from placecli.errors import Interrupted
    from placecli.reflect.followups import follow_up_entry
    from placecli.reflect.journal import append_to_journal
    from placecli.screens.play import End, one_at_a_time, read_response, response_text

    read = one_at_a_time(line_reader(screen))
    saved = 0
    for number, follow in enumerate(found, start=1):
        screen.print(follow_up_view(follow, number, len(found)))
        screen.print(FOLLOW_UP_HELP, style="place.muted")
        lines: list[str] = []
        try:
            end = read_response(read, lines)
        except KeyboardInterrupt:
            if response_text(lines):
                entry = follow_up_entry(
                    follow, response_text(lines), local_now(), "stopped with Ctrl-C"
                )
                append_to_journal(path, entry)
            screen.print()
            raise Interrupted(
                f"stopped with Ctrl-C; {saved} follow-up(s) saved in {path}"
            ) from None
        if end is End.QUIT:
            break
        text = response_text(lines)
        if text:
            append_to_journal(path, follow_up_entry(follow, text, local_now()))
            saved += 1
            say(screen, f"Saved to {path}.", "place.good")
        else:
            screen.print("Nothing written for this follow-up; it stays due.", style="place.muted")
        if end is End.END_OF_INPUT:
            break


def follow_up_view(follow: followups.FollowUp, number: int, total: int) -> RenderableType:
    from rich.console import Group
    from rich.padding import Padding
    from rich.rule import Rule

    from placecli.reflect.followups import QUESTIONS
    from placecli.views.render import ACCENT, Text

    original = follow.original
    header = Text(f"Follow-up {number} of {total}", style=ACCENT)
    header.append(f"  ·  after {follow.step} days  ·  {original.title}", style="place.muted")
    return Group(
        Text(),
        Rule(header, align="left", style="place.rule"),
        Text(f"On {original.when:%a} {original.when.day} {original.when:%b %Y} you answered:"),
        Padding(Text(original.prompt, style="place.strong"), (0, 0, 0, 2)),
        Padding(Text(original.response, style="place.quote"), (0, 0, 0, 2)),
        Text(),
        Text(" ".join(QUESTIONS), style="place.strong"),
    )

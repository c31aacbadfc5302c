"""Learning over time: the history a quiz records, `place history`, the questions `place
quiz --missed` and `--due` ask again, and `place reflect --due` (follow-ups).

The database itself is `learning/history.py`; spaced review is `learning/review.py`
(which imports fsrs). The data folder (PLACE_DATA), PLACE_NO_HISTORY and the clock
(PLACE_NOW, for tests) come from the Terminal.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from placecli.errors import UsageError

if TYPE_CHECKING:
    import sqlite3

    from rich.console import Console, RenderableType

    from placecli.commands.presenter import Format
    from placecli.learning.history import Recorder
    from placecli.packs.model import Pack, Question
    from placecli.quiz.engine import Asked, Outcome
    from placecli.terminal.context import Terminal

Again = Literal["missed", "due"]


def say(console: Console, words: str, style: str = "") -> None:
    """A line that may quote a path or a journal: shown as typed (no markup, no control)."""
    from placecli.views.render import Text

    console.print(Text(words, style=style), soft_wrap=True)


def data_folder(terminal: Terminal) -> str:
    from placecli.folders import data_folder as folder
    from placecli.learning.history import HistoryUnavailable

    found = folder(terminal.settings.environ)
    if found is None:
        raise HistoryUnavailable("there is no home folder to keep the history in; set PLACE_DATA")
    return found


def open_history(
    terminal: Terminal, create: bool = True, read_only: bool = False
) -> sqlite3.Connection:
    from placecli.learning.history import open_history as opened

    return opened(data_folder(terminal), create=create, read_only=read_only)


class Recording:
    """The quiz's `record` hook. The history is opened at the first answer, so starting a
    quiz costs nothing; one that cannot be used is said in one note, and the quiz goes on
    without recording (the file is left as it is)."""

    def __init__(
        self, pack: Pack, kind: str, note: Callable[[str], None], terminal: Terminal
    ) -> None:
        self.pack, self.kind, self.note, self.terminal = pack, kind, note, terminal
        self.recorder: Recorder | None = None
        self.off = False

    def __call__(self, outcome: Outcome, seconds: float) -> None:
        if self.off:
            return
        if self.recorder is None:
            from placecli.learning.history import HistoryUnavailable, Recorder

            try:
                conn = open_history(self.terminal)
            except HistoryUnavailable as error:
                self.off = True
                self.note(
                    f"{error.message[0].upper()}{error.message[1:]}. This quiz is not recorded."
                )
                return
            self.recorder = Recorder(conn, self.pack, self.kind, self.terminal.now, self.note)
        self.recorder(outcome, seconds)

    def close(self) -> None:
        if self.recorder is not None:
            self.recorder.close()


def recorder(
    pack: Pack, kind: str, note: Callable[[str], None], terminal: Terminal
) -> Recording | None:
    """What records this quiz's answers; None when PLACE_NO_HISTORY is set."""
    if terminal.settings.no_history:
        return None
    terminal.now()  # a PLACE_NOW that cannot be read is an error before the first question
    return Recording(pack, kind, note, terminal)


def asked_again(
    pack: Pack, concepts: Sequence[str], count: int, seed: int, again: Again, terminal: Terminal
) -> tuple[list[Asked], str, str]:
    """The questions to ask again as drawn (at most `count`), the command that asks them
    again, and the quiz's first line; no questions, and a line that says why, if none."""
    from placecli.quiz.engine import arrange

    questions, what = questions_again(pack, concepts, again, terminal)
    if not questions:
        return [], "", what
    asked = arrange(questions[:count], seed)
    heading = f"{len(asked)} of {len(questions)} questions {what} · seed {seed}"
    return asked, f"place quiz --{again}", heading


def questions_again(
    pack: Pack, concepts: Sequence[str], again: Again, terminal: Terminal
) -> tuple[list[Question], str]:
    """The questions to ask again, in order, and a line that says what they are (or, when
    there are none, says so plainly)."""
    from placecli.learning.history import NoHistory

    moment = terminal.now()  # a PLACE_NOW that cannot be read is an error, history or not
    try:
        conn = open_history(terminal, create=False)
    except NoHistory as none:
        return [], f"Nothing to ask again: {none.message}."
    try:
        questions, line = missed(conn, pack) if again == "missed" else due(conn, pack, moment)
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


def due(conn: sqlite3.Connection, pack: Pack, moment: dt.datetime) -> tuple[list[Question], str]:
    from placecli.learning.review import due as due_now
    from placecli.learning.review import refresh

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


# place history


class HistoryRequest(NamedTuple):
    content: tuple[str, ...] = ()
    format: Format = "rich"
    forget: bool = False
    yes: bool = False
    no_pager: bool = False


class History(NamedTuple):
    """The recorded history, read as each form needs it: the chart reads what it shows
    (10,000 answers cost little), the JSON every session."""

    path: str  # the database
    terminal: Terminal
    content: tuple[str, ...]

    def connect(self) -> sqlite3.Connection | None:
        from placecli.learning.history import NoHistory

        try:
            return open_history(self.terminal, create=False, read_only=True)
        except NoHistory:
            return None

    def pack(self) -> Pack:
        from placecli.commands.packs import load

        return load(self.content, self.terminal)

    def rich(self) -> RenderableType:
        from rich.console import Group

        from placecli.safetext import neutral
        from placecli.views.history import history_view
        from placecli.views.render import Text

        conn = self.connect()
        try:
            shown = overview_of(conn) if conn else None
        finally:
            if conn is not None:
                conn.close()
        if shown is None:  # a path, shown as typed, whole
            return neutral(f"No quiz answers recorded yet (the history is {self.path}).\n")
        kept = Text(f"\nKept in {self.path} · place history --forget deletes it", "place.muted")
        kept.no_wrap, kept.overflow = True, "ignore"  # in a Group, Rich leaves it whole
        return Group(history_view(self.pack(), *shown), kept)

    def json(self) -> Any:
        from placecli.learning import history as store
        from placecli.views.history import history_data

        conn = self.connect()
        try:
            sessions = store.sessions(conn) if conn else []
            tallies = store.concept_tallies(conn) if conn else []
        finally:
            if conn is not None:
                conn.close()
        return history_data(self.path, self.pack(), sessions, tallies)


def history(request: HistoryRequest, terminal: Terminal) -> History | None:
    from placecli.learning.history import database_path

    if request.forget:
        forget_history(request.yes, terminal)
        return None
    return History(database_path(data_folder(terminal)), terminal, request.content)


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


def forget_history(yes: bool, terminal: Terminal) -> None:
    """Delete the history, after asking (unless --yes); a script must say --yes."""
    from placecli.learning.history import database_path, forget

    path = database_path(data_folder(terminal))
    talk = terminal.talk()
    if not os.path.exists(path):
        say(talk, f"There is no history to forget ({path}).")
        return
    if not yes and not agreed(f"Delete every recorded answer in {path}?", terminal):
        return
    forget(os.path.dirname(path))
    say(talk, f"Deleted {path}: the history is forgotten.")


def agreed(question: str, terminal: Terminal) -> bool:
    """Whether the person says yes to deleting something (y/N on standard error); a
    script that cannot answer must say --yes, and is told so."""
    talk = terminal.talk()
    say(talk, question)
    answer = terminal.lines(talk)("[y/N] ")
    if answer is None:
        raise UsageError(
            "nothing deleted: no answer to the question", "Add --yes to delete without asking."
        )
    if answer.strip().lower() not in ("y", "yes"):
        talk.print("Nothing deleted.", soft_wrap=True)
        return False
    return True


# place reflect --due: follow-ups of a journal's responses.


class FollowUpsRequest(NamedTuple):
    journal: str
    calendar: bool = False  # --export ics: every follow-up to come, as a calendar


def reflect_due(request: FollowUpsRequest, terminal: Terminal) -> None:
    """Ask the journal's follow-ups due today, or write every pending one as a calendar."""
    from placecli.commands.reflecting import checked_journal, keep_journal
    from placecli.reflect import followups
    from placecli.reflect.journal import check_journal, journal_text
    from placecli.screens.journal import FOLLOW_UP_WORDS, follow_up_asks

    path = checked_journal(request.journal)
    text = journal_text(check_journal(path))
    moment = terminal.now()
    if request.calendar:
        command = f"place reflect --due --journal {request.journal}"
        terminal.write(followups.calendar(followups.pending(text), moment, command))
        return
    today = moment.astimezone().date()
    found = followups.due(text, today)
    if not found:
        nothing_due(terminal.screen(), text, today)
        return
    keep_journal(terminal, follow_up_asks(found), FOLLOW_UP_WORDS, path)


def nothing_due(screen: Console, text: str, today: dt.date) -> None:
    """When the next follow-up comes, or how follow-ups come at all."""
    from placecli.reflect import followups

    later = followups.upcoming(text, today)
    nothing = "No follow-ups are due today"
    if later:
        first = later[0]
        day = f"{first.due:%a} {first.due.day} {first.due:%b %Y}"
        say(screen, f"{nothing}; the next, on {day}: “{first.original.prompt}”")
        return
    steps = followups.STEPS
    screen.print(
        f"{nothing}. Each finished response in the journal is followed up after "
        f"{', '.join(map(str, steps[:-1]))} and {steps[-1]} days.",
        soft_wrap=True,
    )

"""The interactive loops: they show renderables and read lines, both passed in.

Nothing here knows whether it talks to a terminal or a script; `commands.py` decides that and
hands over a Console for what the player sees and a `read_line` for what they type.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from rich.console import Console

from placecli.errors import Interrupted, SaveError, Stop
from placecli.packs.model import Pack, Prompt
from placecli.packs.qtypes import Unreadable
from placecli.quiz.engine import Outcome, Quiz, is_quit
from placecli.reflect.prompts import Answered
from placecli.views import render
from placecli.views.text import concept_title

if TYPE_CHECKING:
    from pathlib import Path

RESPONSE_PROMPT = "  › "  # marks the lines of a response as the person types them
ReadLine = Callable[[str], "str | None"]  # a prompt in, a line out; None at end of input
Record = Callable[[Outcome, float], None]  # each outcome, with the seconds it took to answer


def no_clock() -> float:
    return 0.0


def run_quiz(
    quiz: Quiz,
    pack: Pack,
    screen: Console,
    read_line: ReadLine,
    *,
    interactive: bool,
    note: Callable[[str], None],
    fresh: Callable[[], None] | None = None,
    record: Record | None = None,
    clock: Callable[[], float] = no_clock,
) -> Quiz:
    """Ask every question until the end, `q`, end of input or Ctrl-C, then report.

    Ctrl-C reports the score so far and raises Interrupted. A person at a terminal is
    asked again after an answer that cannot be read; a script's line is scored as not
    answered instead, so its later lines stay in step with the questions. A person at a
    terminal also reads each explanation in their own time: the quiz waits for Enter
    before the next question. `fresh` (present mode) clears the screen before each
    question and before the report, which then waits for Enter too. `record` is given
    each outcome as it is scored, with the seconds (by `clock`) it took.
    """
    try:
        ask_all(quiz, pack, screen, read_line, interactive, note, fresh, record, clock)
    except KeyboardInterrupt:
        screen.print()
        screen.print(render.result_view(quiz, pack))
        raise Interrupted("stopped with Ctrl-C") from None
    if fresh is not None:
        fresh()
    screen.print(render.result_view(quiz, pack))
    if fresh is not None:
        read_line(LEAVE_PROMPT)
    return quiz


PAUSE_PROMPT = "Enter for the next question, q to stop: "
LAST_PAUSE_PROMPT = "Enter for the score: "
LEAVE_PROMPT = "Enter to leave full screen: "


def paused(read_line: ReadLine, last: bool) -> bool:
    """Wait for Enter after an explanation; False when the person stops there."""
    line = read_line(LAST_PAUSE_PROMPT if last else PAUSE_PROMPT)
    return line is not None and not is_quit(line)


def ask_all(
    quiz: Quiz,
    pack: Pack,
    screen: Console,
    read_line: ReadLine,
    interactive: bool,
    note: Callable[[str], None],
    fresh: Callable[[], None] | None = None,
    record: Record | None = None,
    clock: Callable[[], float] = no_clock,
) -> None:
    total = len(quiz.asked)
    while (asked := quiz.current) is not None:
        if fresh is not None:
            fresh()
        screen.print(render.question_view(asked, total))
        shown = clock()
        prompt = asked.how_to_answer
        while True:
            line = read_line(f"{prompt}: ")
            if line is None:
                screen.print("\nEnd of input: the quiz stops here.", style="place.muted")
                return
            if is_quit(line):
                screen.print("Quiz stopped early.", style="place.muted")
                return
            try:
                outcome = quiz.answer(line)
            except Unreadable as unreadable:
                if interactive:
                    prompt = f"Sorry, {unreadable.hint} (or q to quit)"
                    continue
                outcome = quiz.unanswered()
                note(
                    f"Question {asked.number}: {line!r} cannot be read ({unreadable.hint}); "
                    "scored as not answered."
                )
            if record is not None:
                record(outcome, clock() - shown)
            screen.print(render.outcome_view(outcome, pack))
            break
        last = quiz.current is None
        if interactive and (not last or fresh is not None) and not paused(read_line, last):
            screen.print("Quiz stopped early.", style="place.muted")
            return


class Journal(NamedTuple):
    """Where responses are saved, and what the command layer lends for saving them."""

    path: Path  # as the person gave it: named in messages
    spare_folder: Path  # for a recovery file when the journal's own folder cannot take one
    answered: Answered = Answered()  # prompts to skip (--resume)
    held: Callable[[], AbstractContextManager[object]] = nullcontext  # holds Ctrl-C off a save


class End(enum.Enum):
    """How a response ended: a line with only ".", `q` first, or end of input."""

    FINISHED = "."
    QUIT = "q"
    END_OF_INPUT = ""


HOW_TO_RESPOND = (
    'Blank lines are kept. A line with only "." finishes the response; "." first skips this '
    'prompt.\n"q" alone on the first line stops here; what is saved stays saved.'
)


def run_reflect(
    prompts: Sequence[Prompt],
    pack: Pack,
    screen: Console,
    talk: Console,
    read_line: ReadLine,
    journal: Journal,
    now: Callable[[], dt.datetime],
) -> int:
    """Ask for a response to each prompt and append each to the journal as it is finished.

    Returns how many were saved. Prompts the journal already answers (`journal.answered`)
    are skipped. Ctrl-C, or a signal handled like it (`Stop`), saves what was typed for
    the current prompt, marked unfinished, and raises Interrupted; nothing earlier is
    touched. A failed save keeps the response elsewhere (`talk` shows it) and raises
    SaveError.
    """
    todo = [(n, p) for n, p in enumerate(prompts, start=1) if not journal.answered.has(p)]
    if len(todo) < len(prompts):
        screen.print(
            f"{len(prompts) - len(todo)} of {len(prompts)} prompts already have a response "
            f"in {journal.path}; they are skipped.",
            style="place.muted",
        )
    if not todo:
        screen.print("Nothing left to ask.", style="place.muted")
    session = Session(journal, pack, talk, now)
    lines = one_at_a_time(read_line)
    try:
        for number, prompt in todo:
            screen.print(render.prompt_view(prompt, pack, number, len(prompts)))
            screen.print(HOW_TO_RESPOND, style="place.muted")
            session.prompt = prompt
            end = read_response(lines, session.unsaved)
            if end is End.QUIT:
                screen.print(session.stopped("stopped"), style="place.muted")
                break
            if session.save():
                screen.print(render.Text(f"Saved to {journal.path}.", style="place.good"))
            else:
                screen.print("Nothing written for this prompt.", style="place.muted")
            if end is End.END_OF_INPUT:
                screen.print("End of input.", style="place.muted")
                break
    except KeyboardInterrupt as interrupt:
        stop = interrupt if isinstance(interrupt, Stop) else Stop()
        if stop.partial:
            session.unsaved.append(stop.partial)
        message = session.stopped(f"stopped {stop.how}", session.save(unfinished=stop.how))
        screen.print()
        raise Interrupted(message, stop.exit_code) from None
    return session.saved


@dataclass
class Session:
    """A journal session's state: the prompt being answered, its lines until they are
    saved, and how many responses were saved."""

    journal: Journal
    pack: Pack
    talk: Console
    now: Callable[[], dt.datetime]
    prompt: Prompt | None = None
    unsaved: list[str] = field(default_factory=list)
    saved: int = 0

    def save(self, unfinished: str | None = None) -> bool:
        """Save the response typed (if any) for the current prompt; whether one was saved.

        The save runs with Ctrl-C and the signals held off (`journal.held`), and the
        lines are forgotten inside that, so a Ctrl-C can neither cut the save short nor
        save the same lines twice.
        """
        text = response_text(self.unsaved)
        if not text or self.prompt is None:
            self.unsaved.clear()
            return False
        stopped = f"stopped {unfinished}" if unfinished else None
        with self.journal.held():
            save(self.journal, self.prompt, self.pack, text, self.now(), self.talk, stopped)
            self.unsaved.clear()
        self.saved += 1
        return True

    def stopped(self, how: str, kept_unfinished: bool = False) -> str:
        """What to say when the session stops early; it never names a file not written."""
        path = self.journal.path
        if kept_unfinished:
            return f"{how}; the response in progress is saved in {path}, marked unfinished"
        if self.saved:
            return f"{how}; every finished response is saved in {path}"
        return f"{how}; nothing was written this time"


def one_at_a_time(read_line: ReadLine) -> ReadLine:
    """Lines one by one, even when the line editor hands over a paste of several at once
    (bracketed paste): the rest wait for the next read, so a paste stays in its response."""
    queued: list[str] = []

    def read(prompt: str) -> str | None:
        if not queued:
            chunk = read_line(prompt)
            if chunk is None:
                return None
            queued.extend(chunk.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
        return queued.pop(0)

    return read


def read_response(read_line: ReadLine, lines: list[str]) -> End:
    """Fill `lines` until a line with only "." , `q` first, or end of input."""
    while True:
        line = read_line(RESPONSE_PROMPT)
        if line is None:
            return End.END_OF_INPUT
        if line.strip() == ".":
            return End.FINISHED
        if not lines and line.strip().lower() == "q":
            return End.QUIT
        lines.append(line)


def response_text(lines: list[str]) -> str:
    """The response as written, without blank lines around it; "" if nothing was typed."""
    text = "\n".join(lines).strip("\n")
    return text if text.strip() else ""


def save(
    journal: Journal,
    prompt: Prompt,
    pack: Pack,
    text: str,
    when: dt.datetime,
    talk: Console,
    stopped: str | None = None,
) -> None:
    """Append one entry; if that fails, keep it in a recovery file, show it, SaveError."""
    from placecli.reflect.journal import (  # not for a quiz: it needs pathlib
        append_to_journal,
        keep_unsaved,
    )
    from placecli.reflect.prompts import journal_entry

    entry = journal_entry(prompt, concept_title(pack, prompt.concept), text, when, stopped)
    try:
        append_to_journal(journal.path, entry)
    except SaveError as error:
        kept = keep_unsaved(journal.path, entry, f"{when:%Y%m%d-%H%M%S}", journal.spare_folder)
        talk.print("The response that could not be saved:", style="place.strong")
        talk.print(render.Text(text), soft_wrap=True)  # shown, never obeyed
        where = f"it is kept in {kept}" if kept else "no recovery file could be written either"
        raise SaveError(f"{error.message}; {where} (and printed above)") from None


def run_timer(
    total: float, screen: Console, now: Callable[[], float], sleep: Callable[[float], None]
) -> None:
    """A countdown bar of `total` seconds for a discussion; Ctrl-C stops it (Interrupted)."""
    from rich.progress import BarColumn, Progress, TextColumn

    from placecli.reflect.prompts import countdown
    from placecli.words import clock

    screen.print(f"Discussion timer: {clock(total)}. Ctrl-C stops it.", style="place.muted")
    columns = (
        TextColumn("[place.accent]Discussion"),
        BarColumn(),
        TextColumn("{task.fields[left]}"),
    )
    try:
        with Progress(*columns, console=screen) as progress:
            task = progress.add_task("timer", total=total, left=clock(total))
            for left in countdown(total, now, sleep):
                progress.update(task, completed=total - left, left=clock(left))
    except KeyboardInterrupt:
        raise Interrupted("timer stopped with Ctrl-C") from None
    screen.bell()
    screen.print("⏰ Time is up.", style="place.warn")

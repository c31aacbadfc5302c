"""The one journal loop: a response to each thing asked, each appended as it is finished.

`reflect --journal` asks for a response to each prompt, `reflect --due` for a follow-up
to each response due one; both go through `run_journal`, so both have the same safety
net: a save runs with Ctrl-C and the stop signals held off (`Journal.held`), a Ctrl-C
or a signal keeps what was typed (marked unfinished), and a save that fails keeps the
entry in a recovery file and shows the response, never losing it. The command layer
lends the line reader, the consoles, the clock and the signal handling.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from rich.console import Console, RenderableType

from placecli.errors import Interrupted, SaveError, Stop
from placecli.views.render import Text

if TYPE_CHECKING:
    from pathlib import Path

    from placecli.packs.model import Pack, Prompt
    from placecli.reflect.followups import FollowUp
    from placecli.reflect.prompts import Answered

RESPONSE_PROMPT = "  › "  # marks the lines of a response as the person types them
ReadLine = Callable[[str], "str | None"]  # a prompt in, a line out; None at end of input
EntryOf = Callable[[str, dt.datetime, "str | None"], str]  # response, when, how it stopped


class Journal(NamedTuple):
    """Where responses are saved, and what the command layer lends for saving them."""

    path: Path  # as the person gave it: named in messages
    spare_folder: Path  # for a recovery file when the journal's own folder cannot take one
    held: Callable[[], AbstractContextManager[object]] = nullcontext  # holds Ctrl-C off a save


class Ask(NamedTuple):
    """One thing to respond to: what the screen shows, and the entry a response makes."""

    view: RenderableType
    entry: EntryOf


class Words(NamedTuple):
    """What the loop says, for prompts or for follow-ups."""

    how: str  # how to finish a response, and how to stop
    nothing: str  # after an empty response


class End(enum.Enum):
    """How a response ended: a line with only ".", `q` first, or end of input."""

    FINISHED = "."
    QUIT = "q"
    END_OF_INPUT = ""


def run_journal(
    asks: Sequence[Ask],
    words: Words,
    screen: Console,
    talk: Console,
    read_line: ReadLine,
    journal: Journal,
    now: Callable[[], dt.datetime],
) -> int:
    """Ask for a response to each in turn, appending each to the journal as it is
    finished; how many were saved.

    `q` first stops, as does end of input; an empty response saves nothing. Ctrl-C, or a
    signal handled like it (`Stop`), saves what was typed for the current one, marked
    unfinished, and raises Interrupted; nothing earlier is touched. A failed save keeps
    the response elsewhere (`talk` shows it) and raises SaveError.
    """
    session = Session(journal, talk, now)
    lines = one_at_a_time(read_line)
    try:
        for ask in asks:
            screen.print(ask.view)
            screen.print(words.how, style="place.muted")
            session.ask = ask
            end = read_response(lines, session.unsaved)
            if end is End.QUIT:
                screen.print(Text(session.stopped("stopped"), "place.muted"), soft_wrap=True)
                break
            if session.save():  # a path is never broken across lines
                screen.print(Text(f"Saved to {journal.path}.", "place.good"), soft_wrap=True)
            else:
                screen.print(words.nothing, style="place.muted")
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
    """A journal session's state: what is being answered, its lines until they are
    saved, and how many responses were saved."""

    journal: Journal
    talk: Console
    now: Callable[[], dt.datetime]
    ask: Ask | None = None
    unsaved: list[str] = field(default_factory=list)
    saved: int = 0

    def save(self, unfinished: str | None = None) -> bool:
        """Save the response typed (if any) to what is being answered; whether one was.

        The save runs with Ctrl-C and the signals held off (`journal.held`), and the
        lines are forgotten inside that, so a Ctrl-C can neither cut the save short nor
        save the same lines twice.
        """
        text = response_text(self.unsaved)
        if not text or self.ask is None:
            self.unsaved.clear()
            return False
        stopped = f"stopped {unfinished}" if unfinished else None
        when = self.now()
        with self.journal.held():
            save(self.journal, self.ask.entry(text, when, stopped), text, when, self.talk)
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


def save(journal: Journal, entry: str, text: str, when: dt.datetime, talk: Console) -> None:
    """Append one entry; if that fails, keep it in a recovery file, show it, SaveError."""
    from placecli.reflect.journal import append_to_journal, keep_unsaved

    try:
        append_to_journal(journal.path, entry)
    except SaveError as error:
        kept = keep_unsaved(journal.path, entry, f"{when:%Y%m%d-%H%M%S}", journal.spare_folder)
        talk.print("The response that could not be saved:", style="place.strong")
        talk.print(Text(text), soft_wrap=True)  # shown, never obeyed
        where = f"it is kept in {kept}" if kept else "no recovery file could be written either"
        raise SaveError(f"{error.message}; {where} (and printed above)") from None


# What is asked: prompts (reflect --journal) or follow-ups (reflect --due).

PROMPT_WORDS = Words(
    'Blank lines are kept. A line with only "." finishes the response; "." first skips this '
    'prompt.\n"q" alone on the first line stops here; what is saved stays saved.',
    "Nothing written for this prompt.",
)
FOLLOW_UP_WORDS = Words(
    'A line with only "." finishes the answer; "q" alone on the first line stops here.',
    "Nothing written for this follow-up; it stays due.",
)


def prompt_asks(prompts: Sequence[Prompt], pack: Pack, answered: Answered) -> list[Ask]:
    """The prompts the journal has no finished response to, numbered among all of them."""
    from placecli.reflect.prompts import journal_entry
    from placecli.views.render import prompt_view
    from placecli.views.text import concept_title

    def entry_of(prompt: Prompt) -> EntryOf:
        title = concept_title(pack, prompt.concept)
        return lambda text, when, stopped: journal_entry(prompt, title, text, when, stopped)

    total = len(prompts)
    return [
        Ask(prompt_view(prompt, pack, number, total), entry_of(prompt))
        for number, prompt in enumerate(prompts, start=1)
        if not answered.has(prompt)
    ]


def follow_up_asks(found: Sequence[FollowUp]) -> list[Ask]:
    from placecli.reflect.followups import follow_up_entry
    from placecli.views.journal import follow_up_view

    def entry_of(follow: FollowUp) -> EntryOf:
        return lambda text, when, stopped: follow_up_entry(follow, text, when, stopped or "")

    total = len(found)
    return [
        Ask(follow_up_view(follow, number, total), entry_of(follow))
        for number, follow in enumerate(found, start=1)
    ]

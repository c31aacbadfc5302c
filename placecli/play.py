"""The interactive loops: they show renderables and read lines, both passed in.

Nothing here knows whether it talks to a terminal or a script; `commands.py` decides that and
hands over a Console for what the player sees and a `read_line` for what they type.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.console import Console

from . import render
from .errors import Interrupted
from .model import Pack, Prompt
from .qtypes import Unreadable
from .quiz import Outcome, Quiz, is_quit
from .text import concept_title

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
    record: Record | None = None,
    clock: Callable[[], float] = no_clock,
) -> Quiz:
    """Ask every question until the end, `q`, end of input or Ctrl-C, then report.

    Ctrl-C reports the score so far and raises Interrupted. A person at a terminal is
    asked again after an answer that cannot be read; a script's line is scored as not
    answered instead, so its later lines stay in step with the questions. `record` is
    given each outcome as it is scored, with the seconds (by `clock`) it took.
    """
    try:
        ask_all(quiz, pack, screen, read_line, interactive, note, record, clock)
    except KeyboardInterrupt:
        screen.print()
        screen.print(render.result_view(quiz, pack))
        raise Interrupted("stopped with Ctrl-C") from None
    screen.print(render.result_view(quiz, pack))
    return quiz


def ask_all(
    quiz: Quiz,
    pack: Pack,
    screen: Console,
    read_line: ReadLine,
    interactive: bool,
    note: Callable[[str], None],
    record: Record | None = None,
    clock: Callable[[], float] = no_clock,
) -> None:
    total = len(quiz.asked)
    while (asked := quiz.current) is not None:
        screen.print(render.question_view(asked, total))
        shown = clock()
        prompt = asked.how_to_answer
        while True:
            line = read_line(f"{prompt}: ")
            if line is None:
                screen.print("\nEnd of input: the quiz stops here.", style="dim")
                return
            if is_quit(line):
                screen.print("Quiz stopped early.", style="dim")
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


def run_reflect(
    prompts: Sequence[Prompt],
    pack: Pack,
    screen: Console,
    read_line: ReadLine,
    journal: Path,
    now: Callable[[], dt.datetime],
) -> int:
    """Ask for a response to each prompt and append each to the journal as it is finished.

    Returns how many were saved. Ctrl-C saves what was typed so far for the current
    prompt, marked unfinished, and raises Interrupted; nothing earlier is touched.
    """
    saved = 0
    for number, prompt in enumerate(prompts, start=1):
        screen.print(render.prompt_view(prompt, pack, number, len(prompts)))
        screen.print("Write your response; an empty line finishes it.", style="dim")
        lines: list[str] = []
        try:
            ended = read_response(read_line, lines)
        except KeyboardInterrupt:
            if lines:
                save(journal, prompt, pack, lines, now(), unfinished=True)
            screen.print()
            raise Interrupted(
                f"stopped with Ctrl-C; every response so far is in {journal}"
            ) from None
        if lines:
            save(journal, prompt, pack, lines, now())
            saved += 1
            screen.print(f"Saved to {journal}.", style="green")
        else:
            screen.print("Nothing written for this prompt.", style="dim")
        if ended:
            screen.print("End of input.", style="dim")
            break
    return saved


def read_response(read_line: ReadLine, lines: list[str]) -> bool:
    """Fill `lines` until an empty line (False) or end of input (True)."""
    while True:
        line = read_line(RESPONSE_PROMPT)
        if line is None:
            return True
        if not line.strip():
            return False
        lines.append(line)


def save(
    journal: Path,
    prompt: Prompt,
    pack: Pack,
    lines: list[str],
    when: dt.datetime,
    unfinished: bool = False,
) -> None:
    title = concept_title(pack, prompt.concept)
    from .reflect import append_to_journal, journal_entry  # not for a quiz: it needs pathlib

    entry = journal_entry(prompt, title, "\n".join(lines), when, unfinished)
    append_to_journal(journal, entry)


def run_timer(
    total: float, screen: Console, now: Callable[[], float], sleep: Callable[[float], None]
) -> None:
    """A countdown bar of `total` seconds for a discussion; Ctrl-C stops it (Interrupted)."""
    from rich.progress import BarColumn, Progress, TextColumn

    from .reflect import clock_text, countdown

    screen.print(f"Discussion timer: {clock_text(total)}. Ctrl-C stops it.", style="dim")
    columns = (TextColumn("[bold cyan]Discussion"), BarColumn(), TextColumn("{task.fields[left]}"))
    try:
        with Progress(*columns, console=screen) as progress:
            task = progress.add_task("timer", total=total, left=clock_text(total))
            for left in countdown(total, now, sleep):
                progress.update(task, completed=total - left, left=clock_text(left))
    except KeyboardInterrupt:
        raise Interrupted("timer stopped with Ctrl-C") from None
    screen.bell()
    screen.print("⏰ Time is up.", style="bold yellow")

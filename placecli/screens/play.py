"""The quiz's loop and the line-by-line discussion timer: they show renderables and
read lines, both passed in.

Nothing here knows whether it talks to a terminal or a script; the command layer decides
that and hands over a Console for what the player sees and a `read_line` for what they
type. The journal's loop is `journal.py`.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console

from placecli.errors import Interrupted
from placecli.packs.model import Pack
from placecli.packs.qtypes import Unreadable
from placecli.quiz.engine import Outcome, Quiz, is_quit
from placecli.views import render

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

"""The interactive loops: they show renderables and read lines, both passed in.

Nothing here knows whether it talks to a terminal or a script; `cli.py` decides that and
hands over a Console for what the player sees and a `read_line` for what they type.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console

from . import render
from .errors import Interrupted
from .model import Pack
from .quiz import Quiz, Unreadable, is_quit

ReadLine = Callable[[str], "str | None"]  # a prompt in, a line out; None at end of input


def run_quiz(quiz: Quiz, pack: Pack, screen: Console, read_line: ReadLine) -> Quiz:
    """Ask every question until the end, `q`, end of input or Ctrl-C, then report.

    Ctrl-C reports the score so far and raises Interrupted.
    """
    try:
        ask_all(quiz, pack, screen, read_line)
    except KeyboardInterrupt:
        screen.print()
        screen.print(render.result_view(quiz, pack))
        raise Interrupted("stopped with Ctrl-C") from None
    screen.print(render.result_view(quiz, pack))
    return quiz


def ask_all(quiz: Quiz, pack: Pack, screen: Console, read_line: ReadLine) -> None:
    total = len(quiz.asked)
    while (asked := quiz.current) is not None:
        screen.print(render.question_view(asked, total, pack))
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
                prompt = f"Sorry, {unreadable.hint}"
                continue
            screen.print(render.outcome_view(outcome))
            break

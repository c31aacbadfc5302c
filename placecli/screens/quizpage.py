"""`quiz --present`: the quiz for a room, one question a screen (a page of the shell).

A question: its text large in the header, the options in the body, and a line to type
the answer on (as in the quiz: `B`, `AC`, `t`, `CAB`; `q` stops). The reveal: a one-line
form of the stem and the verdict in the header, where no scrolling can take them; then
how much was right, the answer and why, labelled. An order or match question leaves out
"You answered" (the "2 of 4 in the right place" line says enough). Enter, →, PgDn or space
read on ("Enter: more" while the reveal goes on below), then the next question; after the
last, the score. The answers are scored by the quiz engine; `record` is told of each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.console import Group, RenderableType
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Static

from placecli.packs.model import Pack
from placecli.packs.qtypes import Unreadable
from placecli.quiz.engine import Outcome, Quiz, is_quit
from placecli.screens.shell import Clock, KeyRow, Page, themed
from placecli.views import render
from placecli.views.layout import Hanging
from placecli.views.render import Text
from placecli.views.text import concept_title
from placecli.words import plural

Record = Callable[[Outcome, float], None]  # each outcome, with the seconds it took


def verdict_line(outcome: Outcome) -> Text:
    if outcome.correct:
        return Text("✓ Right.", style="place.good")
    if not outcome.given:
        return Text("✗ Not answered.", style="place.bad")
    return Text("✗ Not this time.", style="place.bad")


def reveal_body(outcome: Outcome, pack: Pack) -> RenderableType:
    """Under the verdict: how much was right, what was answered (not for an order or
    match question), the answer, and why, each labelled."""
    asked = outcome.asked
    q = asked.question
    parts: list[RenderableType] = []
    partly = outcome.partly
    if partly:
        parts.append(Text(partly[:1].upper() + partly[1:] + ".", style="place.wrong"))
    if not outcome.correct and outcome.given and asked.kind.form.chosen:
        parts.append(render.answer_block("You answered:", asked, outcome.given, "place.wrong"))
    parts.append(render.answer_block("Answer:", asked, q.answer, "place.strong"))
    why = [
        (Text("Why:", style="place.strong"), Text(q.explanation)),
        (Text("On:", style="place.strong"), Text(concept_title(pack, q.concept))),
    ]
    for option, words in outcome.feedback:
        why.append((Text("Note:", style="place.warn"), Text(f"on “{option}”: {words}")))
    return Group(*parts, Text(), Hanging(why))


def one_line(text: str) -> Text:
    """The stem on one line, cut with … where the screen ends."""
    return Text(" ".join(text.split()), style="place.muted", no_wrap=True, overflow="ellipsis")


class QuizPage(Page):
    """Ask each question, reveal its answer, then the score. `result`: the quiz."""

    DEFAULT_CSS = """
    QuizPage #hint { height: auto; padding: 0 1; }
    QuizPage #answer { height: 1; border: none; padding: 0 1; margin: 0 1 1 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "next", show=False)]
    KEYS: ClassVar[tuple[KeyRow, ...]] = (
        ("letters, Enter", "answer (B, AC, t, CAB; q to stop)"),
        ("Enter  →  PgDn  space", "after the answer: read on, then the next question"),
    )
    FOOTER_KEYS: ClassVar[tuple[str, str]] = ("Enter next  ? keys  q quit", "Enter ? q")

    def __init__(self, quiz: Quiz, pack: Pack, seed: int, now: Clock, record: Record | None):
        super().__init__()
        self.quiz = quiz
        self.pack = pack
        self.seed = seed
        self.now = now
        self.record = record
        self.outcome: Outcome | None = None
        self.asked_at = now()
        self.finished = False

    @property
    def result(self) -> object:
        return self.quiz

    def extra(self) -> ComposeResult:
        yield Static(id="hint")
        yield Input(placeholder="the answer, then Enter", id="answer")

    def on_mount(self) -> None:
        super().on_mount()
        self.ask()

    # What is shown.

    def header(self) -> RenderableType:
        asked = self.quiz.current
        if self.outcome is not None:
            return Group(one_line(self.outcome.asked.question.question), verdict_line(self.outcome))
        if asked is None:
            return Text("The score", style="place.heading")
        title = Text(asked.question.question, style="place.heading")
        return Hanging([(Text("█", style="place.mark"), title)])

    def body(self) -> RenderableType:
        if self.outcome is not None:
            return reveal_body(self.outcome, self.pack)
        asked = self.quiz.current
        if asked is None:
            return render.result_view(self.quiz, self.pack)
        parts: list[RenderableType] = []
        lead = asked.kind.lead(asked)
        if lead:
            rows = [(Text(f"{key}.", style="place.strong"), Text(item)) for key, item in lead]
            parts += [Hanging(rows, 1), Text()]
        choices = asked.choices()
        parts.append(Hanging([(Text(key, style="place.accent"), Text(o)) for key, o in choices], 1))
        return Group(*parts)

    def status(self) -> str:
        asked = self.outcome.asked if self.outcome is not None else self.quiz.current
        if asked is None:
            return f"{plural(len(self.quiz.asked), 'question')} · seed {self.seed}"
        return f"Question {asked.number} of {len(self.quiz.asked)} · seed {self.seed}"

    def more_text(self) -> str:
        return "Enter: more" if self.outcome is not None else super().more_text()

    def ask(self) -> None:
        """The current question, or the score after the last."""
        answer = self.query_one("#answer", Input)
        asked = self.quiz.current
        answer.display = asked is not None and self.outcome is None
        self.query_one("#hint", Static).update(
            themed(Text(asked.how_to_answer, style="place.muted"))
            if asked is not None and self.outcome is None
            else themed(Text())
        )
        if answer.display:
            answer.value = ""
            answer.focus()
        else:
            self.set_focus(None)  # the keys are the page's again
        self.show(top=True)

    # What the keys do.

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        asked = self.quiz.current
        if asked is None:
            return
        if is_quit(event.value):
            self.leave()
            return
        try:
            outcome = self.quiz.answer(event.value)
        except Unreadable as unreadable:
            hint = Text(f"Sorry, {unreadable.hint} (or q to quit)", style="place.warn")
            self.query_one("#hint", Static).update(themed(hint))
            event.input.value = ""
            return
        if self.record is not None:
            self.record(outcome, self.now() - self.asked_at)
        self.outcome = outcome
        self.ask()

    def forward(self) -> None:
        if self.outcome is None:
            if self.quiz.current is None:
                self.leave()
            return
        self.outcome = None
        self.asked_at = self.now()
        self.ask()

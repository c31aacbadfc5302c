"""Quizzing: `place quiz` alone, from a script, on a projector, as an answer key, again
(`--missed`, `--due`), or as a team quiz; and the quiz a plan's step runs."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from placecli.commands.packs import load
from placecli.commands.presenter import note_on, present, screen_for
from placecli.errors import UsageError
from placecli.words import plural

if TYPE_CHECKING:
    from rich.console import RenderableType

    from placecli.commands.learning import Again
    from placecli.commands.presenter import Format
    from placecli.packs.model import Pack
    from placecli.quiz.engine import Asked, Quiz
    from placecli.quiz.teams import PointsRule, Room
    from placecli.screens.shell import Page
    from placecli.terminal.context import Terminal
    from placecli.workshop.plan import Show


class RoomOptions(NamedTuple):
    """The team quiz's options, as given on the command line."""

    teams: str
    time: int | None = None
    points: PointsRule = "one"
    leaderboard: bool = True
    practice: int = 0

    @property
    def option_text(self) -> str:
        """The options again, for the command that repeats the quiz."""
        import shlex

        words = [f"--teams {shlex.quote(self.teams)}"]
        if self.time:
            words.append(f"--time {self.time}")
        if self.points != "one":
            words.append(f"--points {self.points}")
        if not self.leaderboard:
            words.append("--no-leaderboard")
        if self.practice:
            words.append(f"--practice {self.practice}")
        return " ".join(words)


class QuizRequest(NamedTuple):
    content: tuple[str, ...] = ()
    questions: int = 10  # --count
    concepts: tuple[str, ...] = ()
    seed: int | None = None
    answer_key: bool = False
    format: Format = "rich"
    present: bool = False
    no_pager: bool = False
    again: Again | None = None  # --missed or --due
    record: bool = True  # not --no-history
    room: RoomOptions | None = None  # --teams and the team quiz's options


class AnswerKey(NamedTuple):
    """The questions drawn, with their answers and explanations."""

    asked: Sequence[Asked]
    pack: Pack
    seed: int
    repeat: str  # the command that asks them

    def rich(self) -> RenderableType:
        from placecli.views.render import answer_key_view

        count = plural(len(self.asked), "question")
        heading = f"Answer key: {count}, seed {self.seed} · {self.repeat}"
        return answer_key_view(self.asked, self.pack, heading)

    def markdown(self) -> str:
        from placecli.exporters.markdown import answer_key_markdown

        entries = [(a.number, a.question, a.choices()) for a in self.asked]
        line = f"{plural(len(self.asked), 'question')}, seed {self.seed}: `{self.repeat}`"
        return answer_key_markdown(entries, self.pack, level=1, note=line)

    def json(self) -> Any:
        from placecli.views.plain import answer_key_data

        return {"seed": self.seed, "command": self.repeat, **answer_key_data(self.asked)}


class Played(NamedTuple):
    """A quiz played: the screen has shown its report; the JSON result is its data."""

    seed: int
    game: Quiz
    pack: Pack

    def rich(self) -> str:
        return ""

    def json(self) -> Any:
        return {"seed": self.seed, **self.game.result_data(self.pack)}


class TeamRecord(NamedTuple):
    """A team quiz played: the facilitator's record."""

    room: Room
    seed: int

    def rich(self) -> str:
        return ""

    def json(self) -> Any:
        return self.room.record(self.seed)


def quiz(request: QuizRequest, terminal: Terminal) -> AnswerKey | Played | None:
    from placecli.packs.lookup import find_concepts

    if request.present:
        from placecli.commands.fullscreen import check_present

        check_present(terminal)
    pack = load(request.content, terminal)
    ids = [c.id for c in find_concepts(pack, request.concepts)] if request.concepts else []
    seed = request.seed
    if seed is None:
        import random

        seed = random.SystemRandom().randrange(1, 10_000)
    if request.again is not None:
        from placecli.commands.learning import asked_again

        asked, repeat, heading = asked_again(
            pack, ids, request.questions, seed, request.again, terminal
        )
        if not asked:  # the heading says why
            screen_for(request.format, terminal).print(heading, soft_wrap=True)
            return Played(seed, quiz_of([]), pack)
    else:
        asked, repeat = drawn(pack, request.questions, ids, seed)
        heading = f"{plural(len(asked), 'question')} · seed {seed} · {repeat} repeats them"
        if request.room is not None:
            again = f"{repeat} {request.room.option_text}"
            room = room_of(request.room)
            team_quiz(terminal, room, request.room.leaderboard, asked, seed, again, request.format)
            return None
    if request.answer_key:
        return AnswerKey(asked, pack, seed, repeat)
    kind = (request.again or "quiz") if request.record else None
    play_quiz(terminal, quiz_of(asked), pack, heading, seed, kind, request)
    return None


def quiz_of(asked: Sequence[Asked]) -> Quiz:
    from placecli.quiz.engine import Quiz

    return Quiz(list(asked))


def drawn(pack: Pack, count: int, ids: Sequence[str], seed: int) -> tuple[list[Asked], str]:
    """The seed's first `count` questions, and the command that asks them again."""
    from placecli.quiz.engine import TooFewQuestions, draw

    try:
        asked = draw(pack, count, ids, seed)
    except TooFewQuestions as error:
        raise UsageError(f"--count must be at least 1, not {error.count}") from None
    chosen = "".join(f" --concept {c}" for c in ids)
    return asked, f"place quiz --seed {seed} --count {count}{chosen}"


def play_quiz(
    terminal: Terminal,
    game: Quiz,
    pack: Pack,
    heading: str,
    seed: int,
    kind: str | None,
    request: QuizRequest,
) -> None:
    """Ask the questions; record each answer in the history as `kind` (None: record
    nothing). On a projector (`--present`), each question has a clean screen of its own,
    and the report stays on the screen the room comes back to. The JSON result is written
    however the quiz ends."""
    from placecli.commands.learning import recorder
    from placecli.screens.play import run_quiz

    screen = screen_for(request.format, terminal)
    screen.print(heading, style="place.muted", soft_wrap=True)
    note = note_on(terminal)
    recording = recorder(pack, kind, note, terminal) if kind is not None else None
    read_line = terminal.lines(screen)
    ask = partial(
        run_quiz,
        game,
        pack,
        screen,
        read_line,
        interactive=terminal.person,
        note=note,
        record=recording,
        clock=terminal.monotonic,
    )
    try:
        if request.present:
            from placecli.commands.fullscreen import quiz_on_a_projector

            quiz_on_a_projector(terminal, screen, game, pack, seed, recording)
        else:
            ask()
    finally:
        if recording is not None:
            recording.close()
        present(Played(seed, game, pack), request.format, terminal)


def room_of(options: RoomOptions) -> Room:
    """The team quiz's room: the teams read from --teams, with its rules."""
    from placecli.quiz.teams import BadTeams, Room, teams_of

    try:
        teams = teams_of(options.teams)
    except BadTeams as error:
        raise UsageError(error.worded("--teams")) from None
    timer = float(options.time) if options.time else None
    return Room(teams, options.points, timer, options.practice)


def team_quiz(
    terminal: Terminal,
    room: Room,
    leaderboard: bool,
    asked: Sequence[Asked],
    seed: int,
    again: str,
    fmt: Format,
) -> None:
    """The team quiz on one screen; the facilitator's record on stdout with json."""
    from placecli.commands import fullscreen

    screen = screen_for(fmt, terminal)
    names = ", ".join(room.teams)
    heading = f"{plural(len(asked), 'question')} · teams {names} · seed {seed} · {again}"
    screen.print(heading, style="place.muted", soft_wrap=True)
    try:
        fullscreen.team_quiz(terminal, screen, room, asked, leaderboard)
    finally:
        present(TeamRecord(room, seed), fmt, terminal)


def plan_quiz(terminal: Terminal, show: Show, pack: Pack) -> Page:
    """A plan's quiz step: the team quiz, or a quiz for the room (recorded nowhere), as a
    page of `place run`'s shell; the plan comes back when it ends."""
    import random

    from placecli.quiz.engine import draw

    seed = show.seed or random.SystemRandom().randrange(1, 10_000)
    asked = draw(pack, show.questions or 10, show.concepts, seed)
    if show.teams:
        from placecli.quiz.teams import Room
        from placecli.screens.teampage import TeamPage

        return TeamPage(Room(show.teams), asked, terminal.monotonic)
    from placecli.screens.quizpage import QuizPage

    return QuizPage(quiz_of(asked), pack, seed, terminal.monotonic, None)

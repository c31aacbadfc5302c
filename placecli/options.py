"""The command line's options, each declared once with its help: the ones several
commands take, the long ones of the quiz, reflect and run; the helpers that declare
them; and `RULES`, the one table of options that go (or cannot go) together, checked
before a command is dispatched.

cli.py declares each command with these; `dispatch` checks the table, then runs the
command family's function (commands/) on this process's Terminal and presents its result.
"""

from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal

import typer
from typer._click import types as click_types  # Typer 0.28 vendors Click (pinned: <0.29)
from typer._types import TyperChoice

from placecli.errors import UsageError
from placecli.packs.model import Audience

AllFormats = Literal["rich", "markdown", "json"]
DataFormats = Literal["rich", "json"]
Points = Literal["one", "speed"]  # quiz.teams.PointsRule (a test holds them equal)
PlanExport = Literal["markdown", "html"]  # commands.running.PlanExport (likewise)
Calendar = Literal["ics"]


def examples(*lines: str) -> str:
    """The help's examples, one runnable command a line."""
    return "\n\n".join(["Examples:", *(f"[bold]{line}[/]" for line in lines)])


# The help shows each option's metavar (N, PATH, FORMAT) and says in words what it takes;
# Click's own names for types (<str>, <not_empty>, <html|pdf|...>) never appear.


class Words(click_types.StringParamType):
    """Text as typed: the help names it by its metavar only."""

    name = "text"

    def get_metavar(self, param: Any, ctx: Any) -> str:
        return ""


class NotEmpty(Words):
    """A name or path given as "" (an unset shell variable) is a usage error everywhere,
    not the current folder, nor every record."""

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if value in ("", b""):
            self.fail("it is empty", param, ctx)
        return super().convert(value, param, ctx)


class Choice(TyperChoice[str]):
    """A Literal's choices for an argument, which its help lists with what each does."""

    def get_metavar(self, param: Any, ctx: Any) -> str:
        return ""


WORDS, NOT_EMPTY = Words(), NotEmpty()


def option(*names: str, help: str, **more: Any) -> Any:
    """An option with its help; no default shown unless `show_default` says so."""
    return typer.Option(*names, help=help, **{"show_default": False, **more})


def text(*names: str, metavar: str, help: str, **more: Any) -> Any:
    """An option that takes a name or a path, which cannot be empty."""
    return option(*names, metavar=metavar, help=help, click_type=NOT_EMPTY, **more)


def argument(metavar: str, help: str, click_type: Any = NOT_EMPTY, **more: Any) -> Any:
    """An argument: by default a name or a path, which cannot be empty."""
    return typer.Argument(
        metavar=metavar, help=help, show_default=False, click_type=click_type, **more
    )


def formats(what: str) -> Any:
    """--format: the choices are the Literal it annotates; `what` says what each gives."""
    return option("--format", "-f", metavar="FORMAT", help=what, show_default=True)


def team(*names: str, help: str, **more: Any) -> Any:
    """An option of the team quiz, in its own panel of the help."""
    return option(*names, help=help, rich_help_panel="Team quiz", **more)


Content = Annotated[
    list[str] | None,
    text(
        "--content",
        metavar="PATH",
        help="Use this pack folder instead of the built-in pack; repeat to join several. "
        "Before or after the command. Default: $PLACE_CONTENT.",
    ),
]
Concepts = Annotated[
    list[str] | None,
    argument(
        "[CONCEPT]...", "Concept ids, or unambiguous prefixes of an id or title; default: all."
    ),
]
NoPager = Annotated[
    bool,
    option(
        "--no-pager",
        help="Print straight to the terminal. Default: output taller than the screen goes "
        "through $PLACE_PAGER, else $PAGER, else less -FRX (an empty PLACE_PAGER: no pager).",
    ),
]
Present = Annotated[
    bool,
    option(
        "--present",
        help="Full screen, for a projector: one item a screen; → PgDn space next, ← PgUp back, "
        "a section's number and Enter to jump, b blanks, ? every key, q quits. Needs a "
        "terminal.",
    ),
]


# The quiz's options.

Count = Annotated[
    int,
    option(
        "--count",
        "-n",
        metavar="N",
        min=1,
        show_default=True,
        help="How many questions (all, if fewer).",
    ),
]
ConceptOption = Annotated[
    list[str] | None,
    option("--concept", "-c", metavar="ID", help="Only this concept; repeatable."),
]
QuizSeed = Annotated[
    int | None,
    option(
        "--seed", metavar="S", help="Same seed, same questions, order and letters. Default: random."
    ),
]
AnswerKey = Annotated[
    bool, option("--answer-key", help="Print the questions with answers; ask nothing.")
]
QuizFormat = Annotated[
    AllFormats,
    formats(
        "json: the result as JSON on stdout, talk on stderr; "
        "markdown: the answer key as a handout (with --answer-key)."
    ),
]
PresentQuiz = Annotated[
    bool,
    option(
        "--present",
        help="Full screen, for a projector: each question on a clean screen, the score on the "
        "screen the room comes back to. Needs a terminal.",
    ),
]
Missed = Annotated[
    bool,
    option(
        "--missed", help="Ask again the questions you got wrong the last time, most recent first."
    ),
]
Due = Annotated[
    bool, option("--due", help="Ask the questions spaced review (FSRS) says are due now.")
]
NoHistory = Annotated[
    bool,
    option(
        "--no-history",
        help="Record nothing in your history (for a room's quiz); PLACE_NO_HISTORY set to 1 "
        "does the same.",
    ),
]
Teams = Annotated[
    str | None,
    team(
        "--teams",
        metavar="NAMES",
        help='A team quiz on one screen: "Red,Blue" (2 to 10 names) or a number (4: Team 1 '
        "to Team 4). The facilitator types each team's answer.",
    ),
]
Time = Annotated[
    int | None,
    team(
        "--time",
        metavar="S",
        min=5,
        max=600,
        help="With --teams: a countdown for each question, 5 to 600 seconds. Default: none.",
    ),
]
PointsOption = Annotated[
    Points,
    team(
        "--points",
        metavar="RULE",
        show_default=True,
        help="With --teams: one (1 point a right answer) or speed (Kahoot!'s points: 1000 "
        "down to 500 by the time taken; needs --time).",
    ),
]
NoLeaderboard = Annotated[
    bool, team("--no-leaderboard", help="With --teams: no points or standings until the end.")
]
Practice = Annotated[
    int,
    team(
        "--practice",
        metavar="N",
        min=0,
        show_default=True,
        help="With --teams: the first N questions score nothing.",
    ),
]

# The reflection's options.

AudienceOption = Annotated[
    Audience | None,
    option("--audience", "-a", metavar="WHO", help="Only prompts for individual, pair or group."),
]
RandomOne = Annotated[bool, option("--random", help="Show one prompt at random.")]
ReflectSeed = Annotated[
    int | None, option("--seed", metavar="S", help="Makes --random repeatable.")
]
Journal = Annotated[
    str | None,
    text(
        "--journal",
        "-j",
        metavar="PATH",
        help="Write a response to each prompt, appended to this Markdown file.",
    ),
]
Timer = Annotated[
    str | None,
    option(
        "--timer",
        "-t",
        metavar="DURATION",
        help="A discussion timer after each prompt, in large digits (on a terminal): "
        "15 (minutes), 15m, 90s, 1:30, 1h, or auto: each prompt's suggested minutes.",
    ),
]
Resume = Annotated[
    bool,
    option(
        "--resume",
        help="With --journal: skip the prompts the journal already has a finished response to.",
    ),
]
DueFollowUps = Annotated[
    bool,
    option("--due", help="With --journal: follow up the responses written 2, 7 and 30 days ago."),
]
CalendarOption = Annotated[
    Calendar | None,
    option(
        "--export",
        metavar="FORMAT",
        help="With --due: write every follow-up to come as a calendar (ics) on stdout.",
    ),
]

# place run's options.

PlanArgument = Annotated[
    str | None,
    argument(
        "[PLAN]",
        "A plan's name (from a pack's plans/ folder) or a plan file; default: list the plans.",
    ),
]
PlanExportOption = Annotated[
    PlanExport | None,
    option(
        "--export",
        metavar="FORMAT",
        help="Print the plan instead: markdown (a slide deck for presenterm or patat, notes "
        "as speaker notes) or html (a printable run-sheet).",
    ),
]
EndTime = Annotated[
    str | None,
    option(
        "--end-time",
        metavar="HH:MM",
        help="Rescale the steps to finish at this time (again at each step).",
    ),
]
Notes = Annotated[
    str | None,
    option(
        "--notes",
        metavar="FILE",
        help="Write the current step's notes to this file as the steps change (follow it "
        "with tail -F on a second screen).",
    ),
]


def content_of(ctx: typer.Context, here: list[str] | None) -> tuple[str, ...]:
    """The --content folders, given before the command and after it, in that order."""
    before: list[str] = ctx.find_root().obj or []
    return (*before, *(here or []))


# The options that go together, or do not: by command, each rule a test on the options
# as parsed (by their names in cli.py) and the message when it holds. Checked in order,
# before anything is loaded; the first that holds is the error.


class Given(dict[str, Any]):
    """The parsed options, read as attributes by the rules."""

    def __getattr__(self, name: str) -> Any:
        return self[name]


Rule = tuple[Callable[[Given], object], str]

PRESENT_SHOWS_THE_SCREEN: Rule = (
    lambda o: o.present and o.output != "rich",
    "--present shows the screen view, not {output}: leave out --format",
)
RULES: dict[str, tuple[Rule, ...]] = {
    "summary": (PRESENT_SHOWS_THE_SCREEN,),
    "quiz": (
        (lambda o: o.missed and o.due, "--missed and --due cannot be used together"),
        (
            lambda o: (
                o.teams is None
                and (o.time is not None or o.points != "one" or o.no_leaderboard or o.practice)
            ),
            "--time, --points, --no-leaderboard and --practice are for a team quiz: add --teams",
        ),
        (
            lambda o: o.teams is not None and (o.answer_key or o.missed or o.due or o.present),
            "a team quiz asks the room: leave out --answer-key, --missed, --due and --present",
        ),
        (
            lambda o: o.points == "speed" and not o.time,
            "--points speed scores the time taken: add a countdown, e.g. --time 30",
        ),
        (
            lambda o: o.present and o.answer_key,
            "--present asks the questions; --answer-key prints them: choose one",
        ),
        PRESENT_SHOWS_THE_SCREEN,
        (
            lambda o: o.output == "markdown" and not o.answer_key,
            "--format markdown writes the answer key: add --answer-key",
        ),
    ),
    "reflect": (
        (lambda o: o.export and not o.due, "--export writes the follow-ups: add --due"),
        (
            lambda o: (
                o.due
                and (
                    o.random_one
                    or o.seed is not None
                    or o.timer is not None
                    or o.resume
                    or o.audience
                    or o.concepts
                    or o.output != "rich"
                    or o.present
                )
            ),
            "--due asks the follow-ups a journal has due: it takes only --journal and --export",
        ),
        (
            lambda o: o.due and o.journal is None,
            "--due follows up the responses in a journal: add --journal PATH",
        ),
        PRESENT_SHOWS_THE_SCREEN,
        (
            lambda o: o.present and o.journal is not None,
            "--present and --journal do not go together: choose one",
        ),
        (
            lambda o: o.seed is not None and not o.random_one,
            "--seed picks the prompt --random shows: add --random, or leave out --seed",
        ),
        (
            lambda o: o.resume and o.journal is None,
            "--resume skips the prompts a journal answers: add --journal PATH",
        ),
        (
            lambda o: o.output != "rich" and (o.journal is not None or o.timer is not None),
            "--format {output} writes the prompts only: no --journal or --timer",
        ),
    ),
    "run": (
        (
            lambda o: o.output != "rich" and o.plan is not None,
            "--format {output} lists the plans: leave out PLAN",
        ),
        (
            lambda o: (
                not o.room
                and (o.bind or o.name or o.allow_public or o.max_devices != 300 or o.min_tally != 5)
            ),
            "--bind, --name, --allow-public, --max-devices and --min-tally serve the plan's room: "
            "add --room",
        ),
        (lambda o: o.room and o.plan is None, "--room runs a plan's room: name the PLAN"),
        (
            lambda o: o.room and (o.export or o.end_time is not None or o.notes is not None),
            "--room serves the plan's quiz and reflection steps to phones: leave out --export, "
            "--end-time and --notes",
        ),
    ),
    "room forget": (
        (lambda o: o.everything == (o.session is not None), "name one SESSION, or --all"),
    ),
}


def check(command: str, params: Mapping[str, Any]) -> None:
    """The first rule of `command` that the options break, as a usage error."""
    given = Given(params)
    for breaks, message in RULES.get(command, ()):
        if breaks(given):
            hint = f"Try 'place {command} --help' for help."
            raise UsageError(message.format(**given), hint)


def dispatch(ctx: typer.Context, command: Callable[[Any, Any], Any], request: Any) -> int:
    """Check the options that go together, then run the command on this process's
    Terminal and show its result; the exit status."""
    from placecli.commands.presenter import run

    check(ctx.command_path.partition(" ")[2] or ctx.info_name or "", ctx.params)
    return run(command, request)

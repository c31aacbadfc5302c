"""The Typer app: the one place where every command and option is declared, with help.

Each command hands its plain values to `commands.py` and does nothing else. `run` (the
console script) and `PlaceGroup.main` (what CliRunner calls) both go through the one
error boundary in `boundary.py`; Click's own errors become UsageErrors on the way.
"""

import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer._click import ClickException  # Typer 0.28 vendors Click and does not re-export it
from typer.core import TyperGroup

from placecli import __version__, commands
from placecli.boundary import guarded
from placecli.errors import EXIT_INTERRUPTED, UsageError
from placecli.exporters import FORMATS as EXPORTERS
from placecli.packs.model import AUDIENCES
from placecli.terminal import output

EXPORT_FORMATS = tuple(EXPORTERS)


class PlaceGroup(TyperGroup):
    """The app's entry: Click parses, the boundary reports."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = sys.argv[1:] if args is None else list(args)
        argv = argv or ["--help"]  # `place` alone shows the help, and exits 0
        code = guarded(lambda: self.parse_and_run(argv, complete_var, extra))
        if standalone_mode:
            sys.exit(code)
        return code

    def parse_and_run(self, argv: list[str], complete_var: str | None, extra: Any) -> int:
        if argv[:1] == ["help"] or "--help" in argv or "-h" in argv:
            help_styles()
        try:
            result = super().main(argv, "place", complete_var, False, **extra)
        except ClickException as error:
            ctx = getattr(error, "ctx", None)
            hint = f"Try '{ctx.command_path} --help' for help." if ctx is not None else None
            raise UsageError(error.format_message(), hint) from None
        except typer.Abort:  # Click's own prompts, on Ctrl-C or end of input
            raise KeyboardInterrupt from None
        if result == EXIT_INTERRUPTED:  # Typer's silent exit for a Ctrl-C it caught
            raise KeyboardInterrupt
        return result if isinstance(result, int) else 0


def help_styles() -> None:
    """Typer prints help with its own Console, without the theme: give its styles the
    looks the theme gives ours (theme.py), so help reads on a light background too."""
    import os

    from typer import rich_utils

    from placecli.terminal.theme import detect, styles

    looks = styles(detect(os.environ))
    names = {
        "place.accent": "OPTION SWITCH NEGATIVE_OPTION NEGATIVE_SWITCH COMMANDS_TABLE_FIRST_COLUMN",
        "place.strong": "TYPES USAGE",
        "place.muted": "TYPES_SEPARATOR HELPTEXT OPTION_DEFAULT OPTION_ENVVAR REQUIRED_LONG "
        "DEPRECATED_COMMAND ERRORS_SUGGESTION",
        "place.rule": "OPTIONS_PANEL_BORDER COMMANDS_PANEL_BORDER",
        "place.bad": "REQUIRED_SHORT DEPRECATED ERRORS_PANEL_BORDER ABORTED",
    }
    for style, ours in names.items():
        for name in ours.split():
            setattr(rich_utils, f"STYLE_{name}", looks[style])


app = typer.Typer(
    cls=PlaceGroup,
    name="place",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    help=(
        "A study guide to [bold]Place-based leadership: both opportunity and challenge[/] "
        "(Leech and Worrall, 2018): summary, quiz, reflection prompts and glossary.\n\n"
        "Example:\n\n"
        "[bold]place summary --brief[/]"
    ),
)


def examples(*lines: str) -> str:
    """The help's examples, one runnable command a line."""
    return "\n\n".join(["Examples:", *(f"[bold]{line}[/]" for line in lines)])


# Options that more than one command takes: each declared once, here.


def not_empty(value: str) -> str:
    """A name or path given as "" (an unset shell variable) is a usage error everywhere,
    not the current folder, nor every record."""
    if not value:
        raise typer.BadParameter("it is empty")
    return value


Content = Annotated[
    list[str] | None,
    typer.Option(
        "--content",
        metavar="PATH",
        parser=not_empty,
        help="Use this pack folder instead of the built-in pack; repeat to join several. "
        "Before or after the command. Default: $PLACE_CONTENT.",
        show_default=False,
    ),
]
ConceptArguments = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[CONCEPT]...",
        help="Concept ids, or unambiguous prefixes of an id or title; default: all.",
        show_default=False,
    ),
]
NoPager = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Print straight to the terminal. Default: output taller than the screen goes "
        "through $PLACE_PAGER, else $PAGER, else less -FRX (an empty PLACE_PAGER: no pager).",
    ),
]
Present = Annotated[
    bool,
    typer.Option(
        "--present",
        help="Full screen, for a projector: one item a screen; → space n next, ← p back, "
        "a section's number and Enter to jump, q quits. Needs a terminal.",
    ),
]


def one_of(choices: Sequence[str]) -> Any:
    """A parser that takes only these values (the one source of each set of choices)."""

    def parse(value: str) -> str:
        if value not in choices:
            raise typer.BadParameter(f'"{value}" is not one of: {", ".join(choices)}')
        return value

    return parse


def format_option(choices: Sequence[str], what: str) -> Any:
    return typer.Option("--format", "-f", metavar="FORMAT", parser=one_of(choices), help=what)


def content_of(ctx: typer.Context, here: list[str] | None) -> list[str]:
    """The --content folders, given before the command and after it, in that order."""
    before: list[str] = ctx.find_root().obj or []
    return [*before, *(here or [])]


def show_version(value: bool) -> None:
    if value:
        output.write(f"place {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    content: Content = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=show_version, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    ctx.obj = list(content or [])


@app.command(
    epilog=examples(
        "place summary",
        "place summary compete --brief",
        "place summary --format markdown > handout.md",
    )
)
def summary(
    ctx: typer.Context,
    concepts: ConceptArguments = None,
    brief: Annotated[bool, typer.Option("--brief", help="One line per concept.")] = False,
    output: Annotated[
        str, format_option(commands.SUMMARY_FORMATS, "rich (terminal), markdown or json.")
    ] = "rich",
    present: Present = False,
    no_pager: NoPager = False,
    content: Content = None,
) -> None:
    """The article's ideas, section by section, in the pack's own words."""
    commands.summary(
        content_of(ctx, content),
        concepts=concepts or (),
        brief=brief,
        fmt=commands.format_of(output),
        present=present,
        no_pager=no_pager,
    )


@app.command(epilog=examples("place concepts"))
def concepts(
    ctx: typer.Context,
    output: Annotated[str, format_option(commands.DATA_FORMATS, "rich (a table) or json.")] = (
        "rich"
    ),
    no_pager: NoPager = False,
    content: Content = None,
) -> None:
    """A table of concept ids, titles and sections, with their questions and prompts."""
    commands.concepts(content_of(ctx, content), fmt=commands.format_of(output), no_pager=no_pager)


@app.command(
    epilog=examples("place glossary", "place glossary STP", "place glossary -f markdown > terms.md")
)
def glossary(
    ctx: typer.Context,
    term: Annotated[
        str | None,
        typer.Argument(
            metavar="[TERM]",
            parser=not_empty,
            help="A term, its id or an alias (any case); default: every term.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str, format_option(commands.SUMMARY_FORMATS, "rich, markdown (a handout) or json.")
    ] = "rich",
    no_pager: NoPager = False,
    content: Content = None,
) -> None:
    """The jargon, explained: every term, or one."""
    commands.glossary(
        content_of(ctx, content), term=term, fmt=commands.format_of(output), no_pager=no_pager
    )


@app.command(
    rich_help_panel="For pack authors",
    epilog=examples(
        "place validate my-pack",
        "place --content my-pack validate",
        "place validate our-place --explain cultural-conundrum",
    ),
)
def validate(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="[PATH]",
            parser=not_empty,
            help="A pack folder (or its pack.yaml); default: the packs in use.",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Item-writing warnings fail too (exit 1).")
    ] = False,
    output: Annotated[
        str, format_option(commands.DATA_FORMATS, "rich, or json: the counts and warnings.")
    ] = "rich",
    no_pager: NoPager = False,
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain",
            metavar="ID",
            help="Where each field of this record came from: base or overlay, file:line.",
            show_default=False,
        ),
    ] = None,
    content: Content = None,
) -> int:
    """Check a pack against the content format; list every problem with file and line."""
    return commands.validate(
        content_of(ctx, content),
        path=path,
        strict=strict,
        fmt=commands.format_of(output),
        no_pager=no_pager,
        explain=explain,
    )


@app.command(
    rich_help_panel="For pack authors",
    help=(
        "Start a pack of your own: files with an example of every kind of record.\n\n"
        "Never overwrites a file. Then edit the files, check them with place validate DIR "
        "--strict, and use them with place --content DIR summary."
    ),
    epilog=examples("place init our-place --overlay", "place init my-pack"),
)
def init(
    folder: Annotated[
        str,
        typer.Argument(
            metavar="DIR", parser=not_empty, help="The folder to write into (made if need be)."
        ),
    ],
    overlay: Annotated[
        bool,
        typer.Option(
            "--overlay",
            help="An overlay of the built-in pack: its concepts, questions and prompts "
            "plus your own place.",
        ),
    ] = False,
) -> None:
    """Start a pack of your own: files with an example of every kind of record."""
    commands.init(folder, overlay=overlay)


@app.command(
    help=(
        "A quiz that teaches: every answer explained, scored, with results per concept.\n\n"
        "Type a letter (A); several letters for several answers (AC, a c, c,a); the letters "
        "in order for an order or match question (CAB); or t / f. q quits. When input is "
        "not a terminal, answers are read one per line."
    ),
    epilog=examples(
        "place quiz --count 5 --seed 7",
        "place quiz --seed 7 --answer-key",
        "place quiz --missed",
        "place quiz --due",
        "place quiz --seed 7 --answer-key --format markdown > answers.md",
        "printf 'A\\nt\\n' | place quiz --seed 1 --format json",
        "place quiz --teams 3 --count 6 --time 45",
    ),
)
def quiz(
    ctx: typer.Context,
    count: Annotated[
        int,
        typer.Option("--count", "-n", metavar="N", help="How many questions (all, if fewer)."),
    ] = 10,
    concept: Annotated[
        list[str] | None,
        typer.Option(
            "--concept",
            "-c",
            metavar="ID",
            help="Only this concept; repeatable.",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            metavar="S",
            help="Same seed, same questions, order and letters. Default: random.",
            show_default=False,
        ),
    ] = None,
    answer_key: Annotated[
        bool, typer.Option("--answer-key", help="Print the questions with answers; ask nothing.")
    ] = False,
    output: Annotated[
        str,
        format_option(
            commands.SUMMARY_FORMATS,
            "json: the result as JSON on stdout, talk on stderr; "
            "markdown: the answer key as a handout (with --answer-key).",
        ),
    ] = "rich",
    present: Annotated[
        bool,
        typer.Option(
            "--present",
            help="Full screen, for a projector: each question on a clean screen, the score "
            "on the screen the room comes back to. Needs a terminal.",
        ),
    ] = False,
    no_pager: NoPager = False,
    missed: Annotated[
        bool,
        typer.Option(
            "--missed",
            help="Ask again the questions you got wrong the last time, most recent first.",
        ),
    ] = False,
    due: Annotated[
        bool,
        typer.Option("--due", help="Ask the questions spaced review (FSRS) says are due now."),
    ] = False,
    no_history: Annotated[
        bool,
        typer.Option(
            "--no-history",
            help="Record nothing in your history (for a room's quiz). Also: PLACE_NO_HISTORY=1.",
        ),
    ] = False,
    teams: Annotated[
        str | None,
        typer.Option(
            metavar="NAMES",
            help='A team quiz on one screen: "Red,Blue,Green" (2 to 10 names) or a number '
            "(4: Team 1 to Team 4). The facilitator types each team's answer.",
            show_default=False,
            rich_help_panel="Team quiz",
        ),
    ] = None,
    time: Annotated[
        int | None,
        typer.Option(
            metavar="SECONDS",
            help="With --teams: a countdown for each question (5 to 600 seconds). Default: none.",
            show_default=False,
            rich_help_panel="Team quiz",
        ),
    ] = None,
    points: Annotated[
        str,
        typer.Option(
            metavar="RULE",
            parser=one_of(("one", "speed")),
            help="With --teams: one (1 point a right answer) or speed (Kahoot!'s points: "
            "1000 down to 500 by the time taken; needs --time).",
            rich_help_panel="Team quiz",
        ),
    ] = "one",
    no_leaderboard: Annotated[
        bool,
        typer.Option(
            "--no-leaderboard",
            help="With --teams: no points or standings until the end.",
            rich_help_panel="Team quiz",
        ),
    ] = False,
    practice: Annotated[
        int,
        typer.Option(
            metavar="N",
            help="With --teams: the first N questions score nothing.",
            rich_help_panel="Team quiz",
        ),
    ] = 0,
    content: Content = None,
) -> None:
    """A quiz that teaches: every answer explained, scored, with results per concept."""
    if missed and due:
        raise UsageError("--missed and --due cannot be used together", QUIZ_HINT)
    if teams is None and (time is not None or points != "one" or no_leaderboard or practice):
        raise UsageError(
            "--time, --points, --no-leaderboard and --practice are for a team quiz: add --teams"
        )
    commands.quiz(
        content_of(ctx, content),
        count=count,
        concepts=concept or (),
        seed=seed,
        answer_key=answer_key,
        fmt=commands.format_of(output),
        present=present,
        no_pager=no_pager,
        again="missed" if missed else ("due" if due else None),
        record=not no_history,
        room=None
        if teams is None
        else commands.RoomOptions(teams, time, points, not no_leaderboard, practice),
    )


QUIZ_HINT = "Try 'place quiz --help' for help."
REFLECT_HINT = "Try 'place reflect --help' for help."


@app.command(
    epilog=examples(
        "place history",
        "place history --format json",
        "place history --forget",
    )
)
def history(
    ctx: typer.Context,
    output: Annotated[str, format_option(commands.DATA_FORMATS, "rich (a chart) or json.")] = (
        "rich"
    ),
    forget: Annotated[
        bool, typer.Option("--forget", help="Delete the whole history, after asking.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="With --forget: do not ask.")] = False,
    content: Content = None,
) -> None:
    """Your quiz sessions and results per concept over time, kept on this machine."""
    from placecli.commands import learning

    learning.history(
        content_of(ctx, content), fmt=commands.format_of(output), forget=forget, yes=yes
    )


@app.command(
    epilog=examples(
        "place reflect --audience group --timer 15",
        "place reflect compete --journal journal.md",
        "place reflect --journal journal.md --resume",
        "place reflect --due --journal journal.md",
        "place reflect --due --export ics --journal journal.md > follow-ups.ics",
        "place reflect --random",
        "place reflect --format markdown > prompts.md",
    )
)
def reflect(
    ctx: typer.Context,
    concepts: ConceptArguments = None,
    audience: Annotated[
        str | None,
        typer.Option(
            "--audience",
            "-a",
            metavar="WHO",
            parser=one_of(AUDIENCES),
            help="Only prompts for individual, pair or group.",
            show_default=False,
        ),
    ] = None,
    random_one: Annotated[
        bool, typer.Option("--random", help="Show one prompt at random.")
    ] = False,
    seed: Annotated[
        int | None,
        typer.Option(metavar="S", help="Makes --random repeatable.", show_default=False),
    ] = None,
    journal: Annotated[
        str | None,
        typer.Option(
            "--journal",
            "-j",
            metavar="PATH",
            parser=not_empty,
            help="Write a response to each prompt, appended to this Markdown file.",
            show_default=False,
        ),
    ] = None,
    timer: Annotated[
        str | None,
        typer.Option(
            "--timer",
            "-t",
            metavar="DURATION",
            help="A discussion timer after each prompt, in large digits (on a terminal): "
            "15 (minutes), 15m, 90s, 1:30, 1h, or auto: each prompt's suggested minutes.",
            show_default=False,
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="With --journal: skip the prompts the journal already has a finished response to.",
        ),
    ] = False,
    due: Annotated[
        bool,
        typer.Option(
            "--due",
            help="With --journal: follow up the responses written 2, 7 and 30 days ago.",
        ),
    ] = False,
    export: Annotated[
        str | None,
        typer.Option(
            "--export",
            metavar="FORMAT",
            parser=one_of(("ics",)),
            help="With --due: write every follow-up to come as a calendar (ics) on stdout.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str, format_option(commands.HANDOUT_FORMATS, "rich, or markdown (a handout).")
    ] = "rich",
    present: Present = False,
    no_pager: NoPager = False,
    content: Content = None,
) -> None:
    """Prompts for reflection, alone, in pairs or in groups, with an optional journal.

    With --journal: a line with only "." finishes a response; "q" first stops the session.
    """
    if export is not None and not due:
        raise UsageError("--export writes the follow-ups: add --due", REFLECT_HINT)
    if due:
        from placecli.commands import learning

        if random_one or timer is not None or resume or audience or concepts or output != "rich":
            raise UsageError(
                "--due asks the follow-ups a journal has due: it takes only --journal and --export",
                REFLECT_HINT,
            )
        learning.reflect_due(journal, export)
        return
    commands.reflect(
        content_of(ctx, content),
        concepts=concepts or (),
        audience=commands.audience_of(audience),
        random_one=random_one,
        seed=seed,
        journal=journal,
        timer=timer,
        resume=resume,
        present=present,
        no_pager=no_pager,
        fmt=commands.format_of(output),
    )


def export_formats() -> str:
    return "; ".join(f"{f.name}: {f.what}" for f in EXPORTERS.values())


@app.command(
    "export",
    epilog=examples(
        "place export html --output handout.html",
        "place export pdf --answer-key --output handout.pdf",
        "place export gift > moodle.gift",
        "place export anki compete cultural > anki.txt",
        "place export kahoot --output kahoot.xlsx",
    ),
)
def export_command(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Argument(
            metavar="FORMAT",
            parser=one_of(EXPORT_FORMATS),
            help=f"One of: {export_formats()}.",
            show_default=False,
        ),
    ],
    concepts: ConceptArguments = None,
    output_path: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            parser=not_empty,
            help="Write to this file; default: standard output (pdf and kahoot need a file).",
            show_default=False,
        ),
    ] = None,
    answer_key: Annotated[
        bool,
        typer.Option(
            "--answer-key", help="Handouts (html, pdf, markdown): add the quiz and answers."
        ),
    ] = False,
    content: Content = None,
) -> None:
    """Handouts and question banks for Moodle, Canvas, Anki and Kahoot!, from the packs."""
    commands.export_packs(
        content_of(ctx, content),
        fmt=fmt,
        concepts=concepts or (),
        output_path=output_path,
        answer_key=answer_key,
    )


@app.command(
    "run",
    epilog=examples(
        "place run",
        "place run intro-90 --end-time 16:30 --notes notes.txt",
        "place run my-plan.yaml --export markdown > deck.md",
        "place run intro-90 --export html > run-sheet.html",
    ),
)
def run_command(
    ctx: typer.Context,
    plan: Annotated[
        str | None,
        typer.Argument(
            metavar="[PLAN]",
            parser=not_empty,
            help="A plan's name (from a pack's plans/ folder) or a plan file; "
            "default: list the plans.",
            show_default=False,
        ),
    ] = None,
    export: Annotated[
        str | None,
        typer.Option(
            metavar="FORMAT",
            parser=one_of(commands.EXPORTS),
            help="Print the plan instead: markdown (a slide deck for presenterm or patat, "
            "notes as speaker notes) or html (a printable run-sheet).",
            show_default=False,
        ),
    ] = None,
    end_time: Annotated[
        str | None,
        typer.Option(
            "--end-time",
            metavar="HH:MM",
            help="Rescale the steps to finish at this time (again at each step).",
            show_default=False,
        ),
    ] = None,
    notes: Annotated[
        str | None,
        typer.Option(
            metavar="FILE",
            help="Write the current step's notes to this file as the steps change "
            "(follow it with tail -F on a second screen).",
            show_default=False,
        ),
    ] = None,
    content: Content = None,
) -> None:
    """A workshop plan, step by step, full-screen, with a countdown for each step.

    Keys: → next, ← back, ↓ ↑ scroll, space pause, + / - a minute, n notes, Enter runs the step's quiz or discussion timer, q quits.
    """  # noqa: E501 (one line: the help keeps the docstring's line breaks)
    commands.run(content_of(ctx, content), plan=plan, export=export, end_time=end_time, notes=notes)


# `place room`: the room on its phones (issue 24). Its commands are in commands/room.py;
# nothing here imports the room's server (Starlette, uvicorn), which only its commands do.

room_app = typer.Typer(
    name="room",
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    help=(
        "The room on its phones: participants scan a QR code and answer, rank and write "
        "from their phones' browsers; the terminal shows the tallies. Nothing leaves the "
        "laptop.\n\nWhen standard output is not a terminal, each event is a line of JSON "
        "and the host's commands are read one a line from standard input."
    ),
    epilog=examples(
        "place room doctor",
        "place room quiz --count 6 --seed 12",
        "place room reflect compete --activity text --activity scale",
        "place room notice --format html > notice.html",
    ),
)
app.add_typer(room_app, rich_help_panel="In the room")

Bind = Annotated[
    str | None,
    typer.Option(
        "--bind",
        metavar="ADDRESS[:PORT]",
        help="The one address (and port) to serve on; default: the address place room "
        "doctor recommends, port 8765 (0: any free port).",
        show_default=False,
    ),
]
HostName = Annotated[
    str | None,
    typer.Option(
        "--name",
        metavar="HOST",
        help="A name phones reach this laptop by (the venue's DNS, mDNS), for the join link.",
        show_default=False,
    ),
]
AllowPublic = Annotated[
    bool, typer.Option("--allow-public", help="Allow a public address (the room on the internet).")
]
MaxDevices = Annotated[
    int, typer.Option("--max-devices", metavar="N", help="At most this many phones join.")
]
MinTally = Annotated[
    int,
    typer.Option(
        "--min-tally", metavar="N", help="A tally stays hidden with fewer answers than this."
    ),
]
Seconds = Annotated[
    int | None,
    typer.Option(
        "--time",
        metavar="SECONDS",
        help="Answering closes by itself after this long (5 to 600); + adds 15 seconds.",
        show_default=False,
    ),
]
Session = Annotated[
    str | None,
    typer.Argument(
        metavar="[SESSION]", help="A session's id; default: the latest.", show_default=False
    ),
]


def room_settings(
    bind: str | None, name: str | None, allow_public: bool, max_devices: int, min_tally: int
) -> Any:
    from placecli.commands.room import Settings

    return Settings(bind, name, allow_public, max_devices, min_tally)


@room_app.command("quiz", epilog=examples("place room quiz --count 6 --seed 12 --time 30"))
def room_quiz(
    ctx: typer.Context,
    count: Annotated[
        int, typer.Option("--count", "-n", metavar="N", help="How many questions.")
    ] = 10,
    concept: Annotated[
        list[str] | None,
        typer.Option(
            "--concept",
            "-c",
            metavar="ID",
            help="Only this concept; repeatable.",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        int | None, typer.Option(metavar="S", help="Same seed, same questions.", show_default=False)
    ] = None,
    time: Seconds = None,
    teams: Annotated[
        str | None,
        typer.Option(
            metavar="NAMES",
            help='Teams phones join: "Red,Blue,Green" or a number; a team scores the share '
            "of its members who are right.",
            show_default=False,
        ),
    ] = None,
    bind: Bind = None,
    name: HostName = None,
    allow_public: AllowPublic = False,
    max_devices: MaxDevices = 300,
    min_tally: MinTally = 5,
    content: Content = None,
) -> int:
    """A quiz answered on phones: the questions of place quiz, one at a time."""
    from placecli.commands import room

    settings = room_settings(bind, name, allow_public, max_devices, min_tally)
    return room.quiz(
        content_of(ctx, content), settings, count=count, concepts=concept or (), seed=seed,
        seconds=time, teams=teams,
    )  # fmt: skip


@room_app.command(
    "reflect",
    epilog=examples(
        "place room reflect learning-journey",
        "place room reflect compete cultural --activity scale --activity rank",
        "place room reflect --activity cloud",
    ),
)
def room_reflect(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[CONCEPT-OR-PROMPT]...",
            help="Concepts or prompt ids; default: all.",
            show_default=False,
        ),
    ] = None,
    activity: Annotated[
        list[str] | None,
        typer.Option(
            "--activity",
            "-a",
            metavar="KIND",
            parser=one_of(("text", "cloud", "scale", "rank")),
            help="text: each prompt answered in a few sentences, shown once approved; cloud: "
            "one to three words on each prompt; scale: agree 1-5 with each concept's summary; "
            "rank: the concepts in order. Repeatable, in order; default: text.",
            show_default=False,
        ),
    ] = None,
    time: Seconds = None,
    bind: Bind = None,
    name: HostName = None,
    allow_public: AllowPublic = False,
    max_devices: MaxDevices = 300,
    min_tally: MinTally = 5,
    content: Content = None,
) -> int:
    """Reflection on phones: texts (moderated), a word cloud, an agree scale, a ranking."""
    from placecli.commands import room

    settings = room_settings(bind, name, allow_public, max_devices, min_tally)
    return room.reflect(
        content_of(ctx, content), settings, names=names or (), activities=activity or (),
        seconds=time,
    )  # fmt: skip


@room_app.command("resume", epilog=examples("place room resume"))
def room_resume(
    ctx: typer.Context,
    session: Session = None,
    bind: Bind = None,
    name: HostName = None,
    allow_public: AllowPublic = False,
    content: Content = None,
) -> int:
    """Go on with a session that stopped (a crash, a closed laptop), every phone still in."""
    from placecli.commands import room

    settings = room_settings(bind, name, allow_public, 300, 5)
    return room.resume(content_of(ctx, content), settings, session)


@room_app.command("doctor", epilog=examples("place room doctor", "place room doctor --wait 60"))
def room_doctor(
    bind: Bind = None,
    wait: Annotated[
        int | None,
        typer.Option(
            "--wait",
            metavar="SECONDS",
            help="Serve the test page this long for a phone to open (default: at a terminal, "
            "until Enter; otherwise not at all).",
            show_default=False,
        ),
    ] = None,
    allow_public: AllowPublic = False,
    fmt: Annotated[str, format_option(("rich", "json"), "rich, or json: the findings.")] = "rich",
) -> int:
    """Before the room fills: the addresses, VPN and hotspot warnings, the port, a test QR."""
    from placecli.commands import room

    return room.doctor(bind, wait, allow_public, fmt)


@room_app.command("notice", epilog=examples("place room notice --format html > notice.html"))
def room_notice(
    fmt: Annotated[
        str, format_option(("markdown", "html"), "markdown, or html (a printable page).")
    ] = "markdown",
) -> None:
    """The privacy notice for the information-governance lead: what is kept, where, how long."""
    from placecli.commands import room

    room.notice(fmt)


@room_app.command(
    "export", epilog=examples("place room export --format csv > answers.csv", "place room export")
)
def room_export(
    session: Session = None,
    fmt: Annotated[
        str, format_option(("json", "csv"), "json, or csv (a row an answer or text).")
    ] = "json",
) -> None:
    """A session's answers and texts, for analysis: the latest, or the one named."""
    from placecli.commands import room

    room.export(session, fmt)


@room_app.command("forget", epilog=examples("place room forget --all --yes"))
def room_forget(
    session: Session = None,
    everything: Annotated[bool, typer.Option("--all", help="Every session's log.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask.")] = False,
) -> None:
    """Delete a session's log (or --all); sessions are deleted 30 days after they began."""
    from placecli.commands import room

    room.forget(session, everything, yes)


@app.command("help", epilog=examples("place help quiz"))
def help_command(
    ctx: typer.Context,
    command: Annotated[
        str | None,
        typer.Argument(metavar="[COMMAND]", help="A command; default: all.", show_default=False),
    ] = None,
) -> None:
    """Help on place, or on one command."""
    root = ctx.find_root()
    group = root.command
    if command is None:
        output.write(root.get_help() + "\n")
        return
    assert isinstance(group, TyperGroup)
    found = group.get_command(root, command)
    if found is None:
        from placecli.packs.lookup import did_you_mean

        names = sorted(group.list_commands(root))
        raise UsageError(
            f'no command "{command}"' + did_you_mean(command, names), "Try 'place help'."
        )
    # resilient: a command that needs an argument (init DIR) still shows its help
    with found.make_context(command, [], parent=root, resilient_parsing=True) as sub:
        output.write(found.get_help(sub) + "\n")


def run(argv: list[str]) -> int:
    """The console script: the exit status for `argv`."""
    code: int = app(argv, prog_name="place", standalone_mode=False)
    return code

"""The Typer app: the one place where every command and option is declared, with help.

Choices are `Literal` types and ranges `min=`/`max=`, so Click checks them; the options
that go (or cannot go) together are one table (`options.RULES`), checked by `dispatch`
before the command runs. Each command builds its typed request and dispatches it to its
family's function in `commands/`. `PlaceGroup` (group.py) runs all of it inside the one
error boundary.
"""

from typing import TYPE_CHECKING, Annotated, Literal

import typer
from typer.core import TyperGroup

from placecli import __version__
from placecli.exporters import FORMATS as EXPORTERS
from placecli.group import PlaceGroup
from placecli.options import (
    WORDS,
    AllFormats,
    AnswerKey,
    AudienceOption,
    CalendarOption,
    Choice,
    ConceptOption,
    Concepts,
    Content,
    Count,
    DataFormats,
    Due,
    DueFollowUps,
    EndTime,
    Journal,
    Missed,
    NoHistory,
    NoLeaderboard,
    NoPager,
    Notes,
    PlanArgument,
    PlanExportOption,
    PointsOption,
    Practice,
    Present,
    PresentQuiz,
    QuizFormat,
    QuizSeed,
    RandomOne,
    ReflectSeed,
    Resume,
    Teams,
    Time,
    Timer,
    argument,
    content_of,
    dispatch,
    examples,
    formats,
    option,
    text,
)
from placecli.roomcli import (
    SERVING,
    AllowPublic,
    Bind,
    HostName,
    MaxDevices,
    MinTally,
    room_app,
    settings_of,
)
from placecli.terminal import output

if TYPE_CHECKING:
    from placecli.commands.learning import Again

    ExportFormat = str
else:  # the registry is the one list of export formats
    ExportFormat = Literal[tuple(EXPORTERS)]

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
        option(
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
    concepts: Concepts = None,
    brief: Annotated[bool, option("--brief", help="One line per concept.")] = False,
    output: Annotated[AllFormats, formats("rich (terminal), markdown or json.")] = "rich",
    present: Present = False,
    no_pager: NoPager = False,
    content: Content = None,
) -> int:
    """The article's ideas, section by section, in the pack's own words."""
    from placecli.commands import reading

    asked = (tuple(concepts or ()), brief, output, present, no_pager)
    return dispatch(ctx, reading.summary, reading.SummaryRequest(content_of(ctx, content), *asked))


@app.command(epilog=examples("place concepts", "place concepts --format json"))
def concepts(
    ctx: typer.Context,
    output: Annotated[DataFormats, formats("rich (a table) or json.")] = "rich",
    no_pager: NoPager = False,
    content: Content = None,
) -> int:
    """A table of concept ids, titles and sections, with their questions and prompts."""
    from placecli.commands import reading

    request = reading.ConceptsRequest(content_of(ctx, content), output, no_pager)
    return dispatch(ctx, reading.concepts, request)


@app.command(
    epilog=examples("place glossary", "place glossary STP", "place glossary -f markdown > terms.md")
)
def glossary(
    ctx: typer.Context,
    term: Annotated[
        str | None,
        argument(
            "[TERM]",
            "A term, its id or an alias (any case); default: every term.",
        ),
    ] = None,
    output: Annotated[AllFormats, formats("rich, markdown (a handout) or json.")] = "rich",
    no_pager: NoPager = False,
    content: Content = None,
) -> int:
    """The jargon, explained: every term, or one."""
    from placecli.commands import reading

    request = reading.GlossaryRequest(content_of(ctx, content), term, output, no_pager)
    return dispatch(ctx, reading.glossary, request)


@app.command(
    rich_help_panel="For pack authors",
    epilog=examples(
        "place validate my-pack",
        "place --content my-pack validate",
        "place validate my-pack --format json",
        "place validate our-place --explain cultural-conundrum",
    ),
)
def validate(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        argument(
            "[PATH]",
            "A pack folder (or its pack.yaml), or a plan file; default: the packs in use.",
        ),
    ] = None,
    strict: Annotated[
        bool, option("--strict", help="Item-writing warnings fail too (exit 1).")
    ] = False,
    output: Annotated[
        DataFormats, formats("rich, or json: the counts, plans and warnings.")
    ] = "rich",
    no_pager: NoPager = False,
    explain: Annotated[
        str | None,
        option(
            "--explain",
            metavar="ID",
            help="Where each field of this record came from: base or overlay, file:line.",
        ),
    ] = None,
    content: Content = None,
) -> int:
    """Check a pack against the content format; list every problem with file and line."""
    from placecli.commands import checking

    asked = (path, strict, output, no_pager, explain)
    return dispatch(
        ctx, checking.validate, checking.ValidateRequest(content_of(ctx, content), *asked)
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
    ctx: typer.Context,
    folder: Annotated[
        str,
        argument("DIR", "The folder to write into (made if need be)."),
    ],
    overlay: Annotated[
        bool,
        option(
            "--overlay",
            help="An overlay of the built-in pack: its concepts, questions and prompts "
            "plus your own place.",
        ),
    ] = False,
) -> int:
    """Start a pack of your own: files with an example of every kind of record."""
    from placecli.commands import checking

    return dispatch(ctx, checking.init, checking.InitRequest(folder, overlay))


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
    count: Count = 10,
    concept: ConceptOption = None,
    seed: QuizSeed = None,
    answer_key: AnswerKey = False,
    output: QuizFormat = "rich",
    present: PresentQuiz = False,
    no_pager: NoPager = False,
    missed: Missed = False,
    due: Due = False,
    no_history: NoHistory = False,
    teams: Teams = None,
    time: Time = None,
    points: PointsOption = "one",
    no_leaderboard: NoLeaderboard = False,
    practice: Practice = 0,
    content: Content = None,
) -> int:
    """A quiz that teaches: every answer explained, scored, with results per concept."""
    from placecli.commands import quizzing

    room = (
        None
        if teams is None
        else quizzing.RoomOptions(teams, time, points, not no_leaderboard, practice)
    )
    again: Again | None = "missed" if missed else ("due" if due else None)
    asked = (count, tuple(concept or ()), seed, answer_key, output, present, no_pager)
    request = quizzing.QuizRequest(content_of(ctx, content), *asked, again, not no_history, room)
    return dispatch(ctx, quizzing.quiz, request)


@app.command(
    epilog=examples("place history", "place history --format json", "place history --forget")
)
def history(
    ctx: typer.Context,
    output: Annotated[DataFormats, formats("rich (a chart) or json.")] = "rich",
    forget: Annotated[
        bool, option("--forget", help="Delete the whole history, after asking.")
    ] = False,
    yes: Annotated[bool, option("--yes", "-y", help="With --forget: do not ask.")] = False,
    no_pager: NoPager = False,
    content: Content = None,
) -> int:
    """Your quiz sessions and results per concept over time, kept on this machine."""
    from placecli.commands import learning

    request = learning.HistoryRequest(content_of(ctx, content), output, forget, yes, no_pager)
    return dispatch(ctx, learning.history, request)


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
    concepts: Concepts = None,
    audience: AudienceOption = None,
    random_one: RandomOne = False,
    seed: ReflectSeed = None,
    journal: Journal = None,
    timer: Timer = None,
    resume: Resume = False,
    due: DueFollowUps = False,
    export: CalendarOption = None,
    output: Annotated[AllFormats, formats("rich, markdown (a handout) or json.")] = "rich",
    present: Present = False,
    no_pager: NoPager = False,
    content: Content = None,
) -> int:
    """Prompts for reflection, alone, in pairs or in groups, with an optional journal.

    With --journal: a line with only "." finishes a response; "q" first stops the session.
    """
    from placecli.commands import learning, reflecting

    if due and journal is not None:
        return dispatch(
            ctx, learning.reflect_due, learning.FollowUpsRequest(journal, export == "ics")
        )
    asked = (tuple(concepts or ()), audience, random_one, seed, journal, timer, resume)
    request = reflecting.ReflectRequest(content_of(ctx, content), *asked, output, present, no_pager)
    return dispatch(ctx, reflecting.reflect, request)


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
        ExportFormat,
        argument("FORMAT", f"One of: {export_formats()}.", Choice(EXPORTERS)),
    ],
    concepts: Concepts = None,
    output_path: Annotated[
        str | None,
        text(
            "--output",
            "-o",
            metavar="PATH",
            help="Write to this file; default: standard output (pdf and kahoot need a file).",
        ),
    ] = None,
    answer_key: Annotated[
        bool,
        option("--answer-key", help="Handouts (html, pdf, markdown): add the quiz and answers."),
    ] = False,
    content: Content = None,
) -> int:
    """Handouts and question banks for Moodle, Canvas, Anki and Kahoot!, from the packs."""
    from placecli.commands import exporting

    asked = (content_of(ctx, content), tuple(concepts or ()), output_path, answer_key)
    return dispatch(ctx, exporting.export, exporting.ExportRequest(fmt, *asked))


@app.command(
    "run",
    epilog=examples(
        "place run",
        "place run --format json",
        "place run intro-90 --end-time 16:30 --notes notes.txt",
        "place run my-plan.yaml --export markdown > deck.md",
        "place run intro-90 --export html > run-sheet.html",
        "place run intro-90 --room",
    ),
)
def run_command(
    ctx: typer.Context,
    plan: PlanArgument = None,
    export: PlanExportOption = None,
    end_time: EndTime = None,
    notes: Notes = None,
    output: Annotated[DataFormats, formats("The list of plans (no PLAN): rich or json.")] = "rich",
    room: Annotated[
        bool,
        option(
            "--room",
            help="The plan's quiz and reflection steps go to phones, in one session of place "
            "room (docs/room.md): the host's side as for place room.",
            rich_help_panel=SERVING,
        ),
    ] = False,
    bind: Bind = None,
    name: HostName = None,
    allow_public: AllowPublic = False,
    max_devices: MaxDevices = 300,
    min_tally: MinTally = 5,
    content: Content = None,
) -> int:
    """A workshop plan, step by step, full-screen, with a countdown for each step.

    Keys: → PgDn space next, ← PgUp back, ↓ ↑ scroll, p pause, + / - a minute, n notes, Enter runs the step's quiz or discussion timer, b blanks, ? every key, q quits.
    """  # noqa: E501 (one line: the help keeps the docstring's line breaks)
    from placecli.commands import running

    phones = settings_of(bind, name, allow_public, max_devices, min_tally) if room else None
    asked = (plan, export, end_time, notes, output, phones)
    return dispatch(ctx, running.run, running.RunRequest(content_of(ctx, content), *asked))


# `place room`: the room on its phones (issue 24), a sub-app declared in roomcli.py.
app.add_typer(room_app, rich_help_panel="In the room")


@app.command("help", epilog=examples("place help quiz"))
def help_command(
    ctx: typer.Context,
    command: Annotated[str | None, argument("[COMMAND]", "A command; default: all.", WORDS)] = None,
) -> None:
    """Help on place, or on one command."""
    from placecli.errors import UsageError
    from placecli.words import did_you_mean

    root = ctx.find_root()
    group = root.command
    if command is None:
        output.write(root.get_help() + "\n")
        return
    assert isinstance(group, TyperGroup)
    found = group.get_command(root, command)
    if found is None:
        names = sorted(group.list_commands(root))
        raise UsageError(
            f'no command "{command}"' + did_you_mean(command, names), "Try 'place help'."
        )
    # resilient: a command that needs an argument (init DIR) still shows its help
    with found.make_context(command, [], parent=root, resilient_parsing=True) as sub:
        output.write(found.get_help(sub) + "\n")


def run(argv: list[str]) -> int:
    """The console script: the exit status for `argv`."""
    from placecli.group import built_as_used

    code: int = built_as_used(app).main(argv, "place", standalone_mode=False)
    return code

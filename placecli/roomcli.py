"""`place room`: the room on its phones, a Typer sub-app declared as cli.py declares the
rest (Literal choices, min/max ranges, the rules in `options.RULES`); each command builds
its request and dispatches it to commands/room.py or commands/roomtools.py. Nothing
here imports the room's server (Starlette, uvicorn): only its commands do.
"""

from typing import TYPE_CHECKING, Annotated, Literal, cast, get_args

import typer

from placecli.options import (
    Choice,
    ConceptOption,
    Content,
    DataFormats,
    QuizSeed,
    argument,
    content_of,
    dispatch,
    examples,
    formats,
    option,
    text,
)

if TYPE_CHECKING:
    from placecli.commands.room import Settings

ActivityName = Literal["text", "cloud", "scale", "rank"]  # commands.room.Activity
NoticeFormats = Literal["markdown", "html"]
ExportFormats = Literal["json", "csv"]

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

SERVING = "Serving the room"  # the help's panel of the options every room server takes

Bind = Annotated[
    str | None,
    text(
        "--bind",
        metavar="ADDRESS",
        help="The one address to serve on, and :PORT if need be; default: the address place "
        "room doctor recommends, port 8765 (port 0: any free port).",
        rich_help_panel=SERVING,
    ),
]
HostName = Annotated[
    str | None,
    text(
        "--name",
        metavar="HOST",
        help="A name phones reach this laptop by (the venue's DNS, mDNS), for the join link.",
        rich_help_panel=SERVING,
    ),
]
AllowPublic = Annotated[
    bool,
    option(
        "--allow-public",
        help="Allow a public address (the room on the internet).",
        rich_help_panel=SERVING,
    ),
]
MaxDevices = Annotated[
    int,
    option(
        "--max-devices",
        metavar="N",
        min=1,
        max=5000,
        show_default=True,
        help="At most this many phones join (1 to 5000).",
        rich_help_panel=SERVING,
    ),
]
MinTally = Annotated[
    int,
    option(
        "--min-tally",
        metavar="N",
        min=1,
        max=100,
        show_default=True,
        help="A tally stays hidden with fewer answers than this (1 to 100).",
        rich_help_panel=SERVING,
    ),
]
Seconds = Annotated[
    int | None,
    option(
        "--time",
        metavar="SECONDS",
        min=5,
        max=600,
        help="Answering closes by itself after this long (5 to 600); + adds 15 seconds.",
    ),
]
Session = Annotated[str | None, argument("[SESSION]", "A session's id; default: the latest.")]


def settings_of(
    bind: str | None, name: str | None, allow_public: bool, max_devices: int, min_tally: int
) -> "Settings":
    from placecli.commands.room import Settings

    return Settings(bind, name, allow_public, max_devices, min_tally)


@room_app.command("quiz", epilog=examples("place room quiz --count 6 --seed 12 --time 30"))
def room_quiz(
    ctx: typer.Context,
    count: Annotated[
        int,
        option("--count", "-n", metavar="N", min=1, show_default=True, help="How many questions."),
    ] = 10,
    concept: ConceptOption = None,
    seed: QuizSeed = None,
    time: Seconds = None,
    teams: Annotated[
        str | None,
        option(
            "--teams",
            metavar="NAMES",
            help='Teams phones join: "Red,Blue,Green" or a number; a team scores the share '
            "of its members who are right.",
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

    settings = settings_of(bind, name, allow_public, max_devices, min_tally)
    asked = (count, tuple(concept or ()), seed, time, teams)
    return dispatch(ctx, room.quiz, room.QuizRequest(content_of(ctx, content), settings, *asked))


Activity = Annotated[
    list[str] | None,
    option(
        "--activity",
        "-a",
        metavar="KIND",
        click_type=Choice(get_args(ActivityName)),  # Typer takes no list of a Literal
        help="text: each prompt answered in a few sentences, shown once approved; cloud: "
        "one to three words on each prompt; scale: agree 1-5 with each concept's summary; "
        "rank: the concepts in order. Repeatable, in order; default: text.",
    ),
]


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
        argument("[NAME]...", "Concepts (ids or prefixes) or prompt ids; default: all."),
    ] = None,
    activity: Activity = None,
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

    settings = settings_of(bind, name, allow_public, max_devices, min_tally)
    kinds = cast(tuple[ActivityName, ...], tuple(activity or ()))
    asked = (tuple(names or ()), kinds, time)
    request = room.ReflectRequest(content_of(ctx, content), settings, *asked)
    return dispatch(ctx, room.reflect, request)


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

    settings = settings_of(bind, name, allow_public, 300, 5)
    request = room.ResumeRequest(content_of(ctx, content), settings, session)
    return dispatch(ctx, room.resume, request)


@room_app.command("doctor", epilog=examples("place room doctor", "place room doctor --wait 60"))
def room_doctor(
    ctx: typer.Context,
    bind: Bind = None,
    wait: Annotated[
        int | None,
        option(
            "--wait",
            metavar="SECONDS",
            min=1,
            help="Serve the test page this long for a phone to open (default: at a terminal, "
            "until Enter; otherwise not at all).",
        ),
    ] = None,
    allow_public: AllowPublic = False,
    output: Annotated[DataFormats, formats("rich, or json: the findings.")] = "rich",
) -> int:
    """Before the room fills: the addresses, VPN and hotspot warnings, the port, a test QR."""
    from placecli.commands import roomtools

    request = roomtools.DoctorRequest(bind, wait, allow_public, output)
    return dispatch(ctx, roomtools.doctor, request)


@room_app.command("notice", epilog=examples("place room notice --format html > notice.html"))
def room_notice(
    ctx: typer.Context,
    output: Annotated[NoticeFormats, formats("markdown, or html (a printable page).")] = "markdown",
) -> int:
    """The privacy notice for the information-governance lead: what is kept, where, how long."""
    from placecli.commands import roomtools

    return dispatch(ctx, roomtools.notice, roomtools.NoticeRequest(output))


@room_app.command(
    "export", epilog=examples("place room export --format csv > answers.csv", "place room export")
)
def room_export(
    ctx: typer.Context,
    session: Session = None,
    output: Annotated[ExportFormats, formats("json, or csv (a row an answer or text).")] = "json",
) -> int:
    """A session's answers and texts, for analysis: the latest, or the one named."""
    from placecli.commands import roomtools

    return dispatch(ctx, roomtools.export, roomtools.ExportRequest(session, output))


@room_app.command("forget", epilog=examples("place room forget --all --yes"))
def room_forget(
    ctx: typer.Context,
    session: Session = None,
    everything: Annotated[bool, option("--all", help="Every session's log.")] = False,
    yes: Annotated[bool, option("--yes", "-y", help="Do not ask.")] = False,
) -> int:
    """Delete a session's log (or --all); sessions are deleted 30 days after they began."""
    from placecli.commands import roomtools

    return dispatch(ctx, roomtools.forget, roomtools.ForgetRequest(session, everything, yes))

"""The Typer app: every command and option declared, with help; each command hands its
plain values to `commands.py`.

Well-formed command lines usually never get here: `fastpath.py` runs them without
importing Typer. This app handles the rest: help, every usage error with its message,
and anything unusual. `PlaceGroup.main` runs both through the one error boundary in
`boundary.py`.
"""

import enum
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer import _click as click
from typer.core import TyperGroup

from . import __version__, commands, fastpath
from .boundary import guarded
from .errors import Interrupted


class PlaceGroup(TyperGroup):
    """The app's entry: the fast path first, then Click with place's own messages."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = sys.argv[1:] if args is None else list(args)
        code = fastpath.run(argv)
        if code is None:
            code = guarded(lambda: self.parse_and_run(argv, prog_name, complete_var, extra))
        if standalone_mode:
            sys.exit(code)
        return code

    def parse_and_run(
        self, argv: list[str], prog_name: str | None, complete_var: str | None, extra: Any
    ) -> int:
        try:
            result = super().main(argv, prog_name or "place", complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as error:
            sys.stdout.write(error.ctx.get_help() + "\n")
            return 0
        except click.ClickException as error:
            return report_usage(error)
        except typer.Abort:  # Click's own prompts, on Ctrl-C or end of input
            raise Interrupted("interrupted") from None
        return result if isinstance(result, int) else 0


def report_usage(error: click.ClickException) -> int:
    console = commands.stderr_console()
    console.print(f"Error: {error.format_message()}", style="bold red", soft_wrap=True)
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        console.print(f"Try '{ctx.command_path} --help' for help.", style="dim", soft_wrap=True)
    return error.exit_code


class SummaryFormat(str, enum.Enum):
    rich = "rich"
    markdown = "markdown"
    json = "json"


class DataFormat(str, enum.Enum):
    rich = "rich"
    json = "json"


ConceptArguments = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[CONCEPT]...",
        help="Concept ids, or unambiguous prefixes of an id or title; default: all.",
        show_default=False,
    ),
]

app = typer.Typer(
    cls=PlaceGroup,
    name="place",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    help=(
        "A study guide to [bold]Place-based leadership: both opportunity and challenge[/] "
        "(Leech and Worrall, 2018): summary, quiz, reflection prompts and glossary.\n\n"
        "Example: [cyan]place summary --brief[/]"
    ),
)


def show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"place {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    content: Annotated[
        list[Path] | None,
        typer.Option(
            "--content",
            metavar="PATH",
            help="Use this pack folder instead of the built-in pack; repeat to join several. "
            "Default: $PLACE_CONTENT (paths joined by the OS path separator).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=show_version, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    ctx.obj = tuple(content or ())


def content_of(ctx: typer.Context) -> tuple[Path, ...]:
    """The --content folders given before the command."""
    content: tuple[Path, ...] = ctx.find_root().obj
    return content


@app.command()
def summary(
    ctx: typer.Context,
    concepts: ConceptArguments = None,
    brief: Annotated[bool, typer.Option("--brief", help="One line per concept.")] = False,
    output: Annotated[
        SummaryFormat,
        typer.Option("--format", "-f", help="rich (terminal), markdown (handout) or json."),
    ] = SummaryFormat.rich,
) -> None:
    """The article's ideas, section by section, in the pack's own words.

    Examples: [cyan]place summary[/], [cyan]place summary compete --format markdown > handout.md[/]
    """
    commands.summary(content_of(ctx), concepts or (), brief, output.value)


@app.command()
def concepts(
    ctx: typer.Context,
    output: Annotated[
        DataFormat, typer.Option("--format", "-f", help="rich (a table) or json.")
    ] = DataFormat.rich,
) -> None:
    """A table of concept ids, titles and sections, with their questions and prompts.

    Example: [cyan]place concepts[/]
    """
    commands.concepts(content_of(ctx), output.value)


@app.command()
def glossary(
    ctx: typer.Context,
    term: Annotated[
        str | None,
        typer.Argument(help="A term, its id or an alias (any case); default: every term."),
    ] = None,
    output: Annotated[
        DataFormat, typer.Option("--format", "-f", help="rich or json.")
    ] = DataFormat.rich,
) -> None:
    """The jargon, explained: every term, or one.

    Examples: [cyan]place glossary[/], [cyan]place glossary STP[/]
    """
    commands.glossary(content_of(ctx), term, output.value)


@app.command(rich_help_panel="For pack authors")
def validate(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(help="A pack folder (or its pack.yaml); default: the packs in use."),
    ] = None,
) -> None:
    """Check a pack against the content format; list every problem with file and line.

    Examples: [cyan]place validate my-pack[/], [cyan]place --content my-pack validate[/]
    """
    commands.validate(content_of(ctx), path)


@app.command()
def quiz(
    ctx: typer.Context,
    count: Annotated[
        int, typer.Option("--count", "-n", min=1, help="How many questions (all, if fewer).")
    ] = 10,
    concept: Annotated[
        list[str] | None,
        typer.Option("--concept", "-c", metavar="ID", help="Only this concept; repeatable."),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(help="Same seed, same questions, order and letters. Default: random."),
    ] = None,
    answer_key: Annotated[
        bool, typer.Option("--answer-key", help="Print the questions with answers; ask nothing.")
    ] = False,
    output: Annotated[
        DataFormat,
        typer.Option("--format", "-f", help="json: the result as JSON on stdout, talk on stderr."),
    ] = DataFormat.rich,
) -> None:
    """A quiz that teaches: every answer explained, scored, with results per concept.

    Type a letter (A), letters for several answers (AC, a c, c,a), or t / f; q quits.
    When input is not a terminal, answers are read one per line.

    Examples: [cyan]place quiz --count 5 --seed 7[/], [cyan]place quiz --seed 7 --answer-key[/],
    [cyan]printf 'A\\nt\\n' | place quiz --seed 1 --format json[/]
    """
    commands.quiz(content_of(ctx), count, concept or (), seed, answer_key, output.value)


class AudienceChoice(str, enum.Enum):
    individual = "individual"
    pair = "pair"
    group = "group"


@app.command()
def reflect(
    ctx: typer.Context,
    concepts: ConceptArguments = None,
    audience: Annotated[
        AudienceChoice | None, typer.Option("--audience", "-a", help="Only prompts for these.")
    ] = None,
    random_one: Annotated[
        bool, typer.Option("--random", help="Show one prompt at random.")
    ] = False,
    seed: Annotated[int | None, typer.Option(help="Makes --random repeatable.")] = None,
    journal: Annotated[
        Path | None,
        typer.Option(
            "--journal",
            "-j",
            metavar="PATH",
            help="Write a response to each prompt, appended to this Markdown file.",
        ),
    ] = None,
    timer: Annotated[
        float | None,
        typer.Option(
            "--timer",
            "-t",
            metavar="MINUTES",
            min=0.1,
            max=24 * 60,
            help="A countdown for a group discussion, after the prompts.",
        ),
    ] = None,
) -> None:
    """Prompts for reflection, alone, in pairs or in groups, with an optional journal.

    Examples: [cyan]place reflect --audience group --timer 15[/],
    [cyan]place reflect compete --journal journal.md[/], [cyan]place reflect --random[/]
    """
    commands.reflect(
        content_of(ctx),
        concepts or (),
        audience.value if audience else None,
        random_one,
        seed,
        journal,
        timer,
    )


def run() -> None:
    """The console script."""
    app(prog_name="place")

"""The command line: one short function per command that parses, calls the core and renders.

`PlaceGroup.main` is the one error boundary: every PlaceError and every usage error ends
there as a short message on stderr and the exit status from cli.md.
"""

import enum
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer import _click as click
from typer.core import TyperGroup

from . import __version__
from .errors import EXIT_INTERRUPTED, ContentError, Interrupted, PlaceError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from .model import Pack


class PlaceGroup(TyperGroup):
    """Runs the app with Click's standalone handling replaced by place's own messages."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(args, prog_name or "place", complete_var, False, **extra)
            code = result if isinstance(result, int) else 0
        except click.exceptions.NoArgsIsHelpError as error:
            sys.stdout.write(error.ctx.get_help() + "\n")
            code = 0
        except click.ClickException as error:
            code = report_usage(error)
        except PlaceError as error:
            code = report(error)
        except typer.Abort:  # Click's own prompts, on Ctrl-C or end of input
            code = report(Interrupted("interrupted"))
        if standalone_mode:
            sys.exit(code)
        return code


def stderr_console() -> "Console":
    from rich.console import Console

    return Console(stderr=True, highlight=False, emoji=False, markup=False)


def stdout_console() -> "Console":
    from rich.console import Console

    return Console(highlight=False, emoji=False, markup=False)


def report(error: PlaceError) -> int:
    console = stderr_console()
    if isinstance(error, ContentError):
        for problem in error.problems:
            console.print(str(problem), style="red", soft_wrap=True)
        n = len(error.problems)
        console.print(f"{n} problem{'s' if n != 1 else ''} found in the pack.", style="bold")
    elif error.exit_code == EXIT_INTERRUPTED:
        console.print(error.message[:1].upper() + error.message[1:] + ".", style="dim")
    else:
        console.print(f"Error: {error.message}", style="bold red", soft_wrap=True)
    return error.exit_code


def report_usage(error: click.ClickException) -> int:
    console = stderr_console()
    console.print(f"Error: {error.format_message()}", style="bold red", soft_wrap=True)
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        console.print(f"Try '{ctx.command_path} --help' for help.", style="dim", soft_wrap=True)
    return error.exit_code


@dataclass(frozen=True)
class Settings:
    content: tuple[Path, ...]


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
    ctx.obj = Settings(content=tuple(content or ()))


def packs_in_use(ctx: typer.Context) -> list[Path]:
    """--content, else $PLACE_CONTENT, else the built-in pack."""
    from .locate import builtin_pack

    settings: Settings = ctx.find_root().obj
    if settings.content:
        return list(settings.content)
    from_env = [Path(p) for p in os.environ.get("PLACE_CONTENT", "").split(os.pathsep) if p]
    return from_env or [builtin_pack()]


def load(ctx: typer.Context) -> "Pack":
    return load_paths(packs_in_use(ctx))


def load_paths(paths: Sequence[Path]) -> "Pack":
    """Packs through the cache in the user cache folder (off with PLACE_NO_CACHE=1)."""
    from .cache import load_packs_cached

    cache_dir = None
    if not os.environ.get("PLACE_NO_CACHE"):
        from platformdirs import user_cache_dir

        cache_dir = Path(user_cache_dir("place", appauthor=False))
    return load_packs_cached(paths, cache_dir)


def write_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def show(renderable: "RenderableType") -> None:
    stdout_console().print(renderable)


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
    from . import render
    from .lookup import find_concepts

    pack = load(ctx)
    chosen = find_concepts(pack, concepts) if concepts else list(pack.concepts)
    if output is SummaryFormat.json:
        write_json(render.summary_data(pack, chosen, brief))
    elif output is SummaryFormat.markdown:
        sys.stdout.write(render.summary_markdown(pack, chosen, brief))
    else:
        from rich.constrain import Constrain

        show(Constrain(render.summary_view(pack, chosen, brief), render.READING_WIDTH))


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
    from . import render

    pack = load(ctx)
    if output is DataFormat.json:
        write_json(render.concepts_data(pack))
    else:
        show(render.concepts_table(pack))


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
    from . import render
    from .lookup import find_term

    pack = load(ctx)
    terms = [find_term(pack, term)] if term else list(pack.terms)
    if output is DataFormat.json:
        write_json(render.terms_data(terms))
    elif term:
        show(render.term_view(terms[0]))
    else:
        show(render.glossary_table(terms))


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
    from .locate import shown

    paths = [path] if path else packs_in_use(ctx)
    pack = load_paths(paths)
    names = ", ".join(shown(p) for p in paths)
    sys.stdout.write(f"✓ {names}: valid, {pack.counts_line()}\n")


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
    import random

    from . import render
    from .lookup import find_concepts
    from .play import run_quiz
    from .quiz import Quiz, draw

    pack = load(ctx)
    concepts = [c.id for c in find_concepts(pack, concept)] if concept else []
    seed = random.SystemRandom().randrange(1, 10_000) if seed is None else seed
    asked = draw(pack, count, concepts, random.Random(seed))
    if answer_key:
        if output is DataFormat.json:
            write_json({"seed": seed, **render.answer_key_data(asked)})
        else:
            show(render.answer_key_view(asked, pack))
        return
    screen = stderr_console() if output is DataFormat.json else stdout_console()
    screen.print(
        f"{len(asked)} questions · seed {seed} (place quiz --seed {seed} repeats them)", style="dim"
    )
    game = Quiz(asked)
    try:
        run_quiz(game, pack, screen, line_reader(screen))
    finally:
        if output is DataFormat.json:
            write_json({"seed": seed, **game.result_data()})


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
    import datetime as dt
    import random
    import time

    from . import render
    from .lookup import find_concepts
    from .play import run_reflect, run_timer
    from .reflect import check_journal, select_prompts, timer_seconds

    seconds = timer_seconds(timer) if timer is not None else None
    pack = load(ctx)
    ids = [c.id for c in find_concepts(pack, concepts)] if concepts else []
    rng = random.Random(seed) if random_one else None
    prompts = select_prompts(pack, ids, audience.value if audience else None, rng)
    if journal is not None:
        check_journal(journal)
    screen = stdout_console()
    if journal is None or timer is not None:
        screen.print(render.prompts_view(prompts, pack))
    if seconds is not None:
        run_timer(seconds, screen, time.monotonic, time.sleep)
    if journal is not None:
        run_reflect(prompts, pack, screen, line_reader(screen), journal, dt.datetime.now)


def line_reader(screen: "Console") -> Callable[[str], str | None]:
    """Lines from a person at a terminal, or one per line from a script.

    Bytes that are not text in the input's encoding become U+FFFD rather than an error:
    the quiz asks again, and a journal keeps every other word.
    """
    from rich.text import Text

    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")

    if sys.stdin.isatty():

        def ask(prompt: str) -> str | None:
            try:
                return screen.input(Text(prompt, style="bold"))
            except EOFError:
                return None

        return ask

    def read(prompt: str) -> str | None:
        line = sys.stdin.readline()
        if not line:
            return None
        answer = line.rstrip("\r\n")
        screen.print(Text(prompt, style="bold") + Text(answer))
        return answer

    return read


def run() -> None:
    """The console script."""
    app(prog_name="place")

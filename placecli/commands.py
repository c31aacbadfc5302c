"""What each command does, given plain values: load the packs, call the core, render.

Two front ends parse the command line and call these functions: the Typer app in `cli.py`
(help, every error message, anything unusual) and `fastpath.py` (the well-formed command
lines people type most, without importing Typer). Neither does anything else, so a
command behaves the same whichever parsed it. Nothing here imports Typer.

`content` is the `--content` folders, in order; empty means $PLACE_CONTENT, else the
built-in pack. Format and audience values are plain strings ("json", "group"): the enums
of `cli.py` are strings too. Paths may be strings or `Path`s; like `locate.py`, this
module keeps pathlib off the path of every start.
"""

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console, RenderableType

    from .locate import StrPath
    from .model import Pack, Prompt

Content = Sequence["StrPath"]


def stderr_console() -> "Console":
    from rich.console import Console

    return Console(stderr=True, highlight=False, emoji=False, markup=False)


def stdout_console() -> "Console":
    from rich.console import Console

    return Console(highlight=False, emoji=False, markup=False)


def packs_in_use(content: Content) -> list["StrPath"]:
    """--content, else $PLACE_CONTENT, else the built-in pack."""
    from .locate import builtin_pack

    if content:
        return list(content)
    paths: list[StrPath] = [p for p in os.environ.get("PLACE_CONTENT", "").split(os.pathsep) if p]
    return paths or [builtin_pack()]


def load(content: Content) -> "Pack":
    return load_paths(packs_in_use(content))


def load_paths(paths: Sequence["StrPath"]) -> "Pack":
    """Packs through the cache in the user cache folder (off with PLACE_NO_CACHE=1)."""
    from .cache import load_packs_cached

    cache_dir = None if os.environ.get("PLACE_NO_CACHE") else cache_folder()
    return load_packs_cached(paths, cache_dir)


def cache_folder() -> str | None:
    """The user cache folder for place, or None (no cache) if there is no sure answer.

    Linux and the BSDs follow the XDG rule, as platformdirs does: $XDG_CACHE_HOME if it
    is an absolute path, else ~/.cache. That rule is written out here because importing
    platformdirs costs more than half a bare Python start; other systems use it.
    """
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        base = os.environ.get("XDG_CACHE_HOME", "")
        if not os.path.isabs(base):
            base = os.path.expanduser("~/.cache")  # unchanged if there is no home folder
        return os.path.join(base, "place") if os.path.isabs(base) else None
    from platformdirs import user_cache_dir

    try:
        return user_cache_dir("place", appauthor=False)
    except RuntimeError:  # no home folder to put it in
        return None


def write_json(data: Any) -> None:
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def show(renderable: "RenderableType", width: int | None = None) -> None:
    """Print to stdout, no wider than `width` if given.

    Everything shown is already laid out to the width, so Rich's cropping pass, which
    measures every line again, is skipped (crop=False); on a terminal too narrow for the
    layout, the terminal wraps a long line rather than Rich cutting it short.
    """
    stdout_console().print(renderable, width=width, crop=False)  # Rich takes the narrower


def summary(
    content: Content, concepts: Sequence[str] = (), brief: bool = False, output: str = "rich"
) -> None:
    from . import export
    from .lookup import find_concepts

    pack = load(content)
    chosen = find_concepts(pack, concepts) if concepts else list(pack.concepts)
    if output == "json":
        write_json(export.summary_data(pack, chosen, brief))
    elif output == "markdown":
        sys.stdout.write(export.summary_markdown(pack, chosen, brief))
    else:
        from . import render

        show(render.summary_view(pack, chosen, brief), width=render.READING_WIDTH)


def concepts(content: Content, output: str = "rich") -> None:
    pack = load(content)
    if output == "json":
        from .export import concepts_data

        write_json(concepts_data(pack))
    else:
        from .render import concepts_table

        show(concepts_table(pack))


def glossary(content: Content, term: str | None = None, output: str = "rich") -> None:
    from .lookup import find_term

    pack = load(content)
    terms = [find_term(pack, term)] if term else list(pack.terms)
    if output == "json":
        from .export import terms_data

        write_json(terms_data(terms))
        return
    from . import render

    show(render.term_view(terms[0]) if term else render.glossary_table(terms))


def validate(content: Content, path: "Path | None" = None) -> None:
    from .locate import shown

    paths = [path] if path else packs_in_use(content)
    pack = load_paths(paths)
    names = ", ".join(shown(p) for p in paths)
    sys.stdout.write(f"✓ {names}: valid, {pack.counts_line()}\n")


def quiz(
    content: Content,
    count: int = 10,
    concept: Sequence[str] = (),
    seed: int | None = None,
    answer_key: bool = False,
    output: str = "rich",
) -> None:
    import random

    from .lookup import find_concepts
    from .quiz import Quiz, draw

    pack = load(content)
    concepts = [c.id for c in find_concepts(pack, concept)] if concept else []
    seed = random.SystemRandom().randrange(1, 10_000) if seed is None else seed
    asked = draw(pack, count, concepts, random.Random(seed))
    if answer_key and output == "json":
        from .export import answer_key_data

        write_json({"seed": seed, **answer_key_data(asked)})
        return
    from . import render
    from .play import run_quiz

    if answer_key:
        show(render.answer_key_view(asked, pack))
        return
    screen = stderr_console() if output == "json" else stdout_console()
    screen.print(
        f"{len(asked)} questions · seed {seed} (place quiz --seed {seed} repeats them)", style="dim"
    )
    game = Quiz(asked)
    try:
        run_quiz(game, pack, screen, line_reader(screen))
    finally:
        if output == "json":
            write_json({"seed": seed, **game.result_data()})


def reflect(
    content: Content,
    concepts: Sequence[str] = (),
    audience: str | None = None,
    random_one: bool = False,
    seed: int | None = None,
    journal: "StrPath | None" = None,
    timer: float | None = None,
    resume: bool = False,
) -> None:
    import random
    import time

    from . import render
    from .errors import UsageError
    from .lookup import find_concepts
    from .play import run_timer
    from .reflect import select_prompts, timer_seconds

    if seed is not None and not random_one:
        raise UsageError(
            "--seed picks the prompt --random shows: add --random, or leave out --seed"
        )
    if resume and journal is None:
        raise UsageError("--resume skips prompts a journal answers: add --journal PATH")
    seconds = timer_seconds(timer) if timer is not None else None
    pack = load(content)
    ids = [c.id for c in find_concepts(pack, concepts)] if concepts else []
    if random_one:
        seed = random.SystemRandom().randrange(1, 10_000) if seed is None else seed
    prompts = select_prompts(pack, ids, audience, random.Random(seed) if random_one else None)
    path = checked_journal(journal) if journal is not None else None
    if random_one:
        stderr_console().print(
            f"seed {seed} (place reflect --random --seed {seed} repeats it)", style="dim"
        )
    screen = stdout_console()
    if path is None or timer is not None:
        screen.print(render.prompts_view(prompts, pack))
    if seconds is not None:
        run_timer(seconds, screen, time.monotonic, time.sleep)
    if path is not None:
        keep_journal(prompts, pack, screen, path, resume)


def checked_journal(journal: "StrPath") -> "Path":
    """The journal path with `~` expanded (also after `=`), checked before anything is
    asked; the file to write is checked again at each save."""
    from pathlib import Path

    from .journal import check_journal

    path = Path(os.path.expanduser(journal))
    check_journal(path)
    return path


def keep_journal(
    prompts: Sequence["Prompt"], pack: "Pack", screen: "Console", path: "Path", resume: bool
) -> None:
    """Run the journal session on the terminal or a script: SIGTERM and SIGHUP stop it as
    Ctrl-C does, saves are never cut short, and nothing typed is left for the shell."""
    import datetime as dt
    import tempfile
    from pathlib import Path

    from .journal import check_journal, journal_text
    from .play import Journal, run_reflect
    from .reflect import Answered, answered
    from .terminal import discard_typeahead, held, line_reader, signals_stop_like_ctrl_c

    done = answered(journal_text(check_journal(path))) if resume else Answered()
    spare = Path(tempfile.gettempdir())
    session = Journal(path, spare, done, held)
    try:
        with signals_stop_like_ctrl_c():
            talk = stderr_console()
            run_reflect(prompts, pack, screen, talk, line_reader(screen), session, dt.datetime.now)
    finally:
        discard_typeahead()


def line_reader(screen: "Console") -> Callable[[str], str | None]:
    """Lines from a person at a terminal (with line editing), or one per line from a script."""
    from .terminal import line_reader as reader

    return reader(screen)

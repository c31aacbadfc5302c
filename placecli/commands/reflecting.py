"""Reflecting: `place reflect`, its prompts shown, discussed with a timer, presented, or
written to a journal; and the journal session that `reflect --due` shares."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from placecli.commands.packs import load
from placecli.errors import UsageError

if TYPE_CHECKING:
    import random
    from pathlib import Path

    from rich.console import RenderableType

    from placecli.commands.presenter import Format
    from placecli.packs.model import Audience, Pack, Prompt
    from placecli.screens.journal import Ask, Words
    from placecli.terminal.context import Terminal


class ReflectRequest(NamedTuple):
    content: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()  # concept ids, prefixes or prompt ids
    audience: Audience | None = None
    random: bool = False
    seed: int | None = None
    journal: str | None = None
    timer: str | None = None
    resume: bool = False
    format: Format = "rich"
    present: bool = False
    no_pager: bool = False


class Prompts(NamedTuple):
    """The prompts chosen, grouped under their concepts."""

    prompts: Sequence[Prompt]
    pack: Pack

    def rich(self) -> RenderableType:
        from placecli.views.render import prompts_view

        return prompts_view(*self)

    def markdown(self) -> str:
        from placecli.exporters.markdown import prompts_markdown

        return prompts_markdown(self.prompts, self.pack, level=1)

    def json(self) -> Any:
        from placecli.views.plain import prompts_data

        return prompts_data(*self)


def reflect(request: ReflectRequest, terminal: Terminal) -> Prompts | None:
    """The prompts; with a journal, a response to each; with a timer, a discussion."""
    import random

    if request.present:
        from placecli.commands.fullscreen import check_present

        check_present(terminal)
    seconds = timer_seconds(request.timer)
    pack = load(request.content, terminal)
    seed = request.seed
    if request.random and seed is None:
        seed = random.SystemRandom().randrange(1, 10_000)
    rng = random.Random(seed) if request.random else None
    prompts = prompts_named(pack, request.concepts, request.audience, rng)
    path = checked_journal(request.journal) if request.journal is not None else None
    if request.random:
        again = f"place reflect --random --seed {seed}"
        terminal.talk().print(f"seed {seed} · {again} repeats it", style="place.muted")
    if request.timer is not None and path is None and terminal.full_screen:
        discuss(terminal, prompts, pack, seconds)
    elif request.present:
        from placecli.commands.fullscreen import present_deck
        from placecli.screens.present import prompt_deck

        present_deck(terminal, prompt_deck(prompts, pack))
    elif path is None and request.timer is None:
        return Prompts(prompts, pack)
    else:
        timed_then_journal(terminal, prompts, pack, seconds, path, request)
    return None


def timed_then_journal(
    terminal: Terminal,
    prompts: Sequence[Prompt],
    pack: Pack,
    seconds: float | None,
    path: Path | None,
    request: ReflectRequest,
) -> None:
    """Line by line: the prompts and a timer bar (not a full screen: a journal follows, or
    the output is not a terminal that can draw one), then the journal."""
    if request.timer is not None:
        from placecli.screens.play import run_timer
        from placecli.views.render import prompts_view

        screen = terminal.screen()
        screen.print(prompts_view(prompts, pack))
        total = seconds or prompt_seconds(prompts[0])
        run_timer(total, screen, terminal.monotonic, terminal.sleep)
    if path is not None:
        keep_prompts_journal(terminal, prompts, pack, path, request.resume)


def timer_seconds(timer: str | None) -> float | None:
    """--timer's seconds; None for no timer, or `auto` (each prompt's own minutes)."""
    from placecli.reflect.prompts import BadDuration, parse_duration

    if timer is None or timer.strip().lower() == "auto":
        return None
    try:
        return parse_duration(timer)
    except BadDuration as error:
        raise UsageError(error.worded("--timer")) from None


def prompts_named(
    pack: Pack, names: Sequence[str], audience: Audience | None, rng: random.Random | None
) -> list[Prompt]:
    """The prompts named by id, then those of the concepts named (all, if nothing is)."""
    from placecli.packs.lookup import find_concepts
    from placecli.reflect.prompts import select_prompts

    ids = {p.id for p in pack.prompts}
    named = [p for p in pack.prompts if p.id in names]
    rest = [name for name in names if name not in ids]
    if named and not rest:
        return [rng.choice(named)] if rng is not None else named
    concepts = [c.id for c in find_concepts(pack, rest)] if rest else []
    return named + select_prompts(pack, concepts, audience, rng)


def prompt_seconds(prompt: Prompt) -> float:
    """`--timer auto`: the prompt's suggested minutes (reflect.prompts.DEFAULT_MINUTES if none)."""
    from placecli.reflect.prompts import DEFAULT_MINUTES

    return float((prompt.minutes or DEFAULT_MINUTES) * 60)


def discuss(
    terminal: Terminal, prompts: Sequence[Prompt], pack: Pack, seconds: float | None
) -> None:
    """Full screen, a timer after each prompt in turn (its own minutes, unless given)."""
    from placecli.commands.fullscreen import discuss as timers
    from placecli.views.text import concept_title

    plan = [(p, concept_title(pack, p.concept), seconds or prompt_seconds(p)) for p in prompts]
    timers(terminal, plan)


def checked_journal(journal: str) -> Path:
    """The journal's path with `~` expanded (also after `=`), checked before anything is
    asked; each save checks the file again."""
    from pathlib import Path

    from placecli.reflect.journal import check_journal

    path = Path(os.path.expanduser(journal))
    check_journal(path)
    return path


def keep_prompts_journal(
    terminal: Terminal, prompts: Sequence[Prompt], pack: Pack, path: Path, resume: bool
) -> None:
    """A response to each prompt (with --resume, each the journal has none to yet)."""
    from placecli.reflect.journal import check_journal, journal_text
    from placecli.reflect.prompts import Answered, answered
    from placecli.screens.journal import PROMPT_WORDS, prompt_asks
    from placecli.views.render import Text

    done = answered(journal_text(check_journal(path))) if resume else Answered()
    asks = prompt_asks(prompts, pack, done)
    screen = terminal.screen()
    if len(asks) < len(prompts):
        skipped = f"{len(prompts) - len(asks)} of {len(prompts)} prompts"
        said = f"{skipped} already have a response in {path}; they are skipped."
        screen.print(Text(said, "place.muted"), soft_wrap=True)
    if not asks:
        screen.print("Nothing left to ask.", style="place.muted")
    keep_journal(terminal, asks, PROMPT_WORDS, path)


def keep_journal(terminal: Terminal, asks: Sequence[Ask], words: Words, path: Path) -> int:
    """The journal session, for prompts or follow-ups, on a terminal or from a script:
    SIGTERM and SIGHUP stop it as Ctrl-C does, no stop cuts a save short, a save that
    fails keeps the response, and nothing typed is left for the shell. How many saved."""
    import tempfile
    from pathlib import Path

    from placecli.screens.journal import Journal, run_journal
    from placecli.terminal.lines import discard_typeahead, held, signals_stop_like_ctrl_c

    journal = Journal(path, Path(tempfile.gettempdir()), held)
    screen, talk = terminal.screen(), terminal.talk()
    try:
        with signals_stop_like_ctrl_c(terminal.stdout, terminal.stderr):
            read_line = terminal.lines(screen)
            return run_journal(asks, words, screen, talk, read_line, journal, terminal.local_now)
    finally:
        discard_typeahead(terminal.stdin, terminal.stdin_tty)

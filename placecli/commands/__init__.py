"""What each command does, given plain values: load the packs, call the core, render.

The Typer app in `cli.py` parses the command line and calls these functions with
keyword arguments; nothing here imports Typer, so each can be called and tested directly.
`content` is the `--content` folders, in order; empty means $PLACE_CONTENT, else the
built-in pack. This module keeps pathlib off the path of every start, like `locate.py`.
"""

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from placecli.errors import UsageError
from placecli.packs.model import AUDIENCES, Audience
from placecli.terminal import output

if TYPE_CHECKING:
    import random
    from pathlib import Path

    from rich.console import Console

    from placecli.commands.learning import Again
    from placecli.exporters import Skipped
    from placecli.packs.cache import Cached, Report
    from placecli.packs.locate import StrPath
    from placecli.packs.model import Pack, Prompt
    from placecli.quiz.engine import Asked, Quiz
    from placecli.quiz.teams import Room
    from placecli.screens.present import Slide
    from placecli.screens.shell import Page
    from placecli.workshop.plan import Plan as PlanT
    from placecli.workshop.plan import Show, Step

Content = Sequence["StrPath"]
Format = Literal["rich", "markdown", "json"]
SUMMARY_FORMATS: tuple[Format, ...] = ("rich", "markdown", "json")
DATA_FORMATS: tuple[Format, ...] = ("rich", "json")
HANDOUT_FORMATS: tuple[Format, ...] = ("rich", "markdown")


def format_of(value: str) -> Format:
    """A --format value as its Literal (Click has already checked it is a choice)."""
    for known in SUMMARY_FORMATS:
        if value == known:
            return known
    raise UsageError(f'unknown format "{value}"; use one of: {", ".join(SUMMARY_FORMATS)}')


def audience_of(value: str | None) -> Audience | None:
    for known in AUDIENCES:
        if value == known:
            return known
    if value is None:
        return None
    raise UsageError(f'unknown audience "{value}"; use one of: {", ".join(AUDIENCES)}')


def packs_in_use(content: Content) -> list["StrPath"]:
    """--content, else $PLACE_CONTENT, else the built-in pack."""
    from placecli.packs.locate import builtin_pack

    if content:
        return list(content)
    paths: list[StrPath] = [p for p in os.environ.get("PLACE_CONTENT", "").split(os.pathsep) if p]
    return paths or [builtin_pack()]


def load(content: Content) -> "Pack":
    return load_paths(packs_in_use(content))


def load_paths(paths: Sequence["StrPath"]) -> "Pack":
    """Packs through the cache in the user cache folder (off with PLACE_NO_CACHE=1)."""
    from placecli.folders import cache_folder
    from placecli.packs.cache import load_packs_cached

    cache_dir = None if os.environ.get("PLACE_NO_CACHE") else cache_folder()
    return load_packs_cached(paths, cache_dir)


def summary(
    content: Content,
    *,
    concepts: Sequence[str] = (),
    brief: bool = False,
    fmt: Format = "rich",
    present: bool = False,
    no_pager: bool = False,
) -> None:
    from placecli.packs.lookup import find_concepts
    from placecli.views import plain

    if present:
        check_present(fmt)
    pack = load(content)
    chosen = find_concepts(pack, concepts) if concepts else list(pack.concepts)
    if fmt == "json":
        output.write_json(plain.summary_data(pack, chosen, brief))
    elif fmt == "markdown":
        output.write(plain.summary_markdown(pack, chosen, brief))
    else:
        from placecli.views import render

        if present:
            from placecli.screens.present import brief_deck, summary_deck

            show_deck(brief_deck(pack, chosen) if brief else summary_deck(pack, chosen))
            return
        view = render.summary_view(pack, chosen, brief)
        output.show_long(view, width=render.READING_WIDTH, no_pager=no_pager)


def check_present(fmt: Format = "rich", journal: object = None) -> None:
    """--present needs a person at a terminal, and the terminal's view."""
    if fmt != "rich":
        raise UsageError(f"--present shows the screen view, not {fmt}: leave out --format")
    if journal is not None:
        raise UsageError("--present and --journal do not go together: choose one")
    if not on_terminal():
        raise UsageError(
            "--present needs a terminal: standard input and output cannot be a file or a "
            "pipe, and TERM cannot be dumb"
        )


def show_deck(slides: Sequence["Slide"]) -> None:
    """Full screen, one slide a screen, until q; the terminal is put back however it ends."""
    from placecli.screens.present import DeckPage

    full_screen(DeckPage(slides))


def full_screen(page: "Page") -> object:
    """The page in the full-screen shell, on this terminal, in the theme of its background;
    its result. The terminal comes back however it ends; Ctrl-C is reported here (Typer
    would end the command silently)."""
    from placecli.errors import Interrupted
    from placecli.screens.shell import run_shell
    from placecli.terminal.theme import detect

    try:
        return run_shell(page, detect(os.environ))
    except KeyboardInterrupt:
        raise Interrupted("stopped with Ctrl-C") from None


def concepts(content: Content, *, fmt: Format = "rich", no_pager: bool = False) -> None:
    pack = load(content)
    if fmt == "json":
        from placecli.views.plain import concepts_data

        output.write_json(concepts_data(pack))
    else:
        from placecli.views.render import concepts_table

        output.show_long(concepts_table(pack), no_pager=no_pager)


def glossary(
    content: Content, *, term: str | None = None, fmt: Format = "rich", no_pager: bool = False
) -> None:
    from placecli.packs.lookup import find_term

    pack = load(content)
    terms = [find_term(pack, term)] if term else list(pack.terms)
    if fmt == "json":
        from placecli.views.plain import terms_data

        output.write_json(terms_data(terms))
        return
    if fmt == "markdown":
        from placecli.exporters.markdown import glossary_markdown

        output.write(glossary_markdown(terms, level=1))
        return
    from placecli.views import render

    view = render.term_view(terms[0]) if term else render.glossary_table(terms)
    output.show_long(view, width=render.READING_WIDTH, no_pager=no_pager)


def validate(
    content: Content,
    *,
    path: "StrPath | None" = None,
    strict: bool = False,
    fmt: Format = "rich",
    no_pager: bool = False,
    explain: str | None = None,
) -> int:
    """Errors stop here (ContentError); item-writing warnings are listed, and with
    `strict` they make the exit status 1. `explain`: where each field of that record
    came from instead (base or overlay, file:line)."""
    from placecli.errors import EXIT_CONTENT
    from placecli.packs.lint import Warning_
    from placecli.packs.locate import shown, shown_origin
    from placecli.packs.model import counts_line
    from placecli.safetext import neutral

    if path is not None and is_plan_file(path):
        return validate_plan(content, path, fmt)
    paths = [path] if path else packs_in_use(content)
    if explain is not None:
        from placecli.packs import overlay

        explained = overlay.explain(paths, explain)
        if fmt == "json":
            output.write_json(overlay.explained_data(explained))
        else:
            output.write("\n".join(overlay.explained_lines(explained)) + "\n")
        return 0
    packs = cached_packs(paths)  # each pack file read once, for the report and the plans
    report = validation_report(packs)
    plans = checked_plans(paths, packs)
    found = [Warning_(**w) for w in report.warnings]
    counts = counts_line(report.counts)
    names = neutral(", ".join(dict.fromkeys(shown(p) for p in paths)))  # a pack named twice: once
    if fmt == "json":
        output.write_json(
            {
                "valid": True,
                "packs": list(dict.fromkeys(shown(p) for p in paths)),
                "counts": report.counts,
                "plans": plans,
                "warnings": [
                    {
                        "where": shown_origin(w.origin),
                        "rule": w.rule,
                        "message": w.message,
                        "fix": w.fix,
                    }
                    for w in found
                ],
            }
        )
    elif found and not no_pager and sys.stderr.isatty() and sys.stdout.isatty():
        from rich.console import Group

        from placecli.views.render import Text  # it may quote pack text: shown, never obeyed

        lines = []  # a long report goes through the pager; the pager wraps its lines
        for w in found:
            where = shown_origin(w.origin)
            lines.append(Text(f"{where}: warning [{w.rule}]: {w.message}", style="place.warn"))
            lines.append(Text(f"  fix: {w.fix}", style="place.muted"))
        note = f"; {len(found)} warning{'' if len(found) == 1 else 's'}"
        lines.append(Text(f"✓ {names}: valid, {counts}{note}"))
        for each in lines:
            each.no_wrap, each.overflow = True, "ignore"
        output.show_long(Group(*lines))
    else:
        if found:
            talk = output.stderr_console()
        for w in found:
            where = shown_origin(w.origin)
            line = neutral(f"{where}: warning [{w.rule}]: {w.message}")  # it may quote pack text
            talk.print(line, style="place.warn", soft_wrap=True)
            talk.print(neutral(f"  fix: {w.fix}"), style="place.muted", soft_wrap=True)
        note = f"; {len(found)} warning{'' if len(found) == 1 else 's'}" if found else ""
        planned = f", {len(plans)} plan{'s' * (len(plans) != 1)}" if plans else ""
        output.write(f"✓ {names}: valid, {counts}{planned}{note}\n")
    return EXIT_CONTENT if strict and found else 0


def cached_packs(paths: Sequence["StrPath"]) -> "Cached":
    """The packs at `paths`, read, with their place in the cache (off with PLACE_NO_CACHE=1)."""
    from placecli.folders import cache_folder
    from placecli.packs.cache import Cached

    return Cached(paths, None if os.environ.get("PLACE_NO_CACHE") else cache_folder())


def validation_report(packs: "Cached") -> "Report":
    """The counts and warnings of the packs, or a ContentError: from the cache when this
    same `place` checked these same bytes before."""
    from placecli.packs.cache import Report
    from placecli.packs.lint import warnings

    def check(pack: "Pack") -> Report:
        return Report(pack.counts(), [w._asdict() for w in warnings(pack)])

    return packs.report(check)


def is_plan_file(path: "StrPath") -> bool:
    """A YAML file other than a pack's pack.yaml is checked as a plan."""
    name = os.path.basename(os.fspath(path))
    return os.path.isfile(path) and name.endswith((".yaml", ".yml")) and name != "pack.yaml"


def checked_plans(paths: Sequence["StrPath"], packs: "Cached") -> list[str]:
    """The names of the packs' plans, each checked. Plans checked before, with the same
    packs and the same plan files, are not read again (a mark in the cache folder), so a
    warm `place validate` still imports no YAML."""
    from placecli.packs.locate import plans_in

    files = plans_in(paths)
    names = [os.path.splitext(os.path.basename(f))[0] for f in files]
    if not files:
        return []
    mark = plans_mark(packs, files)
    if mark is not None and os.path.exists(mark):
        return names
    from placecli.workshop.plan import check_plans

    check_plans(paths, packs.pack())
    if mark is not None:
        with contextlib.suppress(OSError), open(mark, "wb"):
            pass
    return names


def plans_mark(packs: "Cached", files: Sequence[str]) -> str | None:
    """The cache file that says these plans were checked against these packs."""
    import hashlib

    from placecli.folders import is_private

    if packs.key is None or packs.folder is None:  # no cache, or a pack refused
        return None
    digest = hashlib.sha256(packs.key.encode())
    try:
        for file in files:
            with open(file, "rb") as stream:
                digest.update(file.encode() + b"\0" + stream.read() + b"\0")
    except OSError:
        return None
    if not is_private(packs.folder):  # a mark others could plant is no mark
        return None
    return os.path.join(packs.folder, f"plans-{digest.hexdigest()[:24]}.ok")


def validate_plan(content: Content, path: "StrPath", fmt: Format) -> int:
    """`place validate PLAN.yaml`: a plan checked against the packs in use."""
    from placecli.packs.locate import shown
    from placecli.workshop.plan import load_plan

    plan = load_plan(path, load(content))
    if fmt == "json":
        output.write_json(
            {"valid": True, "plan": shown(path), "steps": len(plan.steps), "minutes": plan.minutes}
        )
    else:
        steps = f"{len(plan.steps)} step{'s' * (len(plan.steps) != 1)}"
        output.write(f"✓ {shown(path)}: valid plan, {steps}, {plan.minutes} min\n")
    return 0


def init(folder: "StrPath", *, overlay: bool = False) -> None:
    """Write a starter pack, or an overlay of the built-in pack, into `folder`."""
    from placecli.packs.locate import shown
    from placecli.packs.starter import write_starter

    written = write_starter(folder, overlay)
    output.write("".join(f"wrote {shown(path)}\n" for path in written))
    where = shown(folder)
    output.stderr_console().print(
        f"Next: edit the files, then check them with `place validate {where} --strict`, "
        f"and use them with `place --content {where} summary`.",
        soft_wrap=True,
    )


def quiz_command(seed: int, count: int, concepts: Sequence[str]) -> str:
    """The command line that asks the same questions again."""
    chosen = "".join(f" --concept {c}" for c in concepts)
    return f"place quiz --seed {seed} --count {count}{chosen}"


def quiz(
    content: Content,
    *,
    count: int = 10,
    concepts: Sequence[str] = (),
    seed: int | None = None,
    answer_key: bool = False,
    fmt: Format = "rich",
    present: bool = False,
    no_pager: bool = False,
    again: "Again | None" = None,
    record: bool = True,
    room: "RoomOptions | None" = None,
) -> None:
    from placecli.packs.lookup import find_concepts
    from placecli.quiz.engine import Quiz, draw

    check_quiz_options(fmt, answer_key=answer_key, present=present, again=again, room=room)
    pack = load(content)
    ids = [c.id for c in find_concepts(pack, concepts)] if concepts else []
    if seed is None:
        import random

        seed = random.SystemRandom().randrange(1, 10_000)
    if again is None:
        asked = draw(pack, count, ids, seed)
        repeat = quiz_command(seed, count, ids)
        heading = f"{questions(len(asked))} · seed {seed} · {repeat} repeats them"
        if room is not None:
            teams = room_checked(room)
            team_quiz(teams, room.leaderboard, asked, seed, f"{repeat} {room.option_text}", fmt)
            return
    else:
        from placecli.commands.learning import asked_again

        asked, repeat, heading = asked_again(pack, ids, count, seed, again)
        if not asked:  # the heading says why
            quiz_screen(fmt).print(heading, soft_wrap=True)
            if fmt == "json":
                output.write_json({"seed": seed, **Quiz([]).result_data(pack)})
            return
    if answer_key and fmt == "json":
        from placecli.views.plain import answer_key_data

        output.write_json({"seed": seed, "command": repeat, **answer_key_data(asked)})
        return
    if fmt == "markdown":
        if not answer_key:
            raise UsageError("--format markdown writes the answer key: add --answer-key")
        from placecli.exporters.markdown import answer_key_markdown

        entries = [(a.number, a.question, a.choices()) for a in asked]
        line = f"{questions(len(asked))}, seed {seed}: `{repeat}`"
        output.write(answer_key_markdown(entries, pack, level=1, note=line))
        return
    if answer_key:
        from placecli.views import render

        heading = f"Answer key: {questions(len(asked))}, seed {seed} · {repeat}"
        output.show_long(render.answer_key_view(asked, pack, heading), no_pager=no_pager)
        return
    kind = (again or "quiz") if record else None
    play_quiz(Quiz(asked), pack, heading, fmt, seed, kind, present=present)


def questions(count: int) -> str:
    """`1 question`, `5 questions`."""
    return f"{count} question{'s' if count != 1 else ''}"


def check_quiz_options(
    fmt: Format, *, answer_key: bool, present: bool, again: "Again | None", room: object
) -> None:
    """Options that cannot go together, said before anything is loaded."""
    if room is not None and (answer_key or again is not None or present):
        raise UsageError(
            "a team quiz asks the room: leave out --answer-key, --missed, --due and --present"
        )
    if present:
        if answer_key:
            raise UsageError("--present asks the questions; --answer-key prints them: choose one")
        check_present(fmt)


def play_quiz(
    game: "Quiz",
    pack: "Pack",
    heading: str,
    fmt: Format,
    seed: int,
    kind: str | None,
    *,
    present: bool = False,
) -> None:
    """Ask the questions; record each answer in the history as `kind` (None: record nothing).

    With `present`, each question has a clean screen of its own, and the report stays on
    the screen the room comes back to."""
    from functools import partial

    from placecli.screens.play import run_quiz
    from placecli.views import render

    screen = quiz_screen(fmt)
    screen.print(heading, style="place.muted", soft_wrap=True)
    interactive = sys.stdin is not None and sys.stdin.isatty()
    recorder = None
    if kind is not None:
        from placecli.commands.learning import recorder as history_recorder

        recorder = history_recorder(pack, kind, note)
    ask = partial(
        run_quiz,
        game,
        pack,
        screen,
        line_reader(screen),
        interactive=interactive,
        note=note,
        record=recorder,
        clock=monotonic,
    )
    try:
        if present:
            from placecli.screens.quizpage import QuizPage

            try:
                full_screen(QuizPage(game, pack, seed, monotonic, recorder))
            finally:
                screen.print(render.result_view(game, pack))
        else:
            ask()
    finally:
        if recorder is not None:
            recorder.close()
        if fmt == "json":
            output.write_json({"seed": seed, **game.result_data(pack)})


def quiz_screen(fmt: Format) -> "Console":
    """Where the quiz talks: standard error when standard output holds the JSON result."""
    return output.stderr_console() if fmt == "json" else output.stdout_console()


def note(words: str) -> None:
    """A note to the person, on standard error (a quiz's unreadable line, the history)."""
    from placecli.views.render import Text  # shown as typed: a line may quote what was typed

    output.stderr_console().print(Text(words, style="place.warn"), soft_wrap=True)


def monotonic() -> float:
    import time

    return time.monotonic()


class RoomOptions(NamedTuple):
    """The team quiz's options, as given on the command line."""

    teams: str
    time: int | None = None
    points: str = "one"
    leaderboard: bool = True
    practice: int = 0

    @property
    def option_text(self) -> str:
        """The options again, for the command that repeats the quiz."""
        words = [f"--teams {shell_word(self.teams)}"]
        if self.time:
            words.append(f"--time {self.time}")
        if self.points != "one":
            words.append(f"--points {self.points}")
        if not self.leaderboard:
            words.append("--no-leaderboard")
        if self.practice:
            words.append(f"--practice {self.practice}")
        return " ".join(words)


def shell_word(text: str) -> str:
    import shlex

    return shlex.quote(text)


def room_checked(options: RoomOptions) -> "Room":
    from placecli.quiz.teams import MAX_TIMER, MIN_TIMER, POINTS_RULES, Room, teams_of

    teams = teams_of(options.teams)
    if options.time is not None and not MIN_TIMER <= options.time <= MAX_TIMER:
        raise UsageError(f"--time takes {MIN_TIMER} to {MAX_TIMER} seconds, not {options.time}")
    rule = next((r for r in POINTS_RULES if r == options.points), None)
    if rule is None:
        raise UsageError(
            f'--points takes one of: {", ".join(POINTS_RULES)}; not "{options.points}"'
        )
    if rule == "speed" and not options.time:
        raise UsageError("--points speed scores the time taken: add a countdown, e.g. --time 30")
    if options.practice < 0:
        raise UsageError(f"--practice takes a number of questions, not {options.practice}")
    return Room(teams, rule, float(options.time) if options.time else None, options.practice)


def team_quiz(
    room: "Room", leaderboard: bool, asked: Sequence["Asked"], seed: int, again: str, fmt: Format
) -> None:
    """The team quiz on one screen; the facilitator's record on stdout with json."""
    import time

    from placecli.screens.teams import Devices, run_room

    screen = output.stderr_console() if fmt == "json" else output.stdout_console()
    names = ", ".join(room.teams)
    heading = f"{len(asked)} questions · teams {names} · seed {seed} · {again}"
    screen.print(heading, style="place.muted", soft_wrap=True)
    try:
        if is_terminal() and on_terminal():
            from placecli.screens.teampage import TeamPage
            from placecli.screens.teams import podium_view

            try:
                full_screen(TeamPage(room, asked, time.monotonic, leaderboard=leaderboard))
            finally:
                screen.print(podium_view(room, screen.width))
        else:
            run_room(
                room, asked, Devices(screen, line_reader(screen), note), leaderboard=leaderboard
            )
    finally:
        if fmt == "json":
            output.write_json(room.record(seed))


def is_terminal() -> bool:
    """Is a person at a terminal?"""
    return sys.stdin is not None and sys.stdin.isatty()


def reflect(
    content: Content,
    *,
    concepts: Sequence[str] = (),
    audience: Audience | None = None,
    random_one: bool = False,
    seed: int | None = None,
    journal: "StrPath | None" = None,
    timer: str | None = None,
    resume: bool = False,
    present: bool = False,
    no_pager: bool = False,
    fmt: Format = "rich",
) -> None:
    import random

    from placecli.reflect.prompts import parse_duration
    from placecli.views import render

    if present:
        check_present(fmt, journal=journal)

    if seed is not None and not random_one:
        raise UsageError(
            "--seed picks the prompt --random shows: add --random, or leave out --seed"
        )
    if resume and journal is None:
        raise UsageError("--resume skips the prompts a journal answers: add --journal PATH")
    auto = timer is not None and timer.strip().lower() == "auto"
    seconds = parse_duration(timer) if timer is not None and not auto else None
    pack = load(content)
    if random_one and seed is None:
        seed = random.SystemRandom().randrange(1, 10_000)
    prompts = prompts_named(pack, concepts, audience, random.Random(seed) if random_one else None)
    if fmt == "markdown":
        if journal is not None or timer is not None:
            raise UsageError("--format markdown writes the prompts only: no --journal or --timer")
        from placecli.exporters.markdown import prompts_markdown

        output.write(prompts_markdown(prompts, pack, level=1))
        return
    path = checked_journal(journal) if journal is not None else None
    if random_one:
        again = f"place reflect --random --seed {seed}"
        output.stderr_console().print(f"seed {seed} · {again} repeats it", style="place.muted")
    if timer is not None and path is None and on_terminal():
        discuss(prompts, pack, seconds)
        return
    if present:
        from placecli.screens.present import prompt_deck

        show_deck(prompt_deck(prompts, pack))
        return
    screen = output.stdout_console()
    if path is None and timer is None:
        output.show_long(render.prompts_view(prompts, pack), no_pager=no_pager)
    elif timer is not None:
        import time

        from placecli.screens.play import run_timer

        screen.print(render.prompts_view(prompts, pack))
        run_timer(seconds or prompt_seconds(prompts[0]), screen, time.monotonic, time.sleep)
    if path is not None:
        keep_journal(prompts, pack, screen, path, resume)


def prompts_named(
    pack: "Pack", names: Sequence[str], audience: Audience | None, rng: "random.Random | None"
) -> list["Prompt"]:
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


def on_terminal() -> bool:
    """A person at a terminal that can draw full screens (Textual's drivers: POSIX and
    Windows)."""
    if not (sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    return os.environ.get("TERM") != "dumb"


def prompt_seconds(prompt: "Prompt") -> float:
    """`--timer auto`: the prompt's suggested minutes (timer.DEFAULT_MINUTES if none)."""
    from placecli.reflect.prompts import DEFAULT_MINUTES

    return float((prompt.minutes or DEFAULT_MINUTES) * 60)


def discuss(prompts: Sequence["Prompt"], pack: "Pack", seconds: float | None) -> None:
    """Full screen, a timer after each prompt in turn (its own minutes, unless given)."""
    import time

    from placecli.screens.timer import TimerPage
    from placecli.views.text import concept_title

    plan = [(p, concept_title(pack, p.concept), seconds or prompt_seconds(p)) for p in prompts]
    screen = output.stdout_console()
    reached = full_screen(TimerPage(plan, time.monotonic))
    screen.print(f"Discussed {reached} of {len(prompts)} prompts.", style="place.muted")


EXPORTS = ("markdown", "html")


def run(
    content: Content,
    *,
    plan: str | None = None,
    export: str | None = None,
    end_time: str | None = None,
    notes: str | None = None,
) -> None:
    """`place run`: list the packs' plans, show one step by step, or export it."""
    from placecli.packs.locate import plans_in
    from placecli.workshop import plan as plans

    paths = packs_in_use(content)
    pack = load_paths(paths)
    if plan is None:
        from placecli.views.plans import plan_listing

        found = plans.check_plans(paths, pack)
        names = [plans.plan_name(p) for p in plans_in(paths)]
        rows = [(n, p.title, len(p.steps), p.minutes) for n, p in zip(names, found, strict=True)]
        output.show(plan_listing(rows))
        return
    end = clock_time(end_time) if end_time is not None else None
    chosen = plans.load_plan(plans.find_plan(plan, paths), pack)
    if export is not None:
        from placecli.exporters import plan as sheets
        from placecli.safetext import neutral  # a text export is read in a terminal too

        if export == "markdown":
            output.write(neutral(sheets.markdown_deck(chosen, pack)))
            return
        if export == "html":
            start = None
            if end is not None:
                start = sheets.day_time(sheets.minutes_of_day(end) - chosen.minutes)
            output.write(neutral(sheets.html_sheet(chosen, pack, start)))
            return
    if export is not None:
        raise UsageError(f'--export takes markdown or html, not "{export}"')
    if not on_terminal():
        raise UsageError(
            "place run shows a plan on a terminal that can draw full screens (not a file, a "
            "pipe or TERM=dumb); to print it, add --export markdown or html"
        )
    run_session(chosen, pack, end, notes)


def clock_time(text: str) -> str:
    """--end-time: `HH:MM` (24-hour), checked."""
    import re

    found = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text.strip())
    if not found:
        raise UsageError(f'--end-time takes a time like 16:30, not "{text}"')
    return f"{int(found[1]):02d}:{found[2]}"


def run_session(chosen: "PlanT", pack: "Pack", end: str | None, notes: str | None) -> None:
    import datetime as dt
    import time

    from placecli.screens.plan import RunDevices, RunPage
    from placecli.words import clock
    from placecli.workshop.plan import Session

    seconds_to_end = None
    if end is not None:
        hours, minutes = map(int, end.split(":"))

        def seconds_to_end() -> float:
            now = dt.datetime.now()
            return (now.replace(hour=hours, minute=minutes, second=0) - now).total_seconds()

        if seconds_to_end() < 60 * len(chosen.steps):
            raise UsageError(
                f"--end-time {end} leaves less than a minute for each of the "
                f"{len(chosen.steps)} steps"
            )
    screen = output.stdout_console()
    session = Session(chosen, time.monotonic())
    if seconds_to_end is not None:
        session.fit(session.started, seconds_to_end())
        output.stderr_console().print(f"To finish at {end}: {session.message}.", style="place.warn")
    devices = RunDevices(
        time.monotonic,
        seconds_to_end,
        notes_writer(notes) if notes else lambda step, index, total: None,
        lambda show: plan_quiz(show, pack),
        notes,
    )
    try:
        full_screen(RunPage(session, pack, devices))
    finally:
        screen.print(
            f"Session ended after {clock(time.monotonic() - session.started)} "
            f"({chosen.minutes} min planned).",
            style="place.strong",
        )


def notes_writer(path: str) -> Callable[["Step", int, int], None]:
    """--notes FILE: the current step's notes, the file rewritten at each step (tail -F)."""
    file = os.path.expanduser(path)

    def write(step: "Step", index: int, total: int) -> None:
        from placecli.safetext import neutral  # read with tail: nothing in it may drive a terminal

        heading = f"Step {index + 1} of {total}: {step.title} ({step.minutes} min)"
        text = neutral(f"{heading}\n\n{step.notes or 'No notes for this step.'}\n\n")
        try:
            with open(file, "w", encoding="utf-8") as out:
                out.write(text)
        except OSError as error:
            raise UsageError(f"cannot write the notes to {path}: {error.strerror}") from None

    write_check = os.path.dirname(file) or os.curdir
    if not os.access(write_check, os.W_OK) or os.path.isdir(file):
        raise UsageError(f"cannot write the notes to {path}")
    return write


def plan_quiz(show: "Show", pack: "Pack") -> "Page":
    """A plan's quiz step: the team quiz, or a quiz for the room (recorded nowhere); the
    plan comes back when it ends."""
    import random
    import time

    from placecli.quiz.engine import Quiz, draw

    seed = show.seed or random.SystemRandom().randrange(1, 10_000)
    asked = draw(pack, show.questions or 10, show.concepts, seed)
    if show.teams:
        from placecli.quiz.teams import Room
        from placecli.screens.teampage import TeamPage

        return TeamPage(Room(show.teams), asked, time.monotonic)
    from placecli.screens.quizpage import QuizPage

    return QuizPage(Quiz(asked), pack, seed, time.monotonic, None)


def checked_journal(journal: "StrPath") -> "Path":
    """The journal's path with `~` expanded (also after `=`), checked before anything is
    asked; each save checks the file again."""
    from pathlib import Path

    from placecli.reflect.journal import check_journal

    path = Path(os.path.expanduser(journal))
    check_journal(path)
    return path


def keep_journal(
    prompts: Sequence["Prompt"], pack: "Pack", screen: "Console", path: "Path", resume: bool
) -> None:
    """The journal session, on a terminal or from a script: SIGTERM and SIGHUP stop it as
    Ctrl-C does, no stop cuts a save short, and nothing typed is left for the shell."""
    import tempfile
    from pathlib import Path

    from placecli.commands.learning import local_now
    from placecli.reflect.journal import check_journal, journal_text
    from placecli.reflect.prompts import Answered, answered
    from placecli.screens.play import Journal, run_reflect
    from placecli.terminal.lines import discard_typeahead, held, signals_stop_like_ctrl_c

    done = answered(journal_text(check_journal(path))) if resume else Answered()
    session = Journal(path, Path(tempfile.gettempdir()), done, held)
    talk = output.stderr_console()
    try:
        with signals_stop_like_ctrl_c():
            run_reflect(prompts, pack, screen, talk, line_reader(screen), session, local_now)
    finally:
        discard_typeahead()


def line_reader(screen: "Console") -> Callable[[str], str | None]:
    """Lines from a person at a terminal (with line editing), or one per line from a script."""
    from placecli.terminal.lines import line_reader as reader

    return reader(screen)


def export_packs(
    content: Content,
    *,
    fmt: str,
    concepts: Sequence[str] = (),
    output_path: "StrPath | None" = None,
    answer_key: bool = False,
) -> None:
    """The packs in one export format, to standard output or a file (binary formats)."""
    from placecli.exporters import FORMATS, Options
    from placecli.packs.lookup import find_concepts

    target = FORMATS[fmt]  # Click has checked it is one
    if target.binary and output_path is None:
        raise UsageError(
            f"place export {fmt} writes a binary file: give --output FILE.{target.extension}"
        )
    missing = target.missing_extra()
    if missing:
        raise UsageError(missing)
    if output_path is not None:
        check_output(os.fspath(output_path))
    pack = load(content)
    chosen = find_concepts(pack, concepts) if concepts else list(pack.concepts)
    # Font subsets in a PDF carry their build time; a fixed one keeps exports identical.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    result = target.load()(pack, chosen, Options(answer_key=answer_key))
    if result.skipped:
        note = skipped_note(fmt, result.skipped)
        output.stderr_console().print(note, style="place.warn", soft_wrap=True)
    data = result.data
    if isinstance(data, str):  # a text export is read in a terminal too: shown, never obeyed
        from placecli.safetext import neutral

        data = neutral(data)
    if output_path is None:
        output.write(data if isinstance(data, str) else data.decode())
        return
    try:
        with open(output_path, "wb") as file:
            file.write(data.encode() if isinstance(data, str) else data)
    except OSError as error:  # a full disk, no permission: output that could not be written
        from placecli.errors import OutputError

        raise OutputError(f"cannot write {os.fspath(output_path)}: {error.strerror}") from None


def check_output(path: str) -> None:
    """Fail before the work if the export cannot go where it is asked to."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise UsageError(f"cannot write {path}: it is a folder")
    if not os.path.isdir(folder):
        raise UsageError(f"cannot write {path}: the folder {folder} does not exist")


def skipped_note(fmt: str, skipped: "Sequence[Skipped]") -> str:
    """One line: the questions left out, grouped by why."""
    reasons: dict[str, list[str]] = {}
    for item in skipped:
        reasons.setdefault(item.reason, []).append(item.question)
    why = "; ".join(f"{reason}: {', '.join(ids)}" for reason, ids in reasons.items())
    count = f"{len(skipped)} question{'' if len(skipped) == 1 else 's'}"
    return f"place export {fmt}: left out {count} ({why})"

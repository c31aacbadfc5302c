"""The command lines people type most, run without importing Typer.

Importing Typer costs several times a bare Python start, more than the whole start-up
budget of `place summary` (README, Speed). So `place` first tries this small parser. It
accepts only command lines it understands completely: known commands and options, each
value well-formed, nothing repeated that may not be, no help. Anything else, every
mistake included, goes to the Typer app in `cli.py`, which gives help and every error
message. Both call the same functions in `commands.py`, and a test checks that for any
command line this parser accepts, Typer parses the same values
(tests/test_fastpath.py), and that the tables below match the Typer app's options.
"""

import os
import sys

from . import __version__

FLAG, TEXT, PATH, INT, FLOAT, CHOICE = "flag", "text", "path", "int", "float", "choice"


class Option:
    """One option: the parameter it sets, how its value is read, and its limits."""

    __slots__ = ("choices", "high", "kind", "low", "param", "repeatable")

    def __init__(
        self,
        param: str,
        kind: str,
        choices: tuple[str, ...] = (),
        low: float | None = None,
        high: float | None = None,
        repeatable: bool = False,
    ) -> None:
        self.param, self.kind, self.choices = param, kind, choices
        self.low, self.high, self.repeatable = low, high, repeatable


class Command:
    """A command's options by every name, and its positional argument if it has one."""

    __slots__ = ("argument", "argument_kind", "options", "variadic")

    def __init__(
        self,
        options: dict[str, Option],
        argument: str | None = None,
        argument_kind: str = TEXT,
        variadic: bool = False,
    ) -> None:
        self.options, self.argument = options, argument
        self.argument_kind, self.variadic = argument_kind, variadic


def named(option: Option, *names: str) -> dict[str, Option]:
    """The option under each of its names: `--format` and `-f`."""
    return dict.fromkeys(names, option)


SUMMARY_FORMATS = ("rich", "markdown", "json")
DATA_FORMATS = ("rich", "json")
AUDIENCES = ("individual", "pair", "group")

COMMANDS: dict[str, Command] = {
    "summary": Command(
        {
            "--brief": Option("brief", FLAG),
            **named(Option("output", CHOICE, SUMMARY_FORMATS), "--format", "-f"),
        },
        argument="concepts",
        variadic=True,
    ),
    "concepts": Command(named(Option("output", CHOICE, DATA_FORMATS), "--format", "-f")),
    "glossary": Command(
        named(Option("output", CHOICE, DATA_FORMATS), "--format", "-f"), argument="term"
    ),
    "validate": Command({}, argument="path", argument_kind=PATH),
    "quiz": Command(
        {
            **named(Option("count", INT, low=1), "--count", "-n"),
            **named(Option("concept", TEXT, repeatable=True), "--concept", "-c"),
            "--seed": Option("seed", INT),
            "--answer-key": Option("answer_key", FLAG),
            **named(Option("output", CHOICE, DATA_FORMATS), "--format", "-f"),
        }
    ),
    "reflect": Command(
        {
            **named(Option("audience", CHOICE, AUDIENCES), "--audience", "-a"),
            "--random": Option("random_one", FLAG),
            "--seed": Option("seed", INT),
            **named(Option("journal", PATH), "--journal", "-j"),
            **named(Option("timer", FLOAT, low=0.1, high=24 * 60), "--timer", "-t"),
        },
        argument="concepts",
        variadic=True,
    ),
}
CONTENT_OPTION = "--content"  # the only option before the command, repeatable

Parsed = tuple[str, list[str], dict[str, object]]  # command, --content paths, its parameters


def run(argv: list[str]) -> int | None:
    """Run `argv` and return the exit status, or None if Typer must parse it."""
    if argv == ["--version"]:
        sys.stdout.write(f"place {__version__}\n")
        return 0
    parsed = parse(argv)
    if parsed is None:
        return None
    from . import commands
    from .boundary import guarded

    name, content, params = parsed
    command = getattr(commands, name)
    return guarded(lambda: command(tuple(content), **params))


def parse(argv: list[str]) -> Parsed | None:
    """The command, --content paths and parameters of a plain command line, else None."""
    if os.environ.get("_PLACE_COMPLETE"):  # shell completion is Typer's
        return None
    content: list[str] = []
    rest = list(argv)
    while rest and rest[0].startswith("-"):
        name, equals, attached = rest.pop(0).partition("=")
        if name != CONTENT_OPTION:
            return None
        value = attached if equals else (rest.pop(0) if rest else "")
        if not plain(value):
            return None
        content.append(value)
    if not rest or rest[0] not in COMMANDS:
        return None
    params = parse_command(COMMANDS[rest[0]], rest[1:])
    return None if params is None else (rest[0], content, params)


def parse_command(command: Command, tokens: list[str]) -> dict[str, object] | None:
    params: dict[str, object] = {}
    repeated: dict[str, list[object]] = {}
    arguments: list[str] = []
    tokens = list(tokens)
    while tokens:
        token = tokens.pop(0)
        if not token.startswith("-"):
            arguments.append(token)
            continue
        name, equals, attached = token.partition("=") if token.startswith("--") else (token, "", "")
        option = command.options.get(name)
        if option is None or (option.kind == FLAG and equals):
            return None
        if option.kind == FLAG:
            value: object = True
        else:
            raw = attached if equals else (tokens.pop(0) if tokens else "")
            value = convert(raw, option.kind, option)
        if value is None or (option.param in params and not option.repeatable):
            return None
        if option.repeatable:
            repeated.setdefault(option.param, []).append(value)
        else:
            params[option.param] = value
    return add_arguments(command, arguments, {**params, **repeated})


def add_arguments(
    command: Command, arguments: list[str], params: dict[str, object]
) -> dict[str, object] | None:
    if not arguments:
        return params
    if command.argument is None or (len(arguments) > 1 and not command.variadic):
        return None
    values = [convert(a, command.argument_kind) for a in arguments]
    if any(v is None for v in values):
        return None
    params[command.argument] = values if command.variadic else values[0]
    return params


def convert(raw: str, kind: str, option: Option | None = None) -> object:
    """The value of `raw` for `kind`, or None unless it is plainly well-formed."""
    if not plain(raw):
        return None
    if kind == PATH:
        from pathlib import Path

        return Path(raw)
    if kind == CHOICE:
        return raw if option and raw in option.choices else None
    if kind in (INT, FLOAT):
        number = raw if kind == INT else raw.replace(".", "", 1)
        if not (number.isascii() and number.isdigit()):
            return None
        return within(int(raw) if kind == INT else float(raw), option)
    return raw


def within(number: float, option: Option | None) -> float | None:
    low, high = (option.low, option.high) if option else (None, None)
    if (low is not None and number < low) or (high is not None and number > high):
        return None
    return number


def plain(value: str) -> bool:
    """A value that is not empty, cannot be mistaken for an option, and has no wildcard
    (Click expands those itself on Windows, where no shell does)."""
    return bool(value) and not value.startswith("-") and not any(c in value for c in "*?[")

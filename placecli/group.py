"""The app's group: Click parses, the one error boundary reports, and the help has the
looks of the theme. Its commands are built as they are used (`built_as_used`).

`PlaceGroup.main` is what the console script and CliRunner call: it runs the parse and
the command inside `boundary.guarded`, so Click's own errors become UsageErrors and
every way out has one behaviour.
"""

from collections.abc import Callable, Iterator, MutableMapping, Sequence
from typing import Any

import typer
from typer._click import ClickException  # Typer 0.28 vendors Click and does not re-export it
from typer.core import TyperGroup

from placecli.boundary import guarded
from placecli.errors import EXIT_INTERRUPTED, UsageError


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
        import sys

        argv = sys.argv[1:] if args is None else list(args)
        argv = argv or ["--help"]  # `place` alone shows the help, and exits 0
        code = guarded(lambda: self.parse_and_run(argv, complete_var, extra))
        if standalone_mode:
            sys.exit(code)
        return code

    def parse_and_run(self, argv: list[str], complete_var: str | None, extra: Any) -> int:
        if argv[:1] == ["help"] or "--help" in argv or "-h" in argv:
            help_styles()
            return self.paged(argv, complete_var, extra)
        return self.run_command(argv, complete_var, extra)

    def paged(self, argv: list[str], complete_var: str | None, extra: Any) -> int:
        """The help, through the pager like any long output when a person reads it on a
        terminal: Typer's console writes it, in colour and to the screen's width, into a
        buffer that the pager is given (terminal/pager.py)."""
        import contextlib
        import io

        from typer import rich_utils

        from placecli.terminal.context import from_process

        terminal = from_process()
        if not terminal.pages:
            return self.run_command(argv, complete_var, extra)
        from placecli.terminal.pager import page

        screen = terminal.screen()
        written = io.StringIO()
        looks = (rich_utils.FORCE_TERMINAL, rich_utils.MAX_WIDTH)
        rich_utils.FORCE_TERMINAL, rich_utils.MAX_WIDTH = True, screen.width
        try:
            with contextlib.redirect_stdout(written):
                return self.run_command(argv, complete_var, extra)
        finally:
            rich_utils.FORCE_TERMINAL, rich_utils.MAX_WIDTH = looks
            page(written.getvalue(), terminal, screen)

    def run_command(self, argv: list[str], complete_var: str | None, extra: Any) -> int:
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
    from typer import rich_utils

    from placecli.terminal.context import process_settings
    from placecli.terminal.theme import styles

    looks = styles(process_settings().theme)
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
    rich_utils.RANGE_STRING = ""  # "[x>=1]": each option's help says its range in words


class AsUsed(MutableMapping[str, Any]):
    """A group's commands by name, in the order declared, each built from its declaration
    the first time it is asked for: Typer reads every parameter of every command when it
    builds one (about 10 ms a start for place's 20), and a start uses one."""

    def __init__(self, makers: dict[str, Callable[[], Any]]) -> None:
        self.makers = makers
        self.built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self.built:
            self.built[name] = self.makers[name]()  # KeyError: no such command
        return self.built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self.makers[name] = lambda: command
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        del self.makers[name]
        self.built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self.makers)

    def __len__(self) -> int:
        return len(self.makers)


def built_as_used(app: typer.Typer) -> TyperGroup:
    """The app's Click group, as `typer.main.get_command(app)` builds it (the tests use
    that), with its commands and sub-apps built only when they are used."""
    import copy
    from functools import partial

    from typer import main

    shell = copy.copy(app)  # the app without its commands: the group's own options alone
    shell.registered_commands, shell.registered_groups = [], []
    group = main.get_group(shell)
    assert isinstance(group, TyperGroup)
    makers: dict[str, Callable[[], Any]] = {}
    for info in app.registered_commands:
        assert info.callback is not None
        name = info.name or main.get_command_name(info.callback.__name__)
        makers[name] = partial(
            main.get_command_from_info,
            info,
            pretty_exceptions_short=app.pretty_exceptions_short,
            rich_markup_mode=app.rich_markup_mode,
        )
    for sub in app.registered_groups:
        sub_name = main.solve_typer_info_defaults(sub).name
        assert isinstance(sub_name, str)
        makers[sub_name] = partial(
            main.get_group_from_info,
            sub,
            pretty_exceptions_short=app.pretty_exceptions_short,
            rich_markup_mode=app.rich_markup_mode,
            suggest_commands=app.suggest_commands,
        )
    group.commands = AsUsed(makers)
    return group

"""The fast path past Typer: it must agree with the Typer app on every command line it takes.

Each command line is run twice with the functions of `commands.py` replaced by recorders:
once through the fast path, once through Typer with the fast path switched off. Whenever
the fast path takes a command line, Typer must accept it too and make the same call.
"""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer import _click as click
from typer._click import types
from typer._types import TyperChoice
from typer.core import TyperArgument, TyperGroup, TyperOption
from typer.models import TyperPath
from typer.testing import CliRunner

from placecli import boundary, commands, fastpath
from placecli.cli import app
from placecli.errors import Interrupted, UsageError

from .conftest import ROOT

Call = tuple[str, dict[str, Any]]
NAMES = list(fastpath.COMMANDS)
REAL = {name: getattr(commands, name) for name in NAMES}


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Call]]:
    """Every call to a command function, its arguments bound to the real signature."""
    calls: list[Call] = []
    for name, real in REAL.items():

        def record(*args: Any, _name: str = name, _real: Any = real, **kwargs: Any) -> None:
            bound = inspect.signature(_real).bind(*args, **kwargs)
            bound.apply_defaults()
            arguments = dict(bound.arguments)
            arguments["content"] = tuple(os.fspath(p) for p in arguments["content"])
            arguments.update({k: list(v) for k, v in arguments.items() if isinstance(v, list)})
            calls.append((_name, arguments))

        monkeypatch.setattr(commands, name, record)
    yield calls


def through_typer(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    with monkeypatch.context() as patch:
        patch.setattr(fastpath, "parse", lambda argv: None)
        return CliRunner().invoke(app, argv).exit_code


def normal(calls: list[Call]) -> list[Call]:
    """Sequences compared as lists: Typer hands over lists where defaults are tuples."""
    return [
        (n, {k: list(v) if isinstance(v, tuple) else v for k, v in a.items()}) for n, a in calls
    ]


VALUES = [
    *["json", "rich", "markdown", "JSON", "group", "pair", "individual"],
    *["5", "0", "1", "007", "-3", "+4", "1.5", ".5", "2.", "0.05", "1441", "nan", "1e3", "٣"],
    *["", " ", "compete", "STP", "a b", "notes.md", "x=y", "-", "--"],
]
ODD = ["--help", "-h", "--version", "--bogus", "-x", "-n5", "-fjson", "--content", *NAMES]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """A command, its own options with values (some well-formed), and odd tokens."""
    name = draw(st.sampled_from([*NAMES, "sumary"]))
    spec = fastpath.COMMANDS.get(name)
    names = sorted(spec.options) if spec and spec.options else ["-x"]
    option = st.sampled_from(names)
    token = st.one_of(
        option,
        option,
        st.sampled_from(VALUES),
        st.tuples(option, st.sampled_from(VALUES)).map("=".join),
        st.sampled_from(ODD),
    )
    before = draw(st.lists(st.sampled_from(["--content", "--content=a", "a", "-x"]), max_size=3))
    return [*before, name, *draw(st.lists(token, max_size=7))]


@settings(
    max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(argv=command_lines())
@example(argv=["summary"])
@example(
    argv=[
        "--content",
        "a",
        "--content=b",
        "quiz",
        "-n",
        "3",
        "-c",
        "x",
        "--concept=y",
        "--seed",
        "0",
    ]
)
@example(
    argv=["reflect", "a", "--timer", "2.5", "-j", "j.md", "b", "--audience", "pair", "--random"]
)
@example(argv=["glossary", "STP", "-f", "json"])
@example(argv=["validate", "some/pack"])
@example(argv=["summary", "--brief", "--brief"])
@example(argv=["summary", "--brief=1"])
def test_the_fast_path_calls_what_typer_calls(
    argv: list[str], recorded: list[Call], monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded.clear()
    if fastpath.parse(argv) is None:
        return
    assert fastpath.run(argv) == 0
    fast_calls = list(recorded)
    recorded.clear()
    assert len(fast_calls) == 1
    assert through_typer(argv, monkeypatch) == 0
    assert normal(fast_calls) == normal(recorded)


@pytest.mark.parametrize(
    "argv",
    [
        ["summary"],
        ["summary", "compete", "--brief", "-f", "markdown"],
        ["--content", "pack", "concepts", "--format=json"],
        ["glossary", "stp"],
        ["validate"],
        ["quiz", "--seed", "1"],
        ["quiz", "-n", "5", "-c", "compete", "--answer-key"],
        ["reflect", "--audience", "group", "--timer", "15"],
        ["reflect", "compete", "--journal", "notes.md"],
    ],
)
def test_the_fast_path_takes_the_everyday_command_lines(
    argv: list[str], recorded: list[Call]
) -> None:
    assert fastpath.run(argv) == 0
    assert len(recorded) == 1


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["summary", "--help"],
        ["quiz", "-h"],
        ["summary", "--bogus"],
        ["sumary"],
        ["quiz", "--count", "0"],
        ["quiz", "--count"],
        ["quiz", "--seed", "-1"],
        ["quiz", "--count", "1_000"],
        ["summary", "--format", "JSON"],
        ["reflect", "--timer", "nan"],
        ["reflect", "--timer", "0.01"],
        ["glossary", "a", "b"],
        ["summary", "--", "x"],
        ["summary", "--brief", "--brief"],
        ["--content", "--version"],
        ["concepts", "extra"],
        ["validate", "packs/*"],
    ],
)
def test_anything_unusual_is_left_to_typer(argv: list[str], recorded: list[Call]) -> None:
    assert fastpath.parse(argv) is None
    assert recorded == []


def test_completion_requests_are_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_PLACE_COMPLETE", "bash_source")
    assert fastpath.parse(["summary"]) is None


def click_params(name: str) -> list[click.Parameter]:
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    return [p for p in group.commands[name].params if p.name != "help"]


@pytest.mark.parametrize("name", NAMES)
def test_the_fast_path_knows_every_option_typer_has(name: str) -> None:
    spec = fastpath.COMMANDS[name]
    seen: dict[str, fastpath.Option] = {}
    for param in click_params(name):
        if isinstance(param, TyperArgument):
            assert (param.name, param.nargs == -1) == (spec.argument, spec.variadic)
            kind = fastpath.PATH if isinstance(param.type, TyperPath) else fastpath.TEXT
            assert kind == spec.argument_kind
            continue
        assert isinstance(param, TyperOption)
        options = {id(spec.options[o]): spec.options[o] for o in param.opts}
        assert len(options) == 1, param.opts
        option = options.popitem()[1]
        seen.update(dict.fromkeys(param.opts, option))
        assert option.param == param.name
        assert option.repeatable == param.multiple
        assert option.kind == kind_of(param)
        if isinstance(param.type, TyperChoice):
            assert option.choices == tuple(param.type.choices)
        if isinstance(param.type, (types.IntRange, types.FloatRange)):
            assert (option.low, option.high) == (param.type.min, param.type.max)
            assert not (param.type.min_open or param.type.max_open or param.type.clamp)
        else:
            assert (option.low, option.high) == (None, None)
    assert seen == spec.options


def kind_of(param: TyperOption) -> str:
    if param.is_flag:
        return fastpath.FLAG
    kinds: list[tuple[type[Any], str]] = [
        (TyperChoice, fastpath.CHOICE),
        (TyperPath, fastpath.PATH),
        (types.IntParamType, fastpath.INT),
        (types.FloatParamType, fastpath.FLOAT),
        (types.StringParamType, fastpath.TEXT),
    ]
    return next(kind for cls, kind in kinds if isinstance(param.type, cls))


def test_the_only_option_before_a_command_is_content() -> None:
    group = typer.main.get_command(app)
    options = {o for p in group.params if p.name not in ("help", "version") for o in p.opts}
    assert all(p.multiple for p in group.params if p.name == "content")
    assert options == {fastpath.CONTENT_OPTION}


IMPORTS_AFTER = """
import atexit, sys
sys.argv = ["place", *sys.argv[1:]]
atexit.register(lambda: print(sorted({m.split(".")[0] for m in sys.modules} & {"yaml", "rich", "typer", "pathlib"}), file=sys.stderr))
from placecli.__main__ import main
main()
"""


@pytest.mark.parametrize(
    ("argv", "loaded"),
    [
        (["--version"], "[]"),
        (["--content", ".", "--version"], "['pathlib', 'typer']"),
        (["summary"], "['rich']"),
        (["quiz", "--seed", "1"], "['rich']"),
        (["validate"], "[]"),
        (["summary", "--format", "markdown"], "[]"),
        (["glossary", "--format", "json"], "[]"),
        (["quiz", "--answer-key", "--format", "json"], "[]"),
        (["summary", "--bogus"], "['pathlib', 'rich', 'typer']"),
    ],
    ids=[
        *["version", "version-through-typer", "summary", "quiz", "validate"],
        *["markdown", "json", "answer-key-json", "a-mistake"],
    ],
)
def test_what_a_warm_start_imports(argv: list[str], loaded: str, tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    for _ in range(2):  # the second run finds the pack in the cache
        result = subprocess.run(
            [sys.executable, "-c", IMPORTS_AFTER, *argv],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
    assert result.returncode == 0 or "--bogus" in argv, result.stderr
    assert result.stderr.splitlines()[-1] == loaded, result.stderr


# The error boundary, shared by both front ends.


def raising(error: BaseException) -> Callable[[], None]:
    def command() -> None:
        raise error

    return command


@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        (UsageError("no such concept"), 2, "Error: no such concept\n"),
        (Interrupted("stopped with Ctrl-C"), 130, "Stopped with Ctrl-C.\n"),
        (KeyboardInterrupt(), 130, "Interrupted.\n"),
        (EOFError(), 130, "Interrupted.\n"),
    ],
    ids=["usage", "interrupted", "ctrl-c", "eof"],
)
def test_the_boundary_turns_errors_into_a_message_and_a_status(
    error: BaseException, code: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert boundary.guarded(raising(error)) == code
    assert capsys.readouterr() == ("", message)


def test_the_boundary_lets_a_bug_through() -> None:
    with pytest.raises(ZeroDivisionError):
        boundary.guarded(raising(ZeroDivisionError()))


@pytest.mark.parametrize(
    "argv",
    [["summary"], ["summary", "--brief", "--brief"], ["--help"]],
    ids=["fast", "typer", "help"],
)
def test_a_closed_pipe_stops_quietly(argv: list[str]) -> None:
    """`place summary | head -1`: no traceback, no 'Exception ignored' at exit."""
    process = subprocess.Popen(
        [sys.executable, "-m", "placecli", *argv],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before place writes a byte
    stderr = process.stderr.read()
    assert (process.wait(timeout=20), stderr) == (boundary.EXIT_BROKEN_PIPE, b"")

"""The one error boundary, on every command line: usage and content errors, Ctrl-C, end of
input, closed pipes, full disks and bugs, each with its message and exit status; and what
an everyday start imports."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from placecli import boundary
from placecli.cli import app
from placecli.errors import Interrupted, OutputError, UsageError

from .conftest import ROOT, spawn_place

IMPORTS_AFTER = """
import atexit, sys
sys.argv = ["place", *sys.argv[1:]]
atexit.register(lambda: print(sorted({m.split(".")[0] for m in sys.modules} & {"yaml", "rich", "typer", "pathlib", "textual"}), file=sys.stderr))
from placecli.__main__ import main
main()
"""


@pytest.mark.parametrize(
    ("argv", "loaded"),
    [
        (["--version"], "[]"),
        (["summary"], "['pathlib', 'rich', 'typer']"),
        (["quiz", "--seed", "1"], "['pathlib', 'rich', 'typer']"),
        (["validate"], "['pathlib', 'typer']"),
        (["summary", "--format", "markdown"], "['pathlib', 'typer']"),
        (["glossary", "--format", "json"], "['pathlib', 'typer']"),
        (["quiz", "--answer-key", "--format", "json"], "['pathlib', 'typer']"),
        (["reflect"], "['pathlib', 'rich', 'typer']"),
        (["glossary"], "['pathlib', 'rich', 'typer']"),
        (["concepts"], "['pathlib', 'rich', 'typer']"),
        (["quiz", "--teams", "2", "--count", "1"], "['pathlib', 'rich', 'typer']"),
    ],
    ids=[
        "version",
        "summary",
        "quiz",
        "validate",
        "markdown",
        "json",
        "answer-key-json",
        "reflect",
        "glossary",
        "concepts",
        "team-quiz-scripted",
    ],
)
def test_what_a_warm_start_imports(argv: list[str], loaded: str, tmp_path: Path) -> None:
    """A cached pack never imports the YAML reader; Markdown and JSON never import Rich;
    only the full-screen modes import Textual."""
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
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == loaded, result.stderr


def raising(error: BaseException) -> Callable[[], None]:
    def command() -> None:
        raise error

    return command


@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        (UsageError("no such concept"), 2, "Error: no such concept\n"),
        (
            UsageError("no such option", "Try 'place quiz --help' for help."),
            2,
            "Error: no such option\nTry 'place quiz --help' for help.\n",
        ),
        (OutputError("could not write the output: No space left on device"), 1, None),
        (Interrupted("stopped with Ctrl-C"), 130, "Stopped with Ctrl-C.\n"),
        (KeyboardInterrupt(), 130, "Interrupted.\n"),
        (EOFError(), 130, "Interrupted.\n"),
        (BrokenPipeError(), 141, ""),
    ],
    ids=["usage", "usage-hint", "output", "interrupted", "ctrl-c", "eof", "closed-pipe"],
)
def test_the_boundary_turns_errors_into_a_message_and_a_status(
    error: BaseException, code: int, message: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = os.dup(1)  # the closed-pipe case points stdout at /dev/null
    try:
        assert boundary.guarded(raising(error)) == code
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (message if message is not None else f"Error: {error}\n")


def test_a_bug_is_an_internal_error_with_its_traceback_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert boundary.guarded(raising(ZeroDivisionError("oops"))) == 70
    err = capsys.readouterr().err
    reports = list((tmp_path / "place").glob("crash-*.txt"))
    assert len(reports) == 1
    assert err == (
        f"place: internal error (a bug in place, not in your pack); the details are in "
        f"{reports[0]}. Please report it.\n"
    )
    saved = reports[0].read_text(encoding="utf-8")
    assert "Traceback" in saved and "ZeroDivisionError: oops" in saved


def test_a_reader_bug_is_not_reported_as_bad_content(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from placecli.packs import yamlread

    def broken(raw: bytes) -> object:
        raise KeyError("a bug in the reader")

    from placecli.packs import pack  # imported first: it binds read_yaml at its import

    monkeypatch.setattr(pack, "parse_yaml", broken)
    monkeypatch.setattr(yamlread, "read_yaml", broken)
    monkeypatch.setenv("PLACE_NO_CACHE", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 70
    assert "internal error" in result.stderr
    assert "YAML" not in result.stderr


@pytest.mark.parametrize(
    "argv",
    [["summary"], ["summary", "--format", "markdown"], ["--help"], ["glossary"]],
    ids=["summary", "markdown", "help", "glossary"],
)
def test_a_closed_pipe_stops_quietly_with_141(argv: list[str]) -> None:
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
    assert (process.wait(timeout=20), stderr) == (141, b"")


BUFFERING = pytest.mark.parametrize("unbuffered", ["1", ""], ids=["unbuffered", "buffered"])
LARGE = ["export", "html", "--answer-key"]  # about 77 kB in one write: more than a pipe holds


@BUFFERING
def test_a_pipe_closed_in_the_middle_of_a_large_write_is_141(unbuffered: str) -> None:
    """`place export html | head -c 100`: the write larger than the pipe returns short
    when the reader leaves; the rest must then fail (141), not vanish with exit 0 (over
    an unbuffered stream, as PYTHONUNBUFFERED=1 makes it, Python's text layer drops it)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "placecli", *LARGE],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": unbuffered},
    )
    assert process.stdout is not None and process.stderr is not None
    assert len(process.stdout.read(100)) == 100
    process.stdout.close()
    stderr = process.stderr.read()
    assert (process.wait(timeout=20), stderr) == (141, b"")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")
@pytest.mark.parametrize(
    ("unbuffered", "to_file"), [("1", False), ("", False), ("1", True)],
    ids=["unbuffered", "buffered", "output-option"],
)  # fmt: skip
def test_a_disk_that_fills_in_the_middle_of_a_write_is_exit_1(
    unbuffered: str, to_file: bool, tmp_path: Path
) -> None:
    """A handout cut at the disk's limit said nothing and exited 0: the rest of a short
    write is written, or the error that stopped it is reported. A file-size limit in the
    child stands in for a disk that fills up."""
    import resource

    limit = 20_000
    target = tmp_path / "handout.html"

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    argv = [*LARGE, "--output", str(target)] if to_file else LARGE
    with target.open("wb") as stream:
        result = subprocess.run(
            [sys.executable, "-m", "placecli", *argv],
            cwd=ROOT,
            stdout=subprocess.DEVNULL if to_file else stream,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": unbuffered},
            preexec_fn=small_disk,
            check=False,
        )
    what = f"cannot write {target}" if to_file else "could not write the output"
    assert (result.returncode, result.stderr) == (1, f"Error: {what}: File too large\n")
    assert target.stat().st_size == limit


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "argv",
    [["summary"], ["summary", "--format", "markdown"], ["glossary", "--format", "json"]],
    ids=["rich", "markdown", "json"],
)
def test_a_full_disk_is_an_error_not_a_cut_handout(argv: list[str]) -> None:
    with Path("/dev/full").open("w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "placecli", *argv],
            cwd=ROOT,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr == "Error: could not write the output: No space left on device\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["markdown", "html", "anki"])
def test_an_export_to_a_full_disk_is_an_output_error(fmt: str) -> None:
    """`export -o FILE` on a full disk said exit 2 (bad usage); cli.md says 1."""
    result = subprocess.run(
        [sys.executable, "-m", "placecli", "export", fmt, "-o", "/dev/full"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        "Error: cannot write /dev/full: No space left on device\n",
    )


def test_closed_standard_streams_give_no_traceback() -> None:
    script = "import os, sys; os.close(1); os.close(0); sys.argv = ['place', 'summary']; "
    script += "from placecli.__main__ import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: could not write the output")


@pytest.mark.parametrize("encoding", ["cp1252", "ascii", "latin-1"])
def test_any_output_encoding_writes_utf8_files(encoding: str, tmp_path: Path) -> None:
    out = tmp_path / "answer-key.txt"
    with out.open("wb") as stream:
        result = subprocess.run(
            [sys.executable, "-m", "placecli", "quiz", "--seed", "12", "--answer-key"],
            cwd=ROOT,
            stdout=stream,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONIOENCODING": encoding, "LANG": "C"},
            check=False,
        )
    assert result.returncode == 0, result.stderr
    assert "✓" in out.read_text(encoding="utf-8")


# Ctrl-C at any moment of a start. A signal sent after a sleep lands wherever the machine
# has got to (and once in 50 runs it landed in Python's own start, before any of place's
# code: "Could not import runpy module"). Here the interrupt is raised at chosen moments
# instead: as a start enters each of place's parts (cli, commands, packs, the engines,
# views, screens ...) and each library it starts (Typer, Rich, PyYAML).

IMPORTS = """
import sys
interrupt = sys.argv.pop(1)
seen = []
class Watch:
    def find_spec(self, name, path=None, target=None):
        seen.append(name)
        if name == interrupt:
            raise KeyboardInterrupt
        return None
sys.meta_path.insert(0, Watch())
sys.argv[0] = "place"
from placecli.__main__ import main  # what the `place` script does
import atexit
atexit.register(lambda: print("imported:", " ".join(seen), file=sys.stderr))
main()
"""
START = ["quiz", "--seed", "1"]


def start_interrupted_at(module: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", IMPORTS, module, *START],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PLACE_NO_CACHE": "1"},  # a start that reads the pack too
    )


def test_ctrl_c_at_any_moment_of_a_start_is_130_without_a_traceback() -> None:
    done = start_interrupted_at("")  # no interrupt: the modules a start imports, in order
    _, talk = done.communicate()
    assert done.returncode == 0, talk
    order = talk.rsplit("imported: ", 1)[1].split()
    parts: dict[str, str] = {}  # the first module of each part of place a start enters
    for name in order:
        part = name.split(".")[1] if name.startswith("placecli.") else None
        if part not in (None, "__main__"):
            parts.setdefault(part, name)
    libraries = [name for name in order if name in ("typer", "rich", "yaml")]
    moments = [*parts.values(), *libraries]
    assert {"placecli.cli", "placecli.boundary", "placecli.packs", "yaml"} <= set(moments)
    running = {name: start_interrupted_at(name) for name in moments}  # side by side
    for name, child in running.items():
        out, talk = child.communicate()
        assert child.returncode == 130, (name, talk)
        assert talk.splitlines()[0] == "Interrupted.", (name, talk)
        assert "Traceback" not in out + talk, name


@pytest.mark.pty
def test_ctrl_c_during_a_long_command_says_so_in_one_line(tmp_path: Path) -> None:
    """Typer turns a Ctrl-C it catches into a silent exit 130; place says it was stopped."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from make_pack import write_pack
    finally:
        sys.path.pop(0)
    write_pack(tmp_path / "big", concepts=100, questions=5000, prompts=1000)
    child = spawn_place("validate", str(tmp_path / "big"), PLACE_NO_CACHE="1")
    time.sleep(0.6)  # started, and well inside the minute it takes to read the pack
    child.kill(signal.SIGINT)
    rest = child.read()
    child.close()
    assert child.exitstatus == 130, rest
    plain = re.sub(r"\x1b\[[0-9;]*m", "", rest)
    assert plain.strip().splitlines()[-1].strip() == "Interrupted.", rest
    assert "Traceback" not in rest

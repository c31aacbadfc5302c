"""Shared fixtures. The environment is cleaned before the app is imported, so that CI's
terminal settings cannot colour or reflow the output the tests compare."""

from __future__ import annotations

import os

for _name in ("FORCE_COLOR", "NO_COLOR", "COLUMNS", "LINES", "TTY_COMPATIBLE", "PLACE_CONTENT"):
    os.environ.pop(_name, None)
os.environ["_TYPER_FORCE_DISABLE_TERMINAL"] = "1"
os.environ["TERM"] = "xterm-256color"

import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

MANIFEST = "format: 1\nid: test-pack\ntitle: Test pack\n"
CONCEPTS = """\
concepts:
  - id: alpha
    title: Alpha idea
    section: First
    summary: Alpha in a sentence.
  - id: beta
    title: Beta idea
    section: Second
    summary: Beta in a sentence.
"""

MakePack = Callable[..., Path]
ROOT = Path(__file__).resolve().parent.parent


def run_strict(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    """`python -m placecli ARGS` fed raw bytes, decoding its input strictly as some
    locales do (this machine's C.UTF-8 would quietly use surrogateescape)."""
    return subprocess.run(
        [sys.executable, "-m", "placecli", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
    )


def within(seconds: float, work: Callable[[], Any]) -> Any:
    """`work()`, failing the test (rather than hanging it) if it takes over `seconds`."""
    import threading

    result: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.append(work())
        except BaseException as error:  # handed to the test's thread
            errors.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"still running after {seconds} s: it hangs")
    if errors:
        raise errors[0]
    return result[0]


def spawn_place(*args: str, **env: str) -> Any:
    """`python -m placecli ARGS` in a pseudo-terminal, as a person would run it."""
    import pexpect

    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environ.pop("_TYPER_FORCE_DISABLE_TERMINAL", None)
    environ.update({"TERM": "xterm-256color", **env})
    return pexpect.spawn(
        sys.executable,
        ["-m", "placecli", *args],
        cwd=str(ROOT),
        env=environ,
        encoding="utf-8",
        timeout=20,
        dimensions=(50, 120),
    )


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the pack cache of every test out of the user's own cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def make_pack(tmp_path: Path) -> MakePack:
    """Write a pack folder: pack.yaml and concepts.yaml by default, overridden by name."""

    def make(files: dict[str, str | bytes | None] | None = None, name: str = "pack") -> Path:
        folder = tmp_path / name
        folder.mkdir()
        contents: dict[str, str | bytes | None] = {
            "pack.yaml": MANIFEST,
            "concepts.yaml": CONCEPTS,
        }
        contents.update(files or {})
        for filename, body in contents.items():
            if body is None:
                continue
            path = folder / filename
            if isinstance(body, bytes):
                path.write_bytes(body)
            else:
                path.write_text(textwrap.dedent(body), encoding="utf-8")
        return folder

    return make

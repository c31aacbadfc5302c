"""Shared fixtures. The environment is cleaned before the app is imported, so that CI's
terminal settings cannot colour or reflow the output the tests compare."""

from __future__ import annotations

import os

for _name in (
    "FORCE_COLOR",
    "NO_COLOR",
    "COLUMNS",
    "LINES",
    "TTY_COMPATIBLE",
    "PLACE_CONTENT",
    "PLACE_NO_HISTORY",
    "PLACE_NOW",
):
    os.environ.pop(_name, None)
os.environ["_TYPER_FORCE_DISABLE_TERMINAL"] = "1"
os.environ["TERM"] = "xterm-256color"
os.environ["TZ"] = "UTC"  # the history shows local times

import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

if hasattr(time, "tzset"):  # POSIX: TZ=UTC above takes effect now
    time.tzset()

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
    return spawn_sized((50, 120), *args, **env)


def spawn_sized(dimensions: tuple[int, int], *args: str, **env: str) -> Any:
    """`place` in a pseudo-terminal of this many (rows, columns)."""
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
        # a Ctrl-C that lands in the middle of a write to the terminal can cut a character
        # short, as a real terminal would show: read on, as the terminal does
        codec_errors="replace",
        timeout=20,
        dimensions=dimensions,
    )


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the pack cache of every test out of the user's own cache folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


@pytest.fixture(autouse=True)
def private_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the history of every test out of the user's own data folder."""
    folder = tmp_path_factory.mktemp("place-data")
    monkeypatch.setenv("PLACE_DATA", str(folder))
    return folder


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


@pytest.fixture(scope="session")
def gift_pegjs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """gift-pegjs from npm: in the folder $PLACE_GIFT_PEGJS names (as `.ci/run` installs
    it), else installed into a temporary folder for the session."""
    import shutil

    folder = os.environ.get("PLACE_GIFT_PEGJS")
    prefix = Path(folder) if folder else tmp_path_factory.mktemp("npm")
    module = prefix / "node_modules" / "gift-pegjs"
    if not module.exists():
        npm = shutil.which("npm")
        assert npm, "the gift consumer test needs Node and npm (or -m 'not consumer')"
        subprocess.run(
            [npm, "install", "--silent", "--no-save", "--prefix", str(prefix), "gift-pegjs@1"],
            check=True,
        )
    return module


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Any]:
    """An empty Anki collection, for Anki's own backend to import into."""
    from anki.collection import Collection

    col = Collection(str(tmp_path / "collection.anki2"))
    yield col
    col.close()


CONSUMER_MODULES = ("anki", "text2qti", "html5lib", "markdown_it", "weasyprint", "xlsxwriter")
CONSUMER_PROGRAMS = ("node", "npm", "pdftotext", "pdfinfo")


def missing_consumers() -> list[str]:
    """The consumers of the exports that are not installed here."""
    import importlib.util
    import shutil

    missing = [m for m in CONSUMER_MODULES if importlib.util.find_spec(m) is None]
    return missing + [p for p in CONSUMER_PROGRAMS if shutil.which(p) is None]


def missing_browser() -> list[str]:
    """What the browser tests need and this machine lacks: Playwright (the browser extra),
    Debian's chromium, and axe-core from npm under $PLACE_AXE."""
    import importlib.util

    missing = ["playwright"] if importlib.util.find_spec("playwright") is None else []
    if not Path(os.environ.get("PLACE_CHROMIUM", "/usr/bin/chromium")).exists():
        missing.append("chromium")
    axe = Path(os.environ.get("PLACE_AXE", "")) / "node_modules" / "axe-core" / "axe.min.js"
    return missing + ([] if os.environ.get("PLACE_AXE") and axe.exists() else ["axe-core"])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The consumer and browser tests skip, saying why, where what they need is not
    installed (the README's developer quick start installs only the test extra); with
    PLACE_REQUIRE_CONSUMERS=1, as `.ci/run` sets it, they run and what is missing fails
    them."""
    if os.environ.get("PLACE_REQUIRE_CONSUMERS"):
        return
    consumers = [item for item in items if item.get_closest_marker("consumer")]
    missing = missing_consumers() if consumers else []
    if missing:
        reason = (
            f"the export consumers are not installed ({', '.join(missing)}): "
            'pip install -e ".[consumer]", Node with npm and poppler-utils; .ci/run runs them'
        )
        for item in consumers:
            item.add_marker(pytest.mark.skip(reason=reason))
    browsing = [item for item in items if item.get_closest_marker("browser")]
    lacking = missing_browser() if browsing else []
    if lacking:
        reason = (
            f"the browser tests' tools are not installed ({', '.join(lacking)}): "
            'pip install -e ".[browser]", apt-get install chromium, and '
            "npm install --prefix DIR axe-core with PLACE_AXE=DIR; .ci/run runs them"
        )
        for item in browsing:
            item.add_marker(pytest.mark.skip(reason=reason))

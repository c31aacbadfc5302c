"""Start-up and large-pack budgets, as ratios measured in one run.

Usage: python benchmarks/bench.py [--runs N]

Run it with the interpreter of the environment `place` is installed in. Each row is the
median wall time of N whole-process runs, divided by the median of its reference row from
the same run: `python -c pass`, the floor of the stack (a bare Typer app with two
commands, one of which prints a Rich panel, with the same Typer and Rich), or the YAML
parser's own floor (a script that only loads the same pack files with yaml.CSafeLoader).
The rows are interleaved (one run of each per round) so that a machine whose speed drifts
affects them all alike. The large pack is generated into a temporary folder. Each row
says how it found the pack cache: warm rows use a temporary XDG_CACHE_HOME filled by a
first, unmeasured run of every row; cold rows use a second one that they empty before
each of their runs. The first-run row is `place summary` as it starts just after an
install: a copy of the package with no bytecode, run with PYTHONDONTWRITEBYTECODE (so
every module is compiled from source each time) and a cold cache. One row runs `place
summary` on a pseudo-terminal, as in front of a room, where Rich writes colour. The
export rows write the large pack, every question included, in each text format with a
cold cache; their reference is `place validate` on it, cold.

Timings of how checking grows with a pack's size are in growth.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from make_pack import write_pack

RUNS = 31  # whole-process runs of each row; the README's table says the same
BIN = Path(sys.executable).parent
PLACE = [str(BIN / "place")] if (BIN / "place").exists() else [sys.executable, "-m", "placecli"]
FLOOR_APP = """\
import typer
app = typer.Typer()
@app.command()
def hello(name: str = "x") -> None:
    from rich.console import Console
    from rich.panel import Panel
    Console().print(Panel("hello"))
@app.command()
def other() -> None:
    pass
app()
"""
FRAME_FLOOR = """\
from textual.app import App
from textual.widgets import Static
class Floor(App):
    def compose(self):
        yield Static("first frame")
Floor().run()
"""
YAML_FLOOR = """\
import sys, yaml
for name in sys.argv[1:]:
    with open(name, "rb") as stream:
        yaml.load(stream, Loader=yaml.CSafeLoader)
"""


@dataclass
class Row:
    name: str
    command: list[str]
    budget: float | None = None
    against: Row | None = None  # the reference row; None: `python -c pass`
    cold: bool = False  # the pack cache emptied before each run
    terminal: bool = False
    feed: bytes | None = None  # standard input, else /dev/null
    env: dict[str, str] = field(default_factory=dict)  # added to the environment
    cwd: Path | None = None  # where it runs; else here
    floor: bool = False  # a reference that is not place: no pack, no cache
    frame: bytes | None = None  # on a terminal: the time until this is drawn, then stop it
    times: list[float] = field(default_factory=list)

    @property
    def cache(self) -> str:
        """How the pack cache stood for this row: warm (the pack read before), cold."""
        return "-" if self.floor else ("cold" if self.cold else "warm")


def run_once(row: Row, env: dict[str, str], cold_cache: Path) -> None:
    env = {**env, **row.env}
    if row.cold:
        shutil.rmtree(cold_cache, ignore_errors=True)
        env = {**env, "XDG_CACHE_HOME": str(cold_cache)}
    started = time.perf_counter()
    if row.frame is not None:
        returncode = first_frame(row.command, env, row.frame)
    elif row.terminal:
        returncode = run_on_terminal(row.command, env)
    else:
        returncode = subprocess.run(
            row.command,
            input=row.feed,
            cwd=row.cwd,
            stdin=subprocess.DEVNULL if row.feed is None else None,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            check=False,
        ).returncode
    row.times.append(time.perf_counter() - started)
    if returncode != 0:
        raise SystemExit(f"{' '.join(row.command)} exited {returncode}")


def run_on_terminal(command: list[str], env: dict[str, str]) -> int:
    """Run with stdout on a pseudo-terminal (100 columns, colour), reading all it writes."""
    import pty

    leader, follower = pty.openpty()
    terminal_env = {**env, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "50"}
    terminal_env["PLACE_PAGER"] = ""  # no pager: it would wait for keys nobody presses
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=terminal_env
    )
    os.close(follower)
    try:
        while os.read(leader, 65536):
            pass
    except OSError:  # EIO: the program closed the terminal
        pass
    finally:
        os.close(leader)
    return process.wait()


def first_frame(command: list[str], env: dict[str, str], marker: bytes) -> int:
    """Run a full-screen program on a pseudo-terminal (80x24) until `marker` is drawn,
    then stop it: the time to its first frame. 0 when the marker came."""
    import fcntl
    import pty
    import signal
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    terminal_env = {**env, "TERM": "xterm-256color"}
    process = subprocess.Popen(
        command, stdin=follower, stdout=follower, stderr=follower, env=terminal_env
    )
    os.close(follower)
    seen = b""
    try:
        while marker not in seen:
            chunk = os.read(leader, 65536)
            if not chunk:
                break
            seen = seen[-len(marker) :] + chunk
    except OSError:  # EIO: the program closed the terminal before the marker
        pass
    found = marker in seen
    process.send_signal(signal.SIGKILL)
    process.wait()
    os.close(leader)
    return 0 if found else 1


def fixed(moment: dt.datetime) -> Callable[[], dt.datetime]:
    return lambda: moment


def write_history(folder: Path, answers: int) -> None:
    """A history of `answers` answers to the built-in pack, ten a session, a day apart."""
    from placecli.learning import history
    from placecli.packs.locate import builtin_pack
    from placecli.packs.pack import load_packs
    from placecli.quiz.engine import Outcome, draw

    pack = load_packs([builtin_pack()])
    conn = history.open_history(str(folder))
    moment = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    for session in range(answers // 10):
        recorder = history.Recorder(conn, pack, "quiz", fixed(moment), print)
        for number, asked in enumerate(draw(pack, 10, [], session)):
            given = asked.question.answer if (session + number) % 3 else ()
            recorder(Outcome(asked, given), 4.0)
        moment += dt.timedelta(days=1)
    conn.close()


def fresh_install(folder: Path) -> Path:
    """place's package and its built-in pack copied as a wheel lays them out, with no
    bytecode: run with PYTHONDONTWRITEBYTECODE, every start is a first start after
    installing, each module compiled from source."""
    root = Path(__file__).resolve().parent.parent
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(root / "placecli", folder / "placecli", ignore=ignore)
    shutil.copytree(root / "content", folder / "placecli" / "_content", ignore=ignore)
    return folder


def make_rows(work: Path) -> list[Row]:
    """The rows, references last; `work` holds the generated pack, histories and floor."""
    pack, floor = work / "pack", work / "floor.py"
    write_pack(pack, concepts=100, questions=5000, prompts=1000)
    big_data = work / "big-data"
    write_history(big_data, 10_000)
    floor.write_text(FLOOR_APP, encoding="utf-8")
    fresh = fresh_install(work / "fresh")
    size = sum(f.stat().st_size for f in pack.iterdir()) / 1e6
    files = sorted(str(f) for f in pack.iterdir())
    floor_app = Row("floor: bare Typer app, one Rich panel", [sys.executable, str(floor), "hello"])
    yaml_floor = Row(
        f"floor: yaml.CSafeLoader loads the {size:.1f} MB pack",
        [sys.executable, "-c", YAML_FLOOR, *files],
    )
    frame_floor = Row(
        "floor: bare Textual app, one Static, first frame",
        [sys.executable, "-c", FRAME_FLOOR],
        frame=b"first frame",
    )
    floor_app.floor = yaml_floor.floor = frame_floor.floor = True
    summary = Row(
        "place summary (built-in pack, full output)", [*PLACE, "summary"], 1.25, floor_app
    )
    ten = b"A\n" * 10
    unrecorded = Row(
        "place quiz --seed 1 --no-history, 10 answers",
        [*PLACE, "quiz", "--seed", "1", "--no-history"],
        feed=ten,
    )
    cold_validate = Row(
        f"place validate, {size:.1f} MB pack", [*PLACE, "validate", str(pack)], 1.5, yaml_floor
    )
    cold_validate.cold = True
    first_run = Row(
        "  the same, first run after install: no bytecode",
        [sys.executable, "-m", "placecli", "summary"],
        None,
        summary,
        cold=True,
        env={"PYTHONPATH": str(fresh), "PYTHONDONTWRITEBYTECODE": "1"},
        cwd=fresh,  # so that `-m` finds the copy, not a checkout in the current folder
    )
    return [
        Row("place --version", [*PLACE, "--version"], 3),
        summary,
        first_run,
        Row("  the same, on a terminal", [*PLACE, "summary"], None, floor_app, terminal=True),
        Row("place quiz --seed 1 </dev/null", [*PLACE, "quiz", "--seed", "1"], 1.25, floor_app),
        unrecorded,
        Row(
            "  the same, recorded in the history",
            [*PLACE, "quiz", "--seed", "1"],
            1.2,
            unrecorded,
            feed=ten,
        ),
        Row(
            "place history, 10,000 answers",
            ["env", f"PLACE_DATA={big_data}", *PLACE, "history"],
            2,
            summary,
        ),
        Row(f"place validate, {size:.1f} MB pack", [*PLACE, "validate", str(pack)], 10),
        cold_validate,
        *(
            Row(
                f"place export {name} (answers too), same pack",
                [*PLACE, "--content", str(pack), "export", name, "--answer-key"],
                3,
                cold_validate,
                cold=True,
            )
            for name in ("html", "markdown", "gift", "anki", "qti")
        ),
        Row(
            "place summary --present, first frame",
            [*PLACE, "summary", "--present"],
            1.3,
            frame_floor,
            frame=b"1 / 17",
        ),
        floor_app,
        yaml_floor,
        frame_floor,
    ]


def bench_env(work: Path) -> dict[str, str]:
    """The environment of every run: caches and history in `work`, never the user's.
    PYTHONDONTWRITEBYTECODE would make every run of an editable install compile place's
    modules from source, as no installed program does after its first run: the warm-up
    run writes the bytecode, as `pip install` does. (The first-run row sets it.)"""
    unwanted = ("PLACE_NO_CACHE", "PLACE_CONTENT", "PYTHONDONTWRITEBYTECODE", "PLACE_NO_HISTORY")
    env = {k: v for k, v in os.environ.items() if k not in unwanted}
    env["XDG_CACHE_HOME"] = str(work / "cache")
    env["PLACE_DATA"] = str(work / "data")
    return env


def report(base: Row, rows: list[Row], runs: int) -> int:
    """The table; 1 if a row is over its budget."""
    unit = statistics.median(base.times)
    print(
        f"python -c pass: {unit * 1000:.1f} ms, median of {runs}; Python "
        f"{sys.version.split()[0]}; {os.cpu_count()} CPUs"
    )
    print(f"{'what':<56} {'cache':<5} {'ms':>7} {'ratio':>7} {'budget':>7}  against")
    over = 0
    for row in rows:
        seconds = statistics.median(row.times)
        reference = "python -c pass"
        if row.against is not None:
            against = row.against
            reference = against.name + ("" if against.floor else f" ({against.cache})")
        ratio = seconds / (statistics.median(row.against.times) if row.against else unit)
        verdict = "" if row.budget is None else ("ok" if ratio <= row.budget else "OVER")
        over += verdict == "OVER"
        budget = f"{row.budget:g}x" if row.budget else "-"
        print(
            f"{row.name:<56} {row.cache:<5} {seconds * 1000:7.1f} {ratio:6.2f}x {budget:>7}  "
            f"{verdict:<4} {reference}"
        )
    return 1 if over else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    runs = parser.parse_args().runs
    work = Path(tempfile.mkdtemp(prefix="place-bench-"))
    try:
        rows, env, cold = make_rows(work), bench_env(work), work / "cold"
        base = Row("python -c pass", [sys.executable, "-c", "pass"])
        base.floor = True
        for row in rows:  # warm the page cache and the pack cache
            run_once(row, env, cold)
            row.times.clear()
        for _ in range(runs):
            for row in [base, *rows]:
                run_once(row, env, cold)
        return report(base, rows, runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

"""Start-up and large-pack budgets, as ratios to a bare `python -c pass`.

Usage: python benchmarks/bench.py [--runs N]

Run it with the interpreter of the environment `place` is installed in. Each row is the
median wall time of N whole-process runs divided by the median of `python -c pass` from
the same interpreter. The rows are interleaved (one run of each per round) so that a
machine whose speed drifts affects them all alike. The large pack is generated into a
temporary folder; the cache lives in a temporary XDG_CACHE_HOME, and the cold row uses
a second one that it empties before each of its runs. Two reference rows time
the floors: a bare Typer app that prints one Rich panel, and Rich alone printing one
panel (what `summary` and `quiz` start from, as they run without Typer). One row runs
`place summary` on a pseudo-terminal, as in front of a room, where Rich writes colour.
The export rows export the large pack to each text format with no cache; their budget
is a ratio to `place validate` on it with no cache, not to python.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from make_pack import write_pack

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
RICH_ONLY = (
    "from rich.console import Console; from rich.panel import Panel; "
    "Console().print(Panel('hello'))"
)


@dataclass
class Row:
    name: str
    command: list[str]
    budget: int | None
    cold: bool = False
    terminal: bool = False
    versus: Row | None = None  # then the budget is a ratio to this row, not to python
    times: list[float] = field(default_factory=list)


def run_once(row: Row, env: dict[str, str], cold_cache: Path) -> None:
    if row.cold:
        shutil.rmtree(cold_cache, ignore_errors=True)
        env = {**env, "XDG_CACHE_HOME": str(cold_cache)}
    started = time.perf_counter()
    if row.terminal:
        returncode = run_on_terminal(row.command, env)
    else:
        returncode = subprocess.run(
            row.command,
            stdin=subprocess.DEVNULL,
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    runs = parser.parse_args().runs
    work = Path(tempfile.mkdtemp(prefix="place-bench-"))
    try:
        pack, cache, cold, floor = (work / n for n in ("pack", "cache", "cold", "floor.py"))
        write_pack(pack, concepts=100, questions=5000, prompts=1000)
        floor.write_text(FLOOR_APP, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k not in ("PLACE_NO_CACHE", "PLACE_CONTENT")}
        env["XDG_CACHE_HOME"] = str(cache)
        size = sum(f.stat().st_size for f in pack.iterdir()) / 1e6
        base = Row("python -c pass", [sys.executable, "-c", "pass"], None)
        cold_validate = Row(
            f"place validate, {size:.1f} MB pack, no cache",
            [*PLACE, "validate", str(pack)],
            100,
            cold=True,
        )
        exports = [
            Row(
                f"place export {name}, same pack, no cache",
                [*PLACE, "--content", str(pack), "export", name],
                3,
                cold=True,
                versus=cold_validate,
            )
            for name in ("html", "gift", "anki", "qti", "markdown")
        ]
        rows = [
            Row("place --version", [*PLACE, "--version"], 6),
            Row("place summary (built-in pack, full output)", [*PLACE, "summary"], 8),
            Row("  the same, on a terminal", [*PLACE, "summary"], None, terminal=True),
            Row("place quiz --seed 1 </dev/null", [*PLACE, "quiz", "--seed", "1"], 8),
            Row(f"place validate, {size:.1f} MB pack, warm", [*PLACE, "validate", str(pack)], 20),
            cold_validate,
            *exports,
            Row(
                "reference: bare Typer app, one Rich panel",
                [sys.executable, str(floor), "hello"],
                None,
            ),
            Row("reference: Rich alone, one panel", [sys.executable, "-c", RICH_ONLY], None),
        ]
        for row in rows:  # warm the page cache and the pack cache
            run_once(row, env, cold)
            row.times.clear()
        for _ in range(runs):
            for row in [base, *rows]:
                run_once(row, env, cold)
        unit = statistics.median(base.times)
        print(
            f"python -c pass: {unit * 1000:.1f} ms, median of {runs}; Python "
            f"{sys.version.split()[0]}; {os.cpu_count()} CPUs"
        )
        print(f"{'what':<46} {'ms':>7} {'ratio':>7} {'budget':>7}")
        over = 0
        for row in rows:
            seconds = statistics.median(row.times)
            ratio = seconds / unit
            against = ratio if row.versus is None else seconds / statistics.median(row.versus.times)
            verdict = "" if row.budget is None else ("ok" if against <= row.budget else "OVER")
            over += verdict == "OVER"
            budget = f"{row.budget}x" if row.budget else "-"
            if row.versus is not None:
                verdict += f" ({against:.2f}x validate, no cache)"
            print(f"{row.name:<46} {seconds * 1000:7.1f} {ratio:6.1f}x {budget:>7}  {verdict}")
        return 1 if over else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

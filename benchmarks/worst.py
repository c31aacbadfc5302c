"""The worst packs the loader accepts, and what every command costs on them.

Usage: python benchmarks/worst.py [--only NAME] [--command NAME] [--keep DIR]

Run it with the interpreter of the environment `place` is installed in. Each pack sits
at the bounds of docs/content-format.md (8 MB, 1,000 files, 400,000 values, 10,000
records, 50,000 list items), shaped to load one part of the program most:

- largest list: one concept per file whose points fill the list-item and byte bounds,
  once with one-letter points and once with points of 150 characters;
- most records: 10,000 records of every kind, with long texts, filling the bytes;
- most values: 10,000 concepts with local examples, near the value bound;
- most files: 1,000 files of 10 concepts each;
- deepest overlay: an overlay that changes every record of the most-records pack;
- most plans: 50 plans at the value bound, over 5,000 concepts.

Each command runs once, with no cache (the first run, the worst), as its own process;
its CPU time, wall time and peak memory (the process's maximum resident set) are read
with os.wait4. The budget is the issue's: no command over 10 s or 500 MB on any pack
the loader accepts, counted in CPU seconds (the development machine is shared: its wall
times move with the load, its CPU times much less). A command may refuse a pack with its
message (the pdf handout has a bound of its own): the row shows its exit status. A run
past --timeout is stopped (exit -9) and counted over. `--place "python -m placecli"`
measures another place, an older checkout on PYTHONPATH, say.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from placecli.packs.locate import (
    MAX_FILE_BYTES,
    MAX_LIST_ITEMS,
    MAX_PACK_FILES,
    MAX_PLANS,
    MAX_RECORDS,
)

BIN = Path(sys.executable).parent
PLACE = [str(BIN / "place")] if (BIN / "place").exists() else [sys.executable, "-m", "placecli"]
SECONDS, MEGABYTES = 10.0, 500
MANIFEST = "format: 1\nid: {id}\ntitle: The worst pack, {id}\n"
FILE_ROOM = MAX_FILE_BYTES - 4096  # a file's bytes, with room to spare


def text(n: int, width: int) -> str:
    """A sentence of about `width` characters, different for each n."""
    words = f"Point {n} of a long list that says much the same thing about a place again"
    return (words + " and again") * (width // len(words) + 1)


def write_files(folder: Path, key: str, lines: list[str]) -> None:
    """`lines` (YAML list items, one a line) under `key:`, over as many files as the
    byte bound needs."""
    files, size, part = [[f"{key}:"]], 0, 0
    for line in lines:
        if size + len(line) + 1 > FILE_ROOM:
            files.append([f"{key}:"])
            size = 0
        files[-1].append(line)
        size += len(line) + 1
    for part, body in enumerate(files):
        (folder / f"{key}-{part:03}.yaml").write_text("\n".join(body) + "\n", encoding="utf-8")


def start(folder: Path, ident: str, extra: str = "") -> Path:
    folder.mkdir(parents=True)
    (folder / "pack.yaml").write_text(MANIFEST.format(id=ident) + extra, encoding="utf-8")
    return folder


def largest_list(folder: Path, width: int) -> None:
    """Two concepts whose points together fill the list-item bound (and, with long
    points, the byte bound)."""
    start(folder, f"list-{width}")
    per_file = MAX_LIST_ITEMS // 2
    for part in range(2):
        points = ",".join(
            "x" if width == 1 else f'"{text(part * per_file + n, width)[:width]}"'
            for n in range(per_file)
        )
        body = f"concepts:\n- id: c{part}\n  title: T\n  summary: S\n  points: [{points}]\n"
        (folder / f"c{part}.yaml").write_text(body, encoding="utf-8")


def most_records(folder: Path, ident: str = "records") -> None:
    """10,000 records: 1,000 concepts, 7,000 questions, 1,000 prompts, 1,000 terms."""
    start(folder, ident)
    concepts = [
        f'- {{id: c{c}, title: "Concept {c}", section: "Section {c // 20}", '
        f'summary: "{text(c, 300)[:300]}", points: ["{text(c, 100)[:100]}", "p", "q"], '
        f"terms: [t{c}], related: [c{(c + 1) % 1000}]}}"
        for c in range(1_000)
    ]
    write_files(folder, "concepts", concepts)
    questions = []
    for q in range(7_000):
        options = [f"{q} option {o} {text(o, 30)[:30]}" for o in range(4)]
        questions.append(
            f'- {{id: q{q}, concept: c{q % 1000}, type: single, question: "{text(q, 100)[:100]}", '
            f'options: ["{options[0]}", "{options[1]}", "{options[2]}", "{options[3]}"], '
            f'answer: "{options[q % 4]}", explanation: "{text(q, 150)[:150]}", '
            f'feedback: {{"{options[(q + 1) % 4]}": "{text(q, 60)[:60]}"}}}}'
        )
    write_files(folder, "questions", questions)
    prompts = [
        f'- {{id: p{p}, concept: c{p}, audience: group, prompt: "{text(p, 150)[:150]}", '
        f'follow_ups: ["{text(p, 80)[:80]}"], minutes: 10}}'
        for p in range(1_000)
    ]
    write_files(folder, "prompts", prompts)
    terms = [
        f'- {{id: t{t}, term: "Term {t}", definition: "{text(t, 200)[:200]}", aliases: [a{t}]}}'
        for t in range(1_000)
    ]
    write_files(folder, "terms", terms)


def most_values(folder: Path) -> None:
    """10,000 concepts with four local examples each: about 370,000 values."""
    start(folder, "values")
    local = ", ".join(f"{{text: l{n}, source: s}}" for n in range(4))
    write_files(
        folder,
        "concepts",
        [f"- {{id: c{c}, title: T, summary: S, local: [{local}]}}" for c in range(MAX_RECORDS)],
    )


def most_files(folder: Path) -> None:
    """1,000 files of 10 concepts each."""
    start(folder, "files")
    per_file = MAX_RECORDS // MAX_PACK_FILES
    for part in range(MAX_PACK_FILES):
        body = "".join(f"- {{id: c{part}-{n}, title: T, summary: S}}\n" for n in range(per_file))
        (folder / f"f{part:04}.yaml").write_text("concepts:\n" + body, encoding="utf-8")


def deepest_overlay(folder: Path) -> None:
    """The most-records pack, and an overlay that changes every one of its records."""
    most_records(folder / "base", "base")
    over = start(folder / "over", "over", "overlays: base\n")
    for key, count, change in (
        ("concepts", 1_000, 'title: "Ours {n}", local: [{{text: "Here, {n}"}}]'),
        ("questions", 7_000, 'explanation: "Ours too, {n}."'),
        ("prompts", 1_000, "minutes: 15"),
        ("terms", 1_000, 'definition: "Ours, {n}."'),
    ):
        ident = key[0]
        lines = [f"- {{id: {ident}{n}, {change.format(n=n)}}}" for n in range(count)]
        write_files(over, key, lines)


def most_plans(folder: Path) -> None:
    """5,000 concepts with a question and a prompt for each of 2,500, and 50 plans of
    5,000 values each: steps that name concepts by id, section, title and the start of an
    id, and quiz and reflect steps that must find questions and prompts."""
    start(folder, "plans")
    concepts = [
        f'- {{id: concept-{c}, title: "Concept {c}", section: "Section {c // 100}", summary: S}}'
        for c in range(5_000)
    ]
    write_files(folder, "concepts", concepts)
    questions = [
        f"- {{id: q{q}, concept: concept-{q * 2}, type: true-false, question: Q, answer: true, "
        "explanation: E}"
        for q in range(2_500)
    ]
    write_files(folder, "questions", questions)
    prompts = [f"- {{id: p{p}, concept: concept-{p * 2}, prompt: P}}" for p in range(2_500)]
    write_files(folder, "prompts", prompts)
    (folder / "plans").mkdir()
    shows = (
        "{{summary: [concept-{n}, concept-{m}, '{s}']}}",
        "{{quiz: {{concepts: [concept-{m}], count: 3}}}}",
        "{{reflect: {{concepts: [concept-{m}], audience: individual}}}}",
    )
    for plan in range(MAX_PLANS):
        steps = [
            "- {title: S, minutes: 1, show: "
            + shows[n % len(shows)].format(n=n * 7 % 5_000, m=n * 2 % 5_000, s=n % 50 + 1)
            + "}"
            for n in range(plan * 370, plan * 370 + 370)
        ]
        if plan == 0:  # by title and the start of an id, as far as the lookup budget goes
            steps[:19] = [
                f"- {{title: S, minutes: 1, show: {{summary: ['Concept {n}', concept-{n}1]}}}}"
                for n in range(100, 119)
            ]
        body = "title: Plan\nsteps:\n" + "\n".join(steps) + "\n"
        (folder / "plans" / f"plan-{plan:02}.yaml").write_text(body, encoding="utf-8")


PACKS: dict[str, Callable[[Path], None]] = {
    "largest list, one-letter points": lambda f: largest_list(f, 1),
    "largest list, 150-character points": lambda f: largest_list(f, 150),
    "most records": most_records,
    "most values": most_values,
    "most files": most_files,
    "deepest overlay over the largest base": deepest_overlay,
    "most plans": most_plans,
}
COMMANDS: dict[str, list[str]] = {
    "validate": ["validate"],
    "run (the plans)": ["run"],
    "summary": ["summary"],
    "concepts": ["concepts"],
    "glossary": ["glossary"],
    "quiz --answer-key": ["quiz", "--answer-key", "--count", "10000", "--seed", "1"],
    **{
        f"export {name}": ["export", name, "--answer-key", "-o", "{out}." + name]
        for name in ("html", "markdown", "gift", "anki", "qti", "kahoot", "pdf")
    },
}


# Rows for one pack only: about the largest PDF handout its bound accepts (16 concepts of
# the most-records pack, with answers: about 1,600 HTML elements, 50 pages).
EXTRA: dict[str, dict[str, list[str]]] = {
    "most records": {
        "pdf at its bound": [
            "export", "pdf", "--answer-key", "-o", "{out}.pdf", *(f"c{n}" for n in range(16))
        ],
    },
}  # fmt: skip


def content_of(folder: Path) -> list[str]:
    if (folder / "over").is_dir():
        return ["--content", str(folder / "base"), "--content", str(folder / "over")]
    return ["--content", str(folder)]


def measure(
    command: list[str], env: dict[str, str], timeout: float, folder: Path
) -> tuple[int, float, float, float]:
    """Exit status (-9: stopped after `timeout` seconds), CPU seconds, wall seconds and
    peak MB of one run, in `folder` (not a checkout: `python -m placecli` would import
    the place in the current folder before the one on PYTHONPATH)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, env=env, cwd=folder,
    )  # fmt: skip
    while (found := os.wait4(process.pid, os.WNOHANG))[0] == 0:
        if time.perf_counter() - started > timeout:
            process.kill()
            found = os.wait4(process.pid, 0)
            break
        time.sleep(0.05)
    _, status, usage = found
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    return process.returncode, usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="the packs whose name holds this")
    parser.add_argument("--command", help="the commands whose label holds this")
    parser.add_argument("--keep", type=Path, help="write the packs here and keep them")
    parser.add_argument("--place", help="the command to measure (default: this place)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds a run may take")
    args = parser.parse_args()
    place = shlex.split(args.place) if args.place else PLACE
    work = args.keep or Path(tempfile.mkdtemp(prefix="place-worst-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLACE_")}
    env |= {"PLACE_NO_CACHE": "1", "PLACE_NO_HISTORY": "1", "PLACE_DATA": str(work / "data")}
    over = 0
    try:
        print(f"{'pack':<40} {'command':<18} {'exit':>4} {'cpu s':>6} {'wall s':>6} {'MB':>6}")
        for name, write in PACKS.items():
            if args.only and args.only not in name:
                continue
            folder = work / name.replace(" ", "-").replace(",", "")
            if not folder.exists():
                write(folder)
            for label, words in (COMMANDS | EXTRA.get(name, {})).items():
                if args.command and args.command not in label:
                    continue
                out = str(work / "out")
                command = [*place, *content_of(folder), *(w.format(out=out) for w in words)]
                status, cpu, wall, megabytes = measure(command, env, args.timeout, work)
                verdict = "ok" if cpu <= SECONDS and megabytes <= MEGABYTES else "OVER"
                over += verdict == "OVER"
                print(
                    f"{name:<40} {label:<18} {status:>4} {cpu:6.2f} {wall:6.2f} "
                    f"{megabytes:6.0f} {verdict}",
                    flush=True,
                )
        return 1 if over else 0
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

"""Does checking a pack, and building its warnings and views, grow linearly with its size?

Usage: python benchmarks/growth.py [--records N]

The tests (tests/test_hostile.py) answer that exactly: they count the lines of Python run
(`steps`) for N and 2N records, which is the same number on any machine under any load.
This script answers it in seconds: the CPU time of the same work for N and 2N records
(20,000 against 10,000 by default), the least of three runs each, and their ratio, which
a linear step keeps near 2 (and under 3 on a noisy machine).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Any

from placecli.packs.model import Concept, Pack, Question, Term

MANIFEST = "format: 1\nid: growth\ntitle: Growth\n"
CONCEPTS = "concepts:\n  - id: alpha\n    title: Alpha\n    summary: Alpha.\n"
PackFiles = dict[str, str]


# Packs with every record at fault: checking them is the slowest path.


def unknown_references(n: int) -> PackFiles:
    """n prompts, each naming a concept that does not exist."""
    lines = ["prompts:"]
    for i in range(n):
        lines += [f"  - id: p{i}", f"    concept: missing-{i}", "    prompt: Think."]
    return {"prompts.yaml": "\n".join(lines) + "\n"}


def duplicate_keys(n: int) -> PackFiles:
    """A mapping of n keys, each given twice."""
    keys = "".join(f"  k{i % (n // 2)}: x\n" for i in range(n))
    return {"pack.yaml": MANIFEST + "extra:\n" + keys}


def many_concepts_unknown_related(n: int) -> PackFiles:
    """n concepts, each related to one that does not exist."""
    lines = ["concepts:"]
    for i in range(n):
        lines += [f"  - id: c{i}", "    title: T", "    summary: S", f"    related: [c{i}x]"]
    return {"concepts.yaml": "\n".join(lines) + "\n"}


BROKEN: dict[str, Callable[[int], PackFiles]] = {
    f.__name__: f for f in (unknown_references, duplicate_keys, many_concepts_unknown_related)
}


def write(folder: Path, files: PackFiles) -> Path:
    """The pack folder: a manifest and one concept, unless `files` replaces them."""
    folder.mkdir(parents=True)
    for name, body in ({"pack.yaml": MANIFEST, "concepts.yaml": CONCEPTS} | files).items():
        (folder / name).write_text(body, encoding="utf-8")
    return folder


# A large sound model, for the warnings and the views.


def big_model(n: int) -> Pack:
    """n concepts, each with a term and a question, each related to another."""
    concepts = tuple(
        Concept(id=f"c{i}", title="T", summary="S", terms=(f"t{i}",), related=(f"c{n - 1 - i}",))
        for i in range(n)
    )
    terms = tuple(Term(id=f"t{i}", term="T", definition="D") for i in range(n))
    questions = tuple(
        Question(
            id=f"q{i}",
            concept=f"c{i}",
            type="single",
            question="Which one?",
            answer=("Yes it is",),
            explanation="E.",
            options=("Yes it is", "No it is not"),
        )
        for i in range(n)
    )
    return Pack(id="big", title="Big", concepts=concepts, questions=questions, terms=terms)


def views() -> dict[str, Callable[[Pack], object]]:
    from placecli.packs import lint
    from placecli.views import plain

    return {
        "warnings": lint.warnings,
        "concepts-data": plain.concepts_data,
        "summary-markdown": lambda pack: plain.summary_markdown(pack, pack.concepts, False),
    }


# Measures.


def steps(work: Callable[[], object]) -> int:
    """How many lines of Python `work()` runs (each turn of a loop, a comprehension's
    too, counts once more), errors it raises ignored: a count of operations that is the
    same on any machine under any load. Work done inside C (`x in a_list`) is not seen."""
    count = 0

    def tally(frame: FrameType, event: str, arg: Any) -> Any:  # sys.settrace's tracer
        nonlocal count
        count += 1
        return tally

    sys.settrace(tally)
    try:
        work()
    except Exception:  # a broken pack is refused: that is the work measured
        pass
    finally:
        sys.settrace(None)
    return count


def cpu_seconds(work: Callable[[], object]) -> float:
    """The CPU time `work()` takes, starting from a collected heap, errors ignored."""
    gc.collect()
    started = time.process_time()
    with contextlib.suppress(Exception):
        work()
    return time.process_time() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    n = parser.parse_args().records
    print(f"CPU seconds for {n:,} and {2 * n:,} records, least of 3; a ratio near 2 is linear")
    with tempfile.TemporaryDirectory() as work:
        for name, files in BROKEN.items():
            small = write(Path(work) / f"{name}-small", files(n))
            large = write(Path(work) / f"{name}-large", files(2 * n))
            report(f"check {name}", check(small), check(large))
    small_pack, large_pack = big_model(n), big_model(2 * n)
    for name, view in views().items():
        report(name, partial(view, small_pack), partial(view, large_pack))
    return 0


def check(folder: Path) -> Callable[[], object]:
    from placecli.packs.pack import load_packs

    return partial(load_packs, [folder])


def report(what: str, small: Callable[[], object], large: Callable[[], object]) -> None:
    cpu_seconds(small)  # warm up
    small_time = min(cpu_seconds(small) for _ in range(3))
    large_time = min(cpu_seconds(large) for _ in range(3))
    ratio = large_time / small_time if small_time else float("inf")
    print(f"{what:<42} {small_time:7.3f} {large_time:7.3f} {ratio:6.2f}x")


if __name__ == "__main__":
    sys.exit(main())

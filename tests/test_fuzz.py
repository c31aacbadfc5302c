"""A mutation fuzz of packs, overlays and plans: the built-in pack, an overlay of it and
its workshop plan, with lines deleted, repeated, swapped, re-indented or cut, and hostile
tokens written into them (aliases, tags, controls, huge numbers, look-alike digits...).

Whatever the mutation, loading gives a sound pack (or plan) or a ContentError listing
one-line problems: never another exception, never a hang. The files are read from memory
(`load_sources`, `plan_from_source`), so the three tests take well under a minute.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from placecli.errors import MAX_LINE, ContentError, Problems
from placecli.packs import stored
from placecli.packs.locate import PackSource, Source, builtin_pack, read_packs
from placecli.packs.pack import load_sources
from placecli.workshop.plan import plan_from_source

from .conftest import within

BUILTIN = read_packs([builtin_pack()])[0]
PLAN = Path(builtin_pack()) / "plans" / "intro-90.yaml"
OVERLAY = PackSource(
    "/fuzz/ours",
    (
        Source("/fuzz/ours/pack.yaml", b"format: 1\nid: ours\ntitle: Ours\noverlays: builtin\n"),
        Source(
            "/fuzz/ours/concepts.yaml",
            b"concepts:\n"
            b"  - id: cultural-conundrum\n"
            b"    local:\n"
            b"      - text: Our two trusts competed until 2019.\n"
            b"        as_of: 2024-03-01\n"
            b"  - id: new-jargon\n"
            b"    hidden: true\n"
            b"  - id: our-place\n"
            b"    title: Our place\n"
            b"    summary: Where we are.\n"
            b"    related: [cultural-conundrum]\n",
        ),
        Source(
            "/fuzz/ours/questions.yaml",
            b"questions:\n"
            b"  - id: geography-bonds\n"
            b"    feedback: null\n"
            b"  - id: ours-1\n"
            b"    concept: our-place\n"
            b"    type: order\n"
            b"    question: In order?\n"
            b"    items: [First, Second, Third]\n"
            b"    explanation: So.\n",
        ),
    ),
)
TOKENS = [
    "&a x",
    "*a",
    "*nowhere",
    "!!python/object:os.system",
    "<<: *a",
    "\x1b]52;c;eA==\x07",
    "\\e[2J",
    "\u202e",
    "\u200b",
    "- ",
    ": ",
    "[",
    "]",
    "{",
    "}",
    "'",
    '"',
    "#",
    "|",
    ">-",
    "~",
    "null",
    "true",
    "yes",
    "1:30",
    "0x10",
    "999999999999999999",
    "9" * 40,
    "²",
    "-1",
    "2018-02-30",
    "hidden: true",
    "type: match",
    "overlays: builtin",
    "x" * 300,
    "\t",
    "---",
    "...",
]
KINDS = ("delete", "repeat", "swap", "insert", "value", "indent", "dedent", "cut")


def mutated(data: bytes, mutations: list[tuple[str, int, int, str]]) -> bytes:
    lines = data.decode("utf-8").split("\n")
    for kind, at, column, token in mutations:
        n = at % len(lines)
        line = lines[n]
        if kind == "delete" and len(lines) > 1:
            del lines[n]
        elif kind == "repeat":
            lines.insert(n, line)
        elif kind == "swap" and n + 1 < len(lines):
            lines[n], lines[n + 1] = lines[n + 1], line
        elif kind == "insert":
            cut = column % (len(line) + 1)
            lines[n] = line[:cut] + token + line[cut:]
        elif kind == "value" and ": " in line:
            lines[n] = line.split(": ", 1)[0] + ": " + token
        elif kind == "indent":
            lines[n] = "  " + line
        elif kind == "dedent":
            lines[n] = line.removeprefix("  ")
        elif kind == "cut":
            del lines[n:]
            lines = lines or [""]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(KINDS),
        st.integers(0, 10_000),
        st.integers(0, 200),
        st.sampled_from(TOKENS),
    ),
    min_size=1,
    max_size=4,
)


def with_file_mutated(
    pack: PackSource, index: int, mutations: list[tuple[str, int, int, str]]
) -> PackSource:
    files = list(pack.files)
    chosen = files[index % len(files)]
    assert chosen.data is not None
    files[index % len(files)] = chosen._replace(data=mutated(chosen.data, mutations))
    return pack._replace(files=tuple(files))


def refused_well(error: ContentError) -> None:
    """Refused as a person reads it: problems listed, each one bounded line."""
    assert error.problems and error.count >= len(error.problems)
    for problem in error.problems:
        line = str(problem)
        assert "\n" not in line and "\x1b" not in line and len(line) <= MAX_LINE + 1


def loaded(packs: list[PackSource]) -> Any:
    try:
        pack = within(10, lambda: load_sources(packs, [BUILTIN]))
    except ContentError as error:
        event("refused")
        refused_well(error)
        return None
    event("loaded")
    assert stored.model_is_sound(pack)
    return pack


FUZZ = settings(
    max_examples=int(os.environ.get("PLACE_FUZZ_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@FUZZ
@given(st.integers(0, 10), MUTATIONS)
def test_a_mutated_pack_loads_soundly_or_is_refused(
    index: int, mutations: list[tuple[str, int, int, str]]
) -> None:
    loaded([with_file_mutated(BUILTIN, index, mutations)])


@FUZZ
@given(st.integers(0, 10), MUTATIONS)
def test_a_mutated_overlay_loads_soundly_or_is_refused(
    index: int, mutations: list[tuple[str, int, int, str]]
) -> None:
    loaded([with_file_mutated(OVERLAY, index, mutations)])


PACK = load_sources([BUILTIN])


@FUZZ
@given(MUTATIONS)
def test_a_mutated_plan_reads_soundly_or_is_refused(
    mutations: list[tuple[str, int, int, str]],
) -> None:
    source = Source(str(PLAN), mutated(PLAN.read_bytes(), mutations))
    problems = Problems()
    plan = within(10, lambda: plan_from_source(source, PACK, problems))
    if plan is None:
        event("refused")
        refused_well(ContentError(problems, "the plan"))
        return
    event("read")
    assert not problems
    assert plan.steps and all(1 <= step.minutes <= 24 * 60 for step in plan.steps)
    concepts = {c.id for c in PACK.concepts}
    assert all(set(step.show.concepts) <= concepts for step in plan.steps)


@pytest.mark.parametrize("mutation", [("value", 3, 0, "*a"), ("insert", 0, 0, "&a x")])
def test_the_mutations_reach_the_loader(mutation: tuple[str, int, int, str]) -> None:
    """The fuzz is not fuzzing nothing: a mutation changes the bytes the loader reads."""
    changed = with_file_mutated(BUILTIN, 1, [mutation])
    assert changed.files[1].data != BUILTIN.files[1].data

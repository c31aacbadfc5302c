"""Workshop plans: reading and checking (a table of broken plans, every error with
file:line), the session's clock, the exports (the deck presented by patat), `place run`
through the CLI and in a real terminal."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from placecli.cli import app
from placecli.errors import ContentError
from placecli.exporters.plan import html_sheet, markdown_deck
from placecli.packs.locate import builtin_pack
from placecli.packs.pack import load_packs
from placecli.views.text import drift_text
from placecli.workshop.plan import Plan, Show, Step, load_plan
from placecli.workshop.run import Run

from .conftest import ROOT, spawn_place, within

PACK = load_packs([builtin_pack()])
INTRO = Path(builtin_pack()) / "plans" / "intro-90.yaml"

GOOD = """\
title: A short session
steps:
  - title: Why place
    minutes: 10
    show: {summary: [new-jargon, "2"]}
    notes: Ask who has heard "place" used this month.
  - title: Quiz
    minutes: 15
    show: {quiz: {count: 6, seed: 12, teams: [Red, Blue, Green]}}
  - title: Talk
    minutes: 20
    show: {reflect: {concepts: [cultural], audience: group, timer: 15}}
  - title: Coffee
    minutes: 5
    show: break
  - title: Close
    minutes: 5
    show: {text: Thank you.}
"""


def write(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_good_plan_reads_into_the_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    plan = load_plan(write(tmp_path, GOOD), PACK)
    assert plan.title == "A short session"
    assert plan.file == "plan.yaml"
    assert plan.minutes == 55
    assert [s.title for s in plan.steps] == ["Why place", "Quiz", "Talk", "Coffee", "Close"]
    section_2 = [c.id for c in PACK.sections()[1][1]]
    assert plan.steps[0].show == Show("summary", concepts=("new-jargon", *section_2))
    assert plan.steps[0].notes == 'Ask who has heard "place" used this month.'
    assert plan.steps[0].origin == "plan.yaml:3"
    assert plan.steps[1].show == Show("quiz", questions=6, seed=12, teams=("Red", "Blue", "Green"))
    assert plan.steps[2].show == Show(
        "reflect", concepts=("cultural-conundrum",), audience="group", timer=15
    )
    assert plan.steps[3].show == Show("break")
    assert plan.steps[4].show == Show("text", text="Thank you.")


BROKEN = [
    ("empty", "", ["plan.yaml:1: is empty: a plan needs a title and steps"]),
    (
        "not yaml",
        "title: [\n",
        ["plan.yaml:2: column 1: not valid YAML: did not find expected node content"],
    ),
    ("a list", "- a\n", ["plan.yaml:1: expected a mapping of fields, got a list"]),
    (
        "no steps",
        "title: T\n",
        ['plan.yaml:1: missing required field "steps"'],
    ),
    (
        "steps not a list",
        "title: T\nsteps: 3\n",
        ["plan.yaml:2: steps: expected a list of steps, got a number (3)"],
    ),
    (
        "unknown field",
        "title: T\ncolour: red\nsteps:\n  - {title: A, minutes: 5}\n",
        ["plan.yaml:2: colour: unknown field"],
    ),
    (
        "step fields",
        "title: T\nsteps:\n  - minutes: 0\n    note: x\n",
        [
            "plan.yaml:3: steps[0].minutes: expected a whole number above 0, got a number (0)",
            'plan.yaml:3: steps[0]: missing required field "title"',
            'plan.yaml:4: steps[0].note: unknown field; did you mean "notes"?',
        ],
    ),
    (
        "too long",
        "title: T\nsteps:\n  - {title: A, minutes: 1441}\n",
        ["plan.yaml:3: steps[0].minutes: is 1,441 minutes, more than a day (1,440)"],
    ),
    (
        "timer too long",
        "title: T\nsteps:\n  - title: A\n    minutes: 5\n    show:\n"
        "      reflect: {timer: 999999999999999999}\n",
        [
            "plan.yaml:6: steps[0].show.reflect.timer: is 999,999,999,999,999,999 minutes, "
            "more than a day (1,440)"
        ],
    ),
    (
        "unknown show",
        "title: T\nsteps:\n  - title: A\n    minutes: 5\n    show: {quizz: {}}\n",
        [
            'plan.yaml:5: steps[0].show.quizz: is not one of summary, quiz, reflect, break, text; did you mean "quiz"?'
        ],
    ),
    (
        "two shows",
        "title: T\nsteps:\n  - title: A\n    minutes: 5\n    show: {text: a, break: b}\n",
        [
            "plan.yaml:5: steps[0].show: expected one of summary, quiz, reflect, break, text (e.g. {summary: [id]}), got 2 keys"
        ],
    ),
    (
        "show text",
        "title: T\nsteps:\n  - title: A\n    minutes: 5\n    show: pause\n",
        [
            'plan.yaml:5: steps[0].show: expected one of summary, quiz, reflect, break, text (e.g. {summary: [id]}), got the text "pause"'
        ],
    ),
    (
        "unknown concept",
        "title: T\nsteps:\n  - title: A\n    minutes: 5\n    show:\n      summary:\n        - new-jargon\n        - sense-of-plaice\n",
        [
            'plan.yaml:8: steps[0].show.summary[1]: no concept matches "sense-of-plaice"; the closest: sense-of-place'
        ],
    ),
    (
        "empty summary",
        "title: T\nsteps:\n  - title: A\n    minutes: 5\n    show: {summary: []}\n",
        ["plan.yaml:5: steps[0].show.summary: needs at least 1 item"],
    ),
    (
        "quiz options",
        "title: T\nsteps:\n  - title: A\n    minutes: 5\n    show:\n      quiz: {count: 0, seeds: 3}\n",
        [
            "plan.yaml:6: steps[0].show.quiz.count: expected a whole number above 0, got a number (0)",
            'plan.yaml:6: steps[0].show.quiz.seeds: unknown field; did you mean "seed"?',
        ],
    ),
    (
        "one team",
        "title: T\nsteps:\n  - title: A\n    minutes: 5\n    show:\n      quiz: {teams: [Red]}\n",
        ["plan.yaml:6: steps[0].show.quiz.teams: 1 team; give 2 to 10 names, or a number"],
    ),
    (
        "eleven teams",
        "title: T\nsteps:\n  - title: A\n    minutes: 5\n    show:\n      quiz: {teams: 11}\n",
        ["plan.yaml:6: steps[0].show.quiz.teams: 11: give 2 to 10 teams"],
    ),
    (
        "reflect audience",
        "title: T\nsteps:\n  - title: A\n    minutes: 5\n    show:\n      reflect: {audience: crowd}\n",
        [
            'plan.yaml:6: steps[0].show.reflect.audience: "crowd" is not one of: individual, pair, group'
        ],
    ),
    (
        "no prompts",
        "title: T\nsteps:\n  - title: A\n    minutes: 5\n    show:\n      reflect:\n        concepts: [social-significance]\n        audience: pair\n",
        [
            "plan.yaml:7: steps[0].show.reflect: the pack has no prompts for these concepts and audience"
        ],
    ),
    (
        "two steps broken",
        "title: T\nsteps:\n  - {title: A, minutes: x}\n  - {title: B, minutes: 5, show: {text: ''}}\n",
        [
            'plan.yaml:3: steps[0].minutes: expected a whole number above 0, got the text "x"',
            "plan.yaml:4: steps[1].show.text: is empty; expected text",
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [(t, e) for _, t, e in BROKEN], ids=[n for n, _, _ in BROKEN]
)
def test_broken_plans_give_every_problem_with_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as error:
        load_plan(write(tmp_path, text), PACK)
    found = [str(p) for p in error.value.problems]
    assert len(found) == len(expected)
    for line, start in zip(found, expected, strict=True):
        assert line.startswith(start), line


def test_validate_a_plan_file_through_the_cli(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, GOOD)
    result = runner.invoke(app, ["validate", "plan.yaml"])
    assert (result.exit_code, result.stdout) == (0, "✓ plan.yaml: valid plan, 5 steps, 55 min\n")
    write(tmp_path, "title: T\nsteps:\n  - {title: A, minutes: 0}\n", "bad.yaml")
    result = runner.invoke(app, ["validate", "bad.yaml"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "bad.yaml:3: steps[0].minutes: expected a whole number above 0, got a number (0)",
        "1 problem found in the plan.",
    ]


@pytest.mark.parametrize("name", ["questions.yaml", "extra.yml"])
def test_validate_of_a_pack_s_file_names_the_folder_to_check(
    runner: CliRunner, make_pack: Any, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A file of a pack was reported as a broken plan (no title, no steps)."""
    folder = make_pack()
    (folder / name).write_text("questions: []\n", encoding="utf-8")
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["validate", f"pack/{name}"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == (
        f"Error: pack/{name} is a file of the pack in pack, not a plan: a pack is checked "
        "whole, with place validate pack"
    )
    monkeypatch.chdir(folder)
    result = runner.invoke(app, ["validate", name])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {name} is a file of the pack in ., not a plan")
    assert result.stderr.splitlines()[0].endswith("with place validate .")


def test_validate_checks_a_packs_plans_folder(
    runner: CliRunner, make_pack: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_pack()
    (folder / "plans").mkdir()
    (folder / "plans" / "short.yaml").write_text(
        "title: T\nsteps:\n  - {title: A, minutes: 5, show: {summary: [alpha]}}\n"
    )
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["validate", "pack"])
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "✓ pack: valid, 2 concepts, 0 questions, 0 prompts, 0 terms, 1 plan;"
    )
    data = json.loads(runner.invoke(app, ["validate", "pack", "--format", "json"]).stdout)
    assert data["plans"] == ["short"]
    single = runner.invoke(
        app, ["--content", "pack", "validate", "pack/plans/short.yaml", "-f", "json"]
    )
    assert json.loads(single.stdout) == {
        "valid": True,
        "plan": "pack/plans/short.yaml",
        "steps": 1,
        "minutes": 5,
    }
    (folder / "plans" / "broken.yaml").write_text(
        "title: T\nsteps:\n  - {title: A, minutes: 5, show: {summary: [gamma]}}\n"
    )
    result = runner.invoke(app, ["validate", "pack"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(
        'pack/plans/broken.yaml:3: steps[0].show.summary[0]: no concept matches "gamma"'
    )
    assert result.stderr.splitlines()[-1] == "1 problem found in the pack's plans."
    result = runner.invoke(app, ["--content", "pack", "run"])
    assert result.exit_code == 1


def test_a_packs_plan_must_be_a_regular_file_inside_the_pack(
    runner: CliRunner, make_pack: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    folder = make_pack()
    (folder / "plans").mkdir()
    outside = tmp_path / "outside.yaml"
    outside.write_text("title: T\nsteps:\n  - {title: A, minutes: 5}\n")
    (folder / "plans" / "linked.yaml").symlink_to(outside)
    (folder / "plans" / "folder.yaml").mkdir()  # not a file: not a plan
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["validate", "pack"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "pack/plans/linked.yaml: is a link to a file outside the pack folder; "
        "copy the file into the pack",
        "1 problem found in the pack's plans.",
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX links and FIFOs")
@pytest.mark.parametrize(
    "args",
    [
        ["run", "linked"],
        ["run", "pack/plans/linked.yaml"],
        ["validate", "pack/plans/linked.yaml"],
        ["run"],
        ["validate", "pack"],
    ],
    ids=["run-name", "run-path", "validate-path", "run-list", "validate-pack"],
)
def test_a_plan_linked_out_of_the_pack_is_refused_however_it_is_named(
    runner: CliRunner,
    make_pack: Any,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    args: list[str],
) -> None:
    """`place run NAME` followed the link, and quoted 80 characters of what it found."""
    folder = make_pack()
    (folder / "plans").mkdir()
    secret = tmp_path / "credentials"
    secret.write_text("https://me:ghp_SECRET@github.com\n")
    (folder / "plans" / "linked.yaml").symlink_to(secret)
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["--content", "pack", *args])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "pack/plans/linked.yaml: is a link to a file outside the pack folder; "
        "copy the file into the pack"
    )
    assert "SECRET" not in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_named_like_a_plan_is_refused_never_waited_on(
    runner: CliRunner, make_pack: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It was skipped: a plan the pack names that `validate` never checked."""
    folder = make_pack()
    (folder / "plans").mkdir()
    os.mkfifo(folder / "plans" / "pipe.yaml")
    monkeypatch.chdir(folder.parent)
    result = within(10, lambda: runner.invoke(app, ["validate", "pack"]))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        "pack/plans/pipe.yaml: is not a regular file (a folder, device, pipe or socket); not read",
        "1 problem found in the pack's plans.",
    ]


def test_validate_reads_each_plan_once_for_its_mark_and_its_check(
    runner: CliRunner, make_pack: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The cache mark hashed every plan read whole, before any bound (a 2 GB sparse plan:
    31 s and 4.2 GB); it now hashes the bytes the check reads, within the bounds, and a
    warm validate reads them once more for the mark alone."""
    from placecli.packs import locate

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = make_pack()
    (folder / "plans").mkdir()
    (folder / "plans" / "short.yaml").write_text("title: T\nsteps:\n  - {title: A, minutes: 5}\n")
    with (folder / "plans" / "huge.yaml").open("wb") as sparse:
        sparse.truncate(2 * 1024**3)  # 2 GB of nothing, on disk
    reads: list[str] = []
    bounded = locate.read_bounded

    def counted(path: str, within: str, limit: int) -> bytes:
        reads.append(Path(path).name)
        return bounded(path, within, limit)

    monkeypatch.setattr(locate, "read_bounded", counted)
    result = within(10, lambda: runner.invoke(app, ["validate", str(folder)]))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].endswith(
        "plans/huge.yaml: is larger than 4 MB (2,147,483,648 bytes), the most a pack file may be"
    )
    assert [r for r in reads if r.endswith(".yaml") and r != "pack.yaml"].count("short.yaml") == 1
    (folder / "plans" / "huge.yaml").unlink()
    reads.clear()
    first = runner.invoke(app, ["validate", str(folder)])
    assert (first.exit_code, reads.count("short.yaml")) == (0, 1)
    assert list((tmp_path / "xdg" / "place").glob("plans-*.ok"))
    reads.clear()
    again = runner.invoke(app, ["validate", str(folder)])
    assert (again.exit_code, again.stdout) == (0, first.stdout)
    assert reads.count("short.yaml") == 1


def test_a_pack_holds_at_most_50_plans(
    runner: CliRunner, make_pack: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_pack()
    (folder / "plans").mkdir()
    for n in range(51):
        (folder / "plans" / f"p{n}.yaml").write_text(
            "title: T\nsteps:\n  - {title: A, minutes: 5}\n"
        )
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["validate", "pack"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "pack/plans: holds 51 plans, and a pack may hold at most 50",
        "1 problem found in the pack's plans.",
    ]


def test_a_plan_past_its_value_bound_is_refused_where_it_passes_it(tmp_path: Path) -> None:
    steps = "".join("  - {title: A, minutes: 5}\n" for _ in range(1_100))  # 5 values a step
    path = tmp_path / "long.yaml"
    path.write_text("title: T\nsteps:\n" + steps)
    with pytest.raises(ContentError) as caught:
        load_plan(path, PACK)
    assert [p.line for p in caught.value.problems] == [1002]
    assert caught.value.problems[0].message == (
        "the plan holds more than 5,000 values (texts, numbers, lists and mappings) by this "
        "line, the most a plan may hold; split it into several plans"
    )


def test_names_other_than_ids_are_looked_up_within_a_budget(tmp_path: Path) -> None:
    """An id or a section number is found at once; a title or the start of an id costs a
    look through the whole pack, so a plan may use only so many (then: give the id)."""
    from placecli.packs.model import Concept, Pack

    concepts = tuple(
        Concept(id=f"concept-{n}", title=f"Concept {n}", summary="S", section=f"S{n // 100}")
        for n in range(10_000)
    )
    big = Pack(id="big", title="Big", concepts=concepts)
    names = ["concept-5", "'3'", *(f"'Concept {n}'" for n in range(12))]
    steps = "".join(f"  - {{title: A, minutes: 5, show: {{summary: [{n}]}}}}\n" for n in names)
    path = tmp_path / "names.yaml"
    path.write_text("title: T\nsteps:\n" + steps)
    with pytest.raises(ContentError) as caught:
        within(10, lambda: load_plan(path, big))
    assert [str(p) for p in caught.value.problems] == [
        f'{path}:{line}: steps[{line - 3}].show.summary[0]: "Concept {line - 5}" is not a '
        "concept id, and the plans have named too many concepts by title or the start of an "
        "id to look up more in a pack this large; give its id"
        for line in (15, 16)
    ]


def test_the_builtin_plan_is_valid_and_90_minutes() -> None:
    plan = load_plan(INTRO, PACK)
    assert plan.minutes == 90
    assert all(step.notes for step in plan.steps)
    assert {step.show.kind for step in plan.steps} == {
        "summary",
        "quiz",
        "reflect",
        "break",
        "text",
    }


def test_run_lists_the_packs_plans(runner: CliRunner) -> None:
    result = runner.invoke(app, ["run"])
    assert result.exit_code == 0
    assert result.stdout == (
        "Plans (place run NAME):\n"
        "  intro-90  Place-based leadership: a 90-minute introduction  11 steps, 90 min\n"
    )


NOT_A_SCREEN = (
    "place run shows a plan on a terminal that can draw full screens (not a file, a pipe "
    "or TERM=dumb); to print it, add --export markdown or html"
)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["run", "intro-9"],
            'no plan "intro-9": no such file or plan name; did you mean "intro-90"?',
        ),
        (
            ["run", "intro-90", "--end-time", "25:00"],
            '--end-time takes a time like 16:30, not "25:00"',
        ),
        (
            ["run", "intro-90", "--export", "pdf"],
            "Invalid value for '--export': 'pdf' is not one of 'markdown', 'html'.",
        ),
        (
            ["run", "intro-90"],
            NOT_A_SCREEN,
        ),
    ],
)
def test_run_usage_errors(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"Error: {message}"


# The session's clock.


def small_plan() -> Plan:
    steps = tuple(Step(f"S{n}", m, Show("text", text="t")) for n, m in enumerate((10, 20, 30), 1))
    return Plan("P", steps)


def test_the_session_counts_down_pauses_and_adjusts() -> None:
    run = Run(small_plan(), started=0.0)
    assert run.left(60) == 540
    assert not run.warning(479)
    assert run.warning(480)  # the last 20% of ten minutes
    run.pause(100)
    assert run.left(400) == 500  # paused: the step's clock stands still
    run.pause(400)
    assert run.left(460) == 440
    assert run.behind(460) == 300  # five minutes lost to the pause
    assert drift_text(run.behind(460)) == "5 min behind"
    run.adjust(+1)
    assert run.left(460) == 500
    for _ in range(20):
        run.adjust(-1)
    assert run.minutes[0] == 1.0  # never below a minute
    assert run.left(700) < 0


def test_going_on_early_runs_ahead_and_back_goes_back() -> None:
    run = Run(small_plan(), started=0.0)
    run.go(1, 300)
    assert run.behind(300) == -300
    assert drift_text(run.behind(300)) == "5 min ahead"
    run.go(0, 400)
    assert run.index == 0
    run.go(9, 400)
    assert run.index == 2


def test_end_time_rescales_the_steps_left() -> None:
    run = Run(small_plan(), started=0.0)
    run.go(1, 600)
    run.fit(600, 25 * 60)  # 50 minutes of steps left, 25 minutes to the end
    assert run.minutes == [10.0, 10.0, 15.0]
    assert run.message == "2 steps rescaled from 50 to 25 min (×0.50)"
    assert run.behind(600) == 0
    run.fit(600, 60)
    assert run.message == "too little time left to rescale 2 steps"


# The exports.


def test_markdown_deck_has_one_slide_per_step_with_notes() -> None:
    plan = load_plan(INTRO, PACK)
    deck = markdown_deck(plan, PACK)
    assert deck.startswith('---\ntitle: "Place-based leadership: a 90-minute introduction"\n---\n')
    assert deck.count("\n# ") == 11
    assert deck.count("<!-- end_slide -->") == 10
    assert deck.count("speaker_note: |") == 11
    assert "`place quiz --count 6 --seed 12 --concept place-human-geography --concept" in deck
    assert "--concept cultural-conundrum --teams Red,Blue,Green`" in deck


@pytest.mark.parametrize(
    ("notes", "kept"),
    [
        ("a --> b\nline two", "a -- > b\n  line two"),
        ("a --!> b", "a --! > b"),  # HTML ends a comment here too
        ("---->--!>", "---- >--! >"),
        ("place summary --format markdown", "place summary --format markdown"),
    ],
)
def test_notes_cannot_close_their_comment_early(notes: str, kept: str) -> None:
    plan = Plan("P", (Step("S", 5, Show("text", text="x"), notes),))
    deck = markdown_deck(plan, PACK)
    assert f"<!--\nspeaker_note: |\n  {kept}\n-->" in deck
    assert (deck.count("-->"), deck.count("--!>")) == (1, 0)


@pytest.mark.parametrize(
    ("teams", "span"),
    [
        (("Red", "Blue"), "`place quiz --count 10 --teams Red,Blue`"),
        (("A`b", "C"), "``place quiz --count 10 --teams 'A`b,C'``"),
        (("``x", "y"), "```place quiz --count 10 --teams '``x,y'```"),
    ],
)
def test_a_team_name_cannot_escape_its_code_span(teams: tuple[str, ...], span: str) -> None:
    """A backtick in a team name closed the command's code span early."""
    plan = Plan("P", (Step("S", 5, Show("quiz", teams=teams)),))
    assert span in markdown_deck(plan, PACK).splitlines()
    markdown_it = pytest.importorskip("markdown_it", reason="the consumer extra's parser")
    html = markdown_it.MarkdownIt("commonmark").render(span)
    assert html.count("<code>") == 1


@pytest.mark.skipif(
    shutil.which("patat") is None, reason="patat is not installed (apt-get install patat)"
)
def test_patat_presents_the_deck_one_slide_per_step(tmp_path: Path) -> None:
    deck = tmp_path / "deck.md"
    deck.write_text(markdown_deck(load_plan(INTRO, PACK), PACK), encoding="utf-8")
    done = subprocess.run(
        ["patat", "--dump", "--force", str(deck)],
        capture_output=True,
        text=True,
        check=False,
        env={"TERM": "xterm-256color", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    assert done.returncode == 0, done.stderr
    text = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout)
    slides = text.split("----------\n")
    assert len(slides) == 11
    for number, (slide, step) in enumerate(
        zip(slides, load_plan(INTRO, PACK).steps, strict=True), 1
    ):
        assert f"# {step.title}" in slide
        assert f"{number} / 11" in slide
        assert "speaker_note" not in slide  # notes are for the speaker, not the slide


def test_html_run_sheet(runner: CliRunner) -> None:
    result = runner.invoke(app, ["run", "intro-90", "--export", "html", "--end-time", "16:30"])
    assert result.exit_code == 0
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<tr><td>") == 11
    assert "<tr><td>1</td><td>15:00</td><td>5 min</td>" in page
    assert "<tr><td>11</td><td>16:25</td><td>5 min</td>" in page
    assert "&quot;towards progress&quot;" in page  # notes escaped
    plan = Plan("<P>", (Step("<S>", 5, Show("text", text="<b>")),))
    assert "&lt;P&gt;" in html_sheet(plan, PACK) and "<b>" not in html_sheet(plan, PACK)


# --notes FILE: a failure is a warning for the footer, never the end of the session.


def test_the_notes_file_is_rewritten_at_each_step(tmp_path: Path) -> None:
    from placecli.commands.running import notes_writer

    notes = tmp_path / "notes.txt"
    write = notes_writer(str(notes))
    plan = load_plan(INTRO, PACK)
    for index in (1, 0):
        step = plan.steps[index]
        assert write(step, index, 9) is None
        assert notes.read_text() == (
            f"Step {index + 1} of 9: {step.title} ({step.minutes} min)\n\n{step.notes}\n\n"
        )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_notes_write_that_fails_is_a_warning_and_the_next_may_succeed(tmp_path: Path) -> None:
    """A write failure ended the workshop mid-session with exit 2."""
    from placecli.commands.running import notes_writer

    plan = load_plan(INTRO, PACK)
    full = notes_writer("/dev/full")
    assert full(plan.steps[0], 0, 9) == "notes not written to /dev/full: No space left on device"
    moving = tmp_path / "notes.txt"
    write = notes_writer(str(moving))
    moving.mkdir()  # it became a folder after the session started
    assert write(plan.steps[0], 0, 9) == f"notes not written to {moving}: Is a directory"
    moving.rmdir()
    assert write(plan.steps[1], 1, 9) is None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_notes_fifo_nobody_reads_is_a_warning_not_a_hang(tmp_path: Path) -> None:
    """A FIFO blanked the screen: the write waited for a reader for ever."""
    from placecli.commands.running import notes_writer

    fifo = tmp_path / "notes.fifo"
    os.mkfifo(fifo)
    write = notes_writer(str(fifo))
    step = load_plan(INTRO, PACK).steps[0]
    warning = within(5, lambda: write(step, 0, 9))
    assert warning == f"notes not written to {fifo}: No such device or address"


# A real terminal.

pexpect = pytest.importorskip("pexpect")
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pty")
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r")


@pytest.mark.pty
@POSIX
@pytest.mark.parametrize("size", [(24, 80), (20, 50)], ids=["80x24", "50x20"])
def test_pty_run_keys_and_notes_file(tmp_path: Path, size: tuple[int, int]) -> None:
    notes = tmp_path / "notes.txt"
    child = spawn_place("run", "intro-90", "--notes", str(notes), NO_COLOR="1")
    child.setwinsize(*size)
    child.expect("1/11")
    assert notes.read_text().startswith(
        "Step 1 of 11: Welcome, and the article we are reading (5 min)"
    )
    child.send("\x1b[C")
    child.expect("2/11")
    child.expect("ahead")
    deadline = time.monotonic() + 5
    while not notes.read_text().startswith("Step 2 of 11") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert notes.read_text().startswith("Step 2 of 11: Read the article (10 min)")
    child.send("+")
    child.expect("10:5")  # 11 minutes less a few seconds
    child.send("p")
    child.expect("paused")
    child.send("n")
    child.expect("notes")
    child.send("\x1b[D")
    child.expect("1/11")
    child.send("q")
    child.expect(r"Session ended after 0:0\d \(90 min planned\)\.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.pty
@POSIX
def test_pty_run_a_quiz_step_and_come_back(tmp_path: Path) -> None:
    plan = tmp_path / "quiz.yaml"
    plan.write_text(
        "title: T\nsteps:\n  - title: Quiz now\n    minutes: 5\n"
        "    show: {quiz: {count: 2, seed: 2, teams: [Red, Blue]}}\n"
        "  - {title: After, minutes: 5}\n"
    )
    child = spawn_place("run", str(plan), NO_COLOR="1")
    child.expect("1/2")
    child.send("\r")
    child.expect("Red: ")
    child.send("q\r")
    child.expect("End the team quiz now")
    child.send("y")
    child.expect("1/2")  # back to the plan
    child.send("\x1b[C")
    child.expect("2/2")
    child.send("\x1b[C")  # past the last step: it asks first
    child.expect("End the session")
    child.send("y")
    child.expect("Session ended")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.pty
@POSIX
def test_pty_run_ctrl_c_exits_130_and_gives_the_terminal_back() -> None:
    child = spawn_place("run", "intro-90", NO_COLOR="1")
    child.expect("1/11")
    time.sleep(0.2)
    child.sendintr()
    child.expect("\x1b\\[\\?1049l")  # the full screen is left
    child.expect(r"Session ended after 0:0\d \(90 min planned\)\.")
    child.expect("Stopped with Ctrl-C.")
    out = child.read()
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in out


@pytest.mark.pty
@POSIX
@pytest.mark.parametrize(("name", "code"), [("SIGTERM", 143), ("SIGHUP", 129)])
def test_pty_run_stopped_by_a_signal_gives_the_terminal_back(name: str, code: int) -> None:
    """issue 23, Low 2: the signal's default ended place run with the terminal in single
    keys, echo off and the cursor hidden."""
    import signal
    import termios

    child = spawn_place("run", "intro-90", NO_COLOR="1")
    child.expect("1/11")
    time.sleep(0.2)
    child.kill(getattr(signal, name))
    child.expect(pexpect.EOF)
    out = child.before
    flags = termios.tcgetattr(child.child_fd)[3]
    child.close()
    assert child.exitstatus == code
    assert flags & termios.ICANON and flags & termios.ECHO
    assert "Traceback" not in out
    if name == "SIGTERM":  # after SIGHUP the terminal is gone: nothing more is written
        assert "\x1b[?1049l" in out and "\x1b[?25h" in out
        assert re.search(r"Session ended after 0:0\d \(90 min planned\)\.", out)
        assert ESCAPES.sub("", out).rstrip().endswith("Stopped by SIGTERM.")


def test_ci_installs_patat() -> None:
    assert "apt-get install -y patat" in (ROOT / ".ci" / "run").read_text()


@pytest.mark.pty
@POSIX
@pytest.mark.parametrize(
    ("args", "env"),
    [(["run", "intro-90"], {"TERM": "dumb"}), (["run", "intro-90", "--output-to-file"], {})],
    ids=["dumb-terminal", "stdout-to-a-file"],
)
def test_pty_run_refuses_a_screen_it_cannot_draw(
    tmp_path: Path, args: list[str], env: dict[str, str]
) -> None:
    """At a person's keyboard but with TERM=dumb or output to a file, place run used to
    draw nothing (or draw into the file) and wait for keys: a blank screen."""
    import shlex

    command = shlex.join([sys.executable, "-m", "placecli", *args[:2]])
    if "--output-to-file" in args:
        command += f" > {shlex.quote(str(tmp_path / 'out.txt'))}"
    child = pexpect.spawn(
        "/bin/sh",
        ["-c", command],
        cwd=str(ROOT),
        env={**os.environ, "TERM": "xterm-256color", **env},
        encoding="utf-8",
        timeout=20,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    said = re.sub(r"\x1b\[[0-9;]*m", "", child.before)  # stderr is a terminal: bold
    assert said.split() == f"Error: {NOT_A_SCREEN}".split()


def test_the_plans_are_read_once_for_a_mark_and_the_check(
    make_pack: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`locate.plan_sources` reads each plan once, within bounds; `check_plans` checks
    those bytes (a cache mark can hash them) without reading the files again."""
    from placecli.packs import locate
    from placecli.workshop.plan import check_plans

    folder = make_pack()
    (folder / "plans").mkdir()
    (folder / "plans" / "short.yaml").write_text("title: T\nsteps:\n  - {title: A, minutes: 5}\n")
    sources = locate.plan_sources([folder])
    assert [(Path(s.path).name, s.data) for s in sources] == [
        ("short.yaml", b"title: T\nsteps:\n  - {title: A, minutes: 5}\n")
    ]
    pack = load_packs([folder])
    monkeypatch.setattr(locate, "read_within", lambda *args: pytest.fail("read again"))
    plans = check_plans([folder], pack, sources)
    assert [(p.title, p.minutes) for p in plans] == [("T", 5)]


def test_a_step_in_words_counts_one_as_one() -> None:
    from placecli.views.text import quiz_words, show_line

    assert quiz_words(Show("quiz", questions=1)) == "1 question"
    assert quiz_words(Show("quiz")) == "10 questions"
    one = Show("reflect", concepts=(PACK.concepts[0].id,), timer=1)
    assert show_line(one, PACK) == "Reflection: prompts on 1 concept, 1-minute discussion"

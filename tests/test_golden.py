"""Whole outputs, compared with the files in tests/golden/: a change in what a person
sees is always a visible diff. After a deliberate change, rewrite them with
`PLACE_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py` and read the diff."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from placecli.cli import app

GOLDEN = Path(__file__).parent / "golden"
ROOT = GOLDEN.parent.parent
TYPES = ["--content", "tests/packs/every-type"]  # from the project's folder
CASES: dict[str, tuple[list[str], str | None]] = {
    "summary": (["summary"], None),
    "summary-brief": (["summary", "--brief"], None),
    "summary-markdown": (["summary", "--format", "markdown"], None),
    "concepts": (["concepts"], None),
    "glossary-stp": (["glossary", "STP"], None),
    "answer-key": (["quiz", "--seed", "12", "--answer-key"], None),
    # Unreadable, wrong, right, partly right (one missed, one not right), unreadable, partly.
    "quiz-scripted": (["quiz", "--seed", "20", "-n", "6"], "t\nt\nf\nBC\nnonsense\nC\n"),
    "quiz-json": (["quiz", "--seed", "5", "-n", "3", "-f", "json"], "AB\nt\nA\n"),
    "quiz-teams": (
        ["quiz", "--seed", "8", "-n", "4", "--teams", "Red,Blue,Green", "--practice", "1"],
        "C\nA\n\nCD\nB\nzz\nBD\nB\nACE\nf\nt\n\n",
    ),
    # A fixed pack with one question of each type, answered as a person types: right,
    # partly right, wrong with the pack's feedback; the letters in lower case or spaced.
    "types-quiz": ([*TYPES, "quiz", "--seed", "3"], "a\nt\nB C A\nbac\nb\n"),
    "types-answer-key": ([*TYPES, "quiz", "--seed", "3", "--answer-key"], None),
    "types-teams": (
        [*TYPES, "quiz", "--seed", "3", "--teams", "Red,Blue"],
        "ac\na\nt\nf\nBAC\nABC\nBAC\nBCA\nB\nC\n",
    ),
    "run-list": (["run"], None),
    "run-markdown": (["run", "intro-90", "--export", "markdown"], None),
    "reflect": (["reflect"], None),
    "reflect-group": (["reflect", "--audience", "group"], None),
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_whole_output_is_as_recorded(
    runner: CliRunner, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    argv, typed = CASES[name]
    result = runner.invoke(app, argv, input=typed)
    assert result.exit_code == 0, result.stderr
    seen = f"$ place {' '.join(argv)}\n{result.stdout}"
    if result.stderr:
        seen += f"--- stderr\n{result.stderr}"
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("PLACE_UPDATE_GOLDEN"):
        path.write_text(seen, encoding="utf-8")
    assert seen == path.read_text(encoding="utf-8")

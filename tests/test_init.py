"""`place init`: a starter pack or overlay that validates at once, strictly, and never
overwrites a file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from placecli.cli import app
from placecli.packs.pack import load_packs
from placecli.packs.starter import OVERLAY, PACK

FILES = ["pack.yaml", "concepts.yaml", "questions.yaml", "prompts.yaml", "glossary.yaml"]


@pytest.mark.parametrize("overlay", [False, True], ids=["pack", "overlay"])
def test_init_writes_files_that_pass_validate_strict(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, overlay: bool
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init", "our-place", *(["--overlay"] if overlay else [])])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "".join(f"wrote our-place/{name}\n" for name in FILES)
    assert result.stderr == (
        "Next: edit the files, then check them with `place validate our-place --strict`, "
        "and use them with `place --content our-place summary`.\n"
    )
    checked = runner.invoke(app, ["validate", "our-place", "--strict", "-f", "json"])
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    assert json.loads(checked.stdout)["warnings"] == []
    pack = load_packs([Path("our-place")])
    assert pack.id == "our-place"
    if overlay:
        assert pack.title == "Place-based leadership in our place"
        assert pack.concept("cultural-conundrum").local[0].text.startswith("An example")
    else:
        assert pack.title == "Our place"
        assert sorted(q.type for q in pack.questions) == [
            "match",
            "multiple",
            "order",
            "single",
            "true-false",
        ]
    summary = runner.invoke(app, ["--content", "our-place", "summary", "--brief"])
    assert summary.exit_code == 0, summary.stderr


def uncommented(text: str) -> str:
    """A starter file with its commented-out examples (`#   - id: ...`) switched on."""
    return re.sub(r"(?m)^# (  .*)$", r"\1", text)


@pytest.mark.parametrize("overlay", [False, True], ids=["pack", "overlay"])
def test_the_commented_examples_are_valid_too(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, overlay: bool
) -> None:
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["init", "ours", *(["--overlay"] if overlay else [])]).exit_code == 0
    switched = 0
    for file in Path("ours").glob("*.yaml"):
        text = file.read_text(encoding="utf-8")
        file.write_text(uncommented(text), encoding="utf-8")
        switched += text != uncommented(text)
    assert switched == (4 if overlay else 0)
    checked = runner.invoke(app, ["validate", "ours"])
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    if overlay:
        pack = load_packs([Path("ours")])
        assert "new-jargon" not in {c.id for c in pack.concepts}
        assert "jargon-title-balance" not in {q.id for q in pack.questions}


def test_every_kind_of_record_has_an_example() -> None:
    for templates in (PACK, OVERLAY):
        text = "".join(templates.values())
        for key in ("concepts:", "questions:", "prompts:", "terms:", "local:"):
            assert key in text
    assert "hidden: true" in "".join(OVERLAY.values())


@pytest.mark.parametrize("existing", ["pack.yaml", "glossary.yaml"])
def test_init_never_overwrites_a_file(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("ours").mkdir()
    Path("ours", existing).write_text("mine\n", encoding="utf-8")
    result = runner.invoke(app, ["init", "ours", "--overlay"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: ours/{existing} already exists; place init never overwrites a file "
        "(choose a new folder, or move the files away)\n"
    )
    assert sorted(p.name for p in Path("ours").iterdir()) == [existing]  # nothing written
    assert Path("ours", existing).read_text(encoding="utf-8") == "mine\n"


def test_init_has_help_with_examples(runner: CliRunner) -> None:
    result = runner.invoke(app, ["init", "--help"])
    assert result.exit_code == 0
    lines = [line.strip(" │") for line in result.stdout.splitlines()]
    examples = [line for line in lines if line.startswith("place init")]
    assert examples == ["place init our-place --overlay", "place init my-pack"]

"""`place export` and the Markdown handouts of glossary, reflect and quiz, through the
command line: what goes to stdout, to a file and to stderr, and every usage error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from placecli.cli import app
from placecli.exporters import FORMATS, Skipped
from placecli.exporters.markdown import glossary_markdown, prompts_markdown
from placecli.reflect.prompts import select_prompts

from .conftest import MakePack
from .exportkit import PACKS_DIR, TEXT_FORMATS, export, load_pack

HOSTILE = str(PACKS_DIR / "hostile")


@pytest.mark.parametrize("name", TEXT_FORMATS)
def test_text_formats_go_to_stdout_as_the_exporter_writes_them(
    runner: CliRunner, name: str
) -> None:
    result = runner.invoke(app, ["export", name, "--answer-key", "--content", HOSTILE])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == export(name, load_pack("hostile")).data


def test_output_writes_the_file_and_names_what_was_left_out(
    runner: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "quiz.txt"
    result = runner.invoke(app, ["--content", HOSTILE, "export", "qti", "-o", str(target)])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        "place export qti: left out 2 questions (text2qti has no match question: "
        "hostile-match; text2qti has no order question: hostile-order)\n"
    )
    assert target.read_text(encoding="utf-8") == export("qti", load_pack("hostile")).data


def test_one_line_on_stderr_names_the_skipped_questions(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "k.xlsx"
    result = runner.invoke(app, ["--content", HOSTILE, "export", "kahoot", "-o", str(target)])
    assert result.exit_code == 0
    assert result.stderr == (
        "place export kahoot: left out 4 questions (only single-choice and true/false "
        "questions go to Kahoot: hostile-multiple, hostile-match, hostile-order; the question "
        "is over 120 characters: hostile-long)\n"
    )
    assert target.read_bytes() == export("kahoot", load_pack("hostile")).data


def test_chosen_concepts_only(runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", "gift", "markup", "--content", HOSTILE])
    assert result.exit_code == 0
    assert "hostile-true" in result.stdout and "hostile-single" not in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "kahoot"], "place export kahoot writes a binary file: give --output FILE.xlsx"),
        (["export", "pdf"], "place export pdf writes a binary file: give --output FILE.pdf"),
        (
            ["export", "gift", "-o", "/no/such/folder/x.gift"],
            "cannot write /no/such/folder/x.gift: the folder /no/such/folder does not exist",
        ),
        (["export", "gift", "-o", "/"], "cannot write /: it is a folder"),
        (
            ["export", "docx"],
            "Invalid value for 'FORMAT': 'docx' is not one of "
            "'html', 'pdf', 'gift', 'anki', 'qti', 'kahoot', 'markdown'.",
        ),
        (["export", "gift", "nonesuch"], 'no concept matches "nonesuch"'),
        (
            ["quiz", "--format", "markdown"],
            "--format markdown writes the answer key: add --answer-key",
        ),
        (
            ["reflect", "--format", "markdown", "--timer", "5"],
            "--format markdown writes the prompts only: no --journal or --timer",
        ),
    ],
    ids=[
        "kahoot-stdout",
        "pdf-stdout",
        "no-folder",
        "a-folder",
        "unknown",
        "concept",
        "quiz",
        "reflect",
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    runner: CliRunner, args: list[str], message: str
) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[0].startswith(f"Error: {message}")


def test_without_the_extra_pdf_says_how_to_install_it(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "weasyprint" else real(name, *a),
    )
    result = runner.invoke(app, ["export", "pdf", "-o", str(tmp_path / "h.pdf")])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        'Error: place export pdf needs weasyprint: pip install "placecli[pdf]"'
    )
    assert not (tmp_path / "h.pdf").exists()


def test_the_everyday_commands_import_no_exporter_or_its_library() -> None:
    code = (
        "import sys, placecli.cli; "
        "print(sorted(m for m in sys.modules if m.startswith(('placecli.exporters.', "
        "'weasyprint', 'xlsxwriter', 'hashlib'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"


def test_glossary_reflect_and_answer_key_as_markdown_handouts(runner: CliRunner) -> None:
    pack = load_pack("hostile")
    glossary = runner.invoke(app, ["glossary", "--format", "markdown", "--content", HOSTILE])
    assert (glossary.exit_code, glossary.stdout) == (0, glossary_markdown(pack.terms, level=1))
    reflect = runner.invoke(app, ["reflect", "-f", "markdown", "--content", HOSTILE])
    prompts = select_prompts(pack, [], None, None)
    assert (reflect.exit_code, reflect.stdout) == (0, prompts_markdown(prompts, pack, level=1))
    key = runner.invoke(
        app,
        ["quiz", "--seed", "2", "-n", "1", "--answer-key", "-f", "markdown", "--content", HOSTILE],
    )
    assert key.exit_code == 0
    assert key.stdout.startswith(
        "# Quiz and answers\n\n1 question, seed 2: `place quiz --seed 2 --count 1`\n\n## 1. "
    )
    assert "**Why:**" in key.stdout


def test_the_registry_is_what_the_help_lists(runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", "--help"])
    flat = " ".join(result.stdout.replace("│", " ").split())
    for f in FORMATS.values():
        assert f"{f.name}: {' '.join(f.what.split())}" in flat


def test_skipped_is_a_named_record() -> None:
    assert Skipped("q", "why") == ("q", "why")


def test_export_has_help_with_examples(runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", "--help"])
    assert result.exit_code == 0
    assert "Usage: place export [OPTIONS] {FORMAT} [CONCEPT]..." in " ".join(result.stdout.split())
    assert "place export html --output handout.html" in result.stdout


def test_broken_content_exits_1(runner: CliRunner, make_pack: MakePack) -> None:
    folder = make_pack({"concepts.yaml": "concepts: [\n"})
    result = runner.invoke(app, ["--content", str(folder), "export", "gift"])
    assert result.exit_code == 1


# Long work shows that it is going on, on a terminal only.


def test_a_file_export_into_captured_output_says_nothing_while_it_works(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["export", "html", "-o", str(tmp_path / "h.html")])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert (tmp_path / "h.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("tty", "term", "shown"),
    [(False, "xterm", False), (True, "dumb", False), (True, "xterm", True)],
    ids=["piped", "dumb", "terminal"],
)
def test_working_shows_only_where_standard_error_is_a_terminal(
    monkeypatch: pytest.MonkeyPatch, tty: bool, term: str, shown: bool
) -> None:
    from rich.console import Console

    from placecli.commands.presenter import working

    from .fakes import FakeTerminal

    started: list[str] = []
    real = Console.status

    def status(self: Console, what: object, **options: object) -> object:
        started.append(str(what))
        return real(self, str(what))

    monkeypatch.setattr(Console, "status", status)
    fake = FakeTerminal(tty=tty, env={"TERM": term})
    with working(fake.terminal, "Writing h.pdf …"):
        pass
    assert started == (["Writing h.pdf …"] if shown else [])


@pytest.mark.pty
def test_pty_the_pdf_export_shows_it_is_working_then_leaves_the_screen_clear(
    tmp_path: Path,
) -> None:
    pytest.importorskip("weasyprint")
    import pexpect

    from .conftest import spawn_sized

    target = tmp_path / "h.pdf"
    child = spawn_sized((24, 80), "export", "pdf", "-o", str(target))
    child.expect_exact(f"Writing {target} …", timeout=60)
    child.expect(pexpect.EOF, timeout=120)
    child.close()
    assert child.exitstatus == 0
    assert target.read_bytes().startswith(b"%PDF")
    written = child.before
    assert written.rfind("\x1b[2K") > written.rfind("Writing")  # the line erased at the end

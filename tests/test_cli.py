"""The reading commands through the public command line: output, errors and exit codes."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from placecli import __version__
from placecli.cli import app
from placecli.packs.locate import builtin_pack
from placecli.packs.pack import load_packs

from .conftest import MakePack

ANSI = re.compile(r"\x1b\[")
COMMANDS = ["summary", "concepts", "glossary", "validate", "quiz", "reflect", "run"]
BUILTIN = load_packs([builtin_pack()])


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"place {__version__}\n")


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)], ids=["place", *COMMANDS])
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_every_command_has_help_with_an_example(
    runner: CliRunner, command: list[str], flag: str
) -> None:
    result = runner.invoke(app, [*command, flag])
    assert result.exit_code == 0
    assert "Usage: place" in result.stdout
    assert "Example" in result.stdout


def test_a_start_builds_only_the_command_it_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """`place` builds each command from its declaration when it is used (group.py); the
    group is Typer's own otherwise: the same commands in the same order, the same help."""
    from typer.main import get_command

    from placecli.group import AsUsed, built_as_used

    eager, lazy = get_command(app), built_as_used(app)
    assert isinstance(lazy.commands, AsUsed)
    assert list(lazy.commands) == list(eager.commands)  # type: ignore[attr-defined]
    assert lazy.commands.built == {}
    assert lazy.main(["summary", "--brief"], "place", standalone_mode=False) == 0
    assert list(lazy.commands.built) == ["summary"]
    assert "Place-based leadership" in capsys.readouterr().out
    helps = []
    for group in (eager, lazy):
        assert group.main(["--help"], "place", standalone_mode=False) == 0
        helps.append(capsys.readouterr().out)
    assert helps[0] == helps[1]
    assert "room" in helps[1] and "summary" in helps[1]


def test_no_arguments_shows_help(runner: CliRunner) -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 0
    assert "summary" in result.stdout and "glossary" in result.stdout


def test_unknown_option_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["summary", "--bogus"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Error: No such option: --bogus\nTry 'place summary --help' for help.\n"
    )


def test_summary_shows_title_source_and_every_concept(runner: CliRunner) -> None:
    result = runner.invoke(app, ["summary"])
    assert result.exit_code == 0
    assert "Place-based leadership: both opportunity and challenge" in result.stdout
    assert "Dr Darren Leech, Director, NHS Elect" in result.stdout
    assert not ANSI.search(result.stdout)


def test_summary_of_chosen_concepts_by_id_and_prefix(runner: CliRunner) -> None:
    result = runner.invoke(app, ["summary", "cultural-conundrum", "COMPETE", "--brief"])
    assert result.exit_code == 0
    wanted = ("compete-to-collaborate ", "cultural-conundrum ")
    lines = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith(wanted)]
    assert lines == [
        "compete-to-collaborate  From 'compete' to 'collaborate'",
        "cultural-conundrum      The greatest conundrum",
    ]
    assert "4 · Why does this present a leadership challenge?" in result.stdout


def test_summary_by_title_prefix(runner: CliRunner) -> None:
    result = runner.invoke(app, ["summary", "the greatest", "--format", "json"])
    assert [c["id"] for c in json.loads(result.stdout)["concepts"]] == ["cultural-conundrum"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "compte-to-collaborate",
            'Error: no concept matches "compte-to-collaborate"; the closest:\n'
            "  compete-to-collaborate  From 'compete' to 'collaborate'\n"
            "See every id with: place concepts",
        ),
        (
            "p",
            'Error: "p" could mean any of these; type more of the id:\n'
            "  place-human-geography  Place in human geography\n"
            "  person-place-process   Person, place and process",
        ),
    ],
    ids=["unknown", "ambiguous"],
)
def test_summary_concept_errors(runner: CliRunner, query: str, message: str) -> None:
    result = runner.invoke(app, ["summary", query])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == message.splitlines()
    assert result.stdout == ""


@pytest.mark.parametrize("query", ["zzz", "²", "?", "9" * 5000])
def test_unknown_concept_with_nothing_close_says_where_to_look(
    runner: CliRunner, query: str
) -> None:
    """`²` is a digit to str.isdigit() and not to int(); `?` has no word to match."""
    result = runner.invoke(app, ["summary", query])
    assert result.exit_code == 2
    assert result.stderr == (
        f'Error: no concept matches "{query}"\nSee every id with: place concepts\n'
    )


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("culture", ["cultural-conundrum"]),
        ("competition", ["compete-to-collaborate"]),
        ("3", [c.id for c in BUILTIN.sections()[2][1]]),
        ("３", [c.id for c in BUILTIN.sections()[2][1]]),  # a full-width digit is a digit
        ("why does this present", [c.id for c in BUILTIN.sections()[3][1]]),
        ("the greatest", ["cultural-conundrum"]),
        ("Person, place and process", ["person-place-process"]),
    ],
)
def test_concepts_by_words_sections_and_numbers(
    runner: CliRunner, query: str, ids: list[str]
) -> None:
    result = runner.invoke(app, ["summary", query, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert [c["id"] for c in json.loads(result.stdout)["concepts"]] == ids


def test_brief_never_cuts_an_id(runner: CliRunner) -> None:
    result = runner.invoke(app, ["summary", "--brief"], env={"COLUMNS": "50"})
    for concept in BUILTIN.concepts:
        assert concept.id in result.stdout


def test_summary_json_holds_the_same_data(runner: CliRunner) -> None:
    data = json.loads(runner.invoke(app, ["summary", "--format", "json"]).stdout)
    assert data["pack"]["source"]["published"] == "2018-03-28"
    assert [a["name"] for a in data["pack"]["source"]["authors"]] == [
        "Dr Darren Leech",
        "Dr Rob Worrall",
    ]
    assert len(data["concepts"]) == 16
    assert set(data["concepts"][0]) == {
        "id",
        "title",
        "section",
        "summary",
        "points",
        "quote",
        "terms",
        "related",
        "local",
    }
    brief = json.loads(runner.invoke(app, ["summary", "--brief", "-f", "json"]).stdout)
    assert set(brief["concepts"][0]) == {"id", "title", "section"}


def test_summary_markdown_is_a_handout(runner: CliRunner) -> None:
    out = runner.invoke(app, ["summary", "--format", "markdown"]).stdout
    assert out.startswith("# Place-based leadership\n")
    assert out.count("\n## ") == 4
    assert out.count("\n### ") == 16
    assert "> “The often-baffling lexicon of NHS jargon has a new entry”" in out


def test_bad_format_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["summary", "--format", "html"])
    assert result.exit_code == 2
    assert "Invalid value for '--format' / '-f'" in result.stderr


def test_concepts_table_counts(runner: CliRunner) -> None:
    result = runner.invoke(app, ["concepts"])
    assert result.exit_code == 0
    assert "compete-to-collaborate" in result.stdout
    data = json.loads(runner.invoke(app, ["concepts", "--format", "json"]).stdout)
    assert data[0] == {
        "id": "new-jargon",
        "title": "The article's opening",
        "section": "Introduction: a new entry in the lexicon",
        "questions": len(BUILTIN.questions_for("new-jargon")),
        "prompts": len(BUILTIN.prompts_for("new-jargon")),
    }
    assert len(data) == 16


@pytest.mark.parametrize("query", ["STP", "stp", "sustainability and transformation plan", "stps"])
def test_glossary_finds_a_term_by_id_term_or_alias(runner: CliRunner, query: str) -> None:
    result = runner.invoke(app, ["glossary", query, "--format", "json"])
    assert result.exit_code == 0
    assert [t["id"] for t in json.loads(result.stdout)] == ["stp"]


def test_glossary_lists_every_term(runner: CliRunner) -> None:
    result = runner.invoke(app, ["glossary"])
    assert result.exit_code == 0
    for term in ("STP", "ICS", "Sense of place", "'Compete' policy"):
        assert term in result.stdout


def test_glossary_unknown_term(runner: CliRunner) -> None:
    result = runner.invoke(app, ["glossary", "STPP"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        'Error: unknown term "STPP"; did you mean "STP" or "STPs"?'
    ]


def test_validate_default_pack(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0
    assert re.fullmatch(
        r"✓ \S+: valid, 16 concepts, \d+ questions, \d+ prompts, 24 terms, 1 plan\n",
        result.stdout,
    )


def test_validate_a_broken_pack_lists_every_problem(
    runner: CliRunner, make_pack: MakePack, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_pack({"pack.yaml": "format: 1\nid: X\ntitle: T\ncolour: red\n"})
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["validate", "pack"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        'pack/pack.yaml:2: id: "X" is not a slug: use a-z, 0-9 and hyphens, e.g. "x"',
        "pack/pack.yaml:4: colour: unknown field",
        "2 problems found in the pack.",
    ]
    assert "Traceback" not in result.output


def test_validate_missing_path(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert result.stderr == f"Error: no pack at {tmp_path / 'nope'}: no such file or folder\n"


def test_content_option_and_environment(
    runner: CliRunner, make_pack: MakePack, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_pack()
    by_option = runner.invoke(app, ["--content", str(folder), "concepts", "-f", "json"])
    assert [c["id"] for c in json.loads(by_option.stdout)] == ["alpha", "beta"]
    monkeypatch.setenv("PLACE_CONTENT", os.pathsep.join([str(folder), ""]))
    by_env = runner.invoke(app, ["concepts", "-f", "json"])
    assert [c["id"] for c in json.loads(by_env.stdout)] == ["alpha", "beta"]


def test_two_packs_join(runner: CliRunner, make_pack: MakePack) -> None:
    extra = make_pack(
        {
            "pack.yaml": "format: 1\nid: extra\ntitle: Extra\n",
            "concepts.yaml": "concepts:\n  - id: local-context\n    title: Our borough\n"
            "    summary: S.\n    related: [compete-to-collaborate]\n",
        }
    )
    builtin = Path(__file__).resolve().parent.parent / "content"
    result = runner.invoke(
        app, ["--content", str(builtin), "--content", str(extra), "summary", "our", "-f", "json"]
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["concepts"][0]["related"] == ["compete-to-collaborate"]


def test_broken_content_exits_1_from_any_command(runner: CliRunner, make_pack: MakePack) -> None:
    folder = make_pack({"concepts.yaml": "concepts: [\n"})
    for command in COMMANDS:
        result = runner.invoke(app, ["--content", str(folder), command])
        assert result.exit_code == 1, command
        assert "not valid YAML" in result.stderr


def test_pack_text_is_shown_literally(runner: CliRunner, make_pack: MakePack) -> None:
    folder = make_pack(
        {
            "concepts.yaml": "concepts:\n  - id: a\n    title: '[red]Alarm[/]'\n"
            "    summary: 'Not :smile: or [bold]bold[/bold].'\n",
        }
    )
    result = runner.invoke(app, ["--content", str(folder), "summary"], color=True)
    assert "[red]Alarm[/]" in result.stdout
    assert "Not :smile: or [bold]bold[/bold]." in result.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["summary"],
        ["summary", "--brief"],
        ["summary", "--format", "markdown"],
        ["concepts"],
        ["glossary"],
        ["glossary", "STP"],
        ["quiz", "--seed", "12", "--answer-key"],
        ["reflect"],
        ["validate"],
        ["--help"],
        ["quiz", "--help"],
        ["help", "reflect"],
    ],
    ids=" ".join,
)
def test_piped_output_has_no_trailing_spaces(runner: CliRunner, argv: list[str]) -> None:
    result = runner.invoke(app, argv)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()
    trailing = [line for line in result.stdout.splitlines() if line != line.rstrip()]
    assert trailing == []


def test_a_scripted_quiz_has_no_trailing_spaces(runner: CliRunner) -> None:
    result = runner.invoke(app, ["quiz", "--seed", "3", "-n", "4"], input="a\nt\nb\nq\n")
    assert result.exit_code == 0
    assert [line for line in result.stdout.splitlines() if line != line.rstrip()] == []


@pytest.mark.parametrize("where", ["before", "after"])
def test_content_is_taken_before_or_after_the_command(
    runner: CliRunner, make_pack: MakePack, where: str
) -> None:
    folder = str(make_pack())
    argv = (
        ["--content", folder, "concepts"]
        if where == "before"
        else ["concepts", "--content", folder]
    )
    result = runner.invoke(app, [*argv, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert [c["id"] for c in json.loads(result.stdout)] == ["alpha", "beta"]


def test_help_command(runner: CliRunner) -> None:
    overall = runner.invoke(app, ["help"])
    assert overall.exit_code == 0 and "Commands" in overall.stdout
    quiz = runner.invoke(app, ["help", "quiz"])
    assert quiz.exit_code == 0 and "Usage: place quiz" in quiz.stdout
    assert quiz.stdout == runner.invoke(app, ["quiz", "--help"]).stdout
    unknown = runner.invoke(app, ["help", "quizz"])
    assert unknown.exit_code == 2
    assert (
        unknown.stderr == 'Error: no command "quizz"; did you mean "quiz"?\nTry \'place help\'.\n'
    )


@pytest.mark.parametrize("command", ["init", "export", "history", "help"])
def test_help_command_on_a_command_with_a_required_argument(
    runner: CliRunner, command: str
) -> None:
    """`place help init` is `place init --help`, though init needs a DIR to run."""
    result = runner.invoke(app, ["help", command])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == runner.invoke(app, [command, "--help"]).stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_one_runnable_example_per_line_and_no_typer_noise(
    runner: CliRunner, command: str
) -> None:
    text = runner.invoke(app, [command, "--help"]).stdout
    examples = [
        line.strip(" │") for line in text.splitlines() if line.strip(" │").startswith("place ")
    ]
    assert examples, text
    for example in examples:
        assert "," not in example.split("place ", 1)[1].split("'")[0] or "printf" in example
    assert "x>=" not in text and "<int" not in text and "[default: None]" not in text


ROOM_COMMANDS = ["quiz", "reflect", "resume", "doctor", "notice", "export", "forget"]
EVERY_COMMAND = [
    *COMMANDS,
    "init",
    "history",
    "export",
    "help",
    "room",
    *(f"room {c}" for c in ROOM_COMMANDS),
]
TYPE_NAMES = re.compile(r"<[a-z_|]+>|\b(?:TEXT|INTEGER|RANGE|BOOLEAN|FLOAT)\b|x[<>]=|=x\b")


@pytest.mark.parametrize("command", [None, *EVERY_COMMAND], ids=["place", *EVERY_COMMAND])
def test_help_never_names_a_type_and_cuts_nothing(runner: CliRunner, command: str | None) -> None:
    """No `<str>`, `<not_empty>`, `<html|pdf|...>` or `[x>=1]`: each option shows its
    metavar and says what it takes in words. At 50 columns, the narrowest screen place is
    made for, nothing is cut short, so every option's names show whole."""
    import typer

    args = [*command.split(), "--help"] if command else ["--help"]
    text = runner.invoke(app, args, env={"COLUMNS": "50"}).stdout
    assert TYPE_NAMES.findall(text) == []
    assert "…" not in text
    assert max(len(line) for line in text.splitlines()) <= 50
    group = typer.main.get_command(app)
    declared = group
    for name in (command or "").split():
        declared = declared.commands[name]  # type: ignore[attr-defined]
    names = [n for p in declared.params for n in (*p.opts, *p.secondary_opts) if n.startswith("-")]
    for name in names:
        assert re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text), (name, text)


@pytest.mark.parametrize(
    ("args", "name", "command"),
    [
        (["init", ""], "'DIR'", "init"),
        (["validate", ""], "'[PATH]'", "validate"),
        (["glossary", ""], "'[TERM]'", "glossary"),
        (["run", ""], "'[PLAN]'", "run"),
        (["--content", "", "summary"], "'--content'", None),
        (["summary", "--content", ""], "'--content'", "summary"),
        (["export", "markdown", "-o", ""], "'--output' / '-o'", "export"),
        (["reflect", "--journal", ""], "'--journal' / '-j'", "reflect"),
    ],
    ids=["init", "validate", "glossary", "run", "content", "content-after", "output", "journal"],
)
def test_an_empty_argument_is_a_usage_error_everywhere(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    name: str,
    command: str | None,
) -> None:
    """An unset shell variable ("$DIR") used to write a pack into the current folder
    (init), check the packs in use (validate), list every term (glossary), or say
    "no pack at : " (--content)."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args)
    helped = f"place {command} --help" if command else "place --help"
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"Error: Invalid value for {name}: it is empty\nTry '{helped}' for help.\n",
    )
    assert list(tmp_path.iterdir()) == []


def test_quiz_present_help_names_no_keys_the_quiz_does_not_read(runner: CliRunner) -> None:
    """quiz --present asks for typed answers: its help told the room to press → and ←."""
    result = runner.invoke(app, ["quiz", "--help"])
    assert result.exit_code == 0
    words = " ".join(result.stdout.replace("│", " ").split())
    start = words.index("--present")
    said = words[start : words.index("--no-pager", start)]
    assert said == (
        "--present Full screen, for a projector: each question on a clean screen, the "
        "score on the screen the room comes back to. Needs a terminal. "
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["summary", "cultral"],
            'Error: no concept matches "cultral"; the closest:\n'
            "  cultural-conundrum  The greatest conundrum\n"
            "See every id with: place concepts\n",
        ),
        (
            ["glossary", "sustainabilty"],
            'Error: unknown term "sustainabilty"; did you mean "STP"?\n',
        ),
        (
            ["glossary", "zzzz"],
            'Error: unknown term "zzzz"; see `place glossary` for all 24 terms\n',
        ),
    ],
    ids=["concept-word", "term-word", "nothing-near"],
)
def test_a_typo_in_one_word_suggests_the_closest(
    runner: CliRunner, argv: list[str], message: str
) -> None:
    result = runner.invoke(app, argv)
    assert result.exit_code == 2
    assert result.stderr == message


RULE_CASES = [
    (["summary", "--present", "-f", "json"], "--present shows the screen view, not json: leave out --format"),
    (["quiz", "--missed", "--due"], "--missed and --due cannot be used together"),
    (["quiz", "--time", "30"], "--time, --points, --no-leaderboard and --practice are for a team quiz: add --teams"),
    (["quiz", "--teams", "2", "--answer-key"], "a team quiz asks the room: leave out --answer-key, --missed, --due and --present"),
    (["quiz", "--teams", "2", "--points", "speed"], "--points speed scores the time taken: add a countdown, e.g. --time 30"),
    (["quiz", "--present", "--answer-key"], "--present asks the questions; --answer-key prints them: choose one"),
    (["quiz", "--present", "-f", "json"], "--present shows the screen view, not json: leave out --format"),
    (["quiz", "-f", "markdown"], "--format markdown writes the answer key: add --answer-key"),
    (["reflect", "--export", "ics"], "--export writes the follow-ups: add --due"),
    (["reflect", "--due", "--random", "-j", "j.md"], "--due asks the follow-ups a journal has due: it takes only --journal and --export"),
    (["reflect", "--due"], "--due follows up the responses in a journal: add --journal PATH"),
    (["reflect", "--present", "-f", "markdown"], "--present shows the screen view, not markdown: leave out --format"),
    (["reflect", "--present", "-j", "j.md"], "--present and --journal do not go together: choose one"),
    (["reflect", "--seed", "3"], "--seed picks the prompt --random shows: add --random, or leave out --seed"),
    (["reflect", "--resume"], "--resume skips the prompts a journal answers: add --journal PATH"),
    (["reflect", "-f", "json", "--timer", "5"], "--format json writes the prompts only: no --journal or --timer"),
    (["run", "intro-90", "-f", "json"], "--format json lists the plans: leave out PLAN"),
    (["run", "--bind", "127.0.0.1"], "--bind, --name, --allow-public, --max-devices and --min-tally serve the plan's room: add --room"),
    (["run", "--room"], "--room runs a plan's room: name the PLAN"),
    (["run", "intro-90", "--room", "--notes", "n.txt"], "--room serves the plan's quiz and reflection steps to phones: leave out --export, --end-time and --notes"),
    (["room", "forget"], "name one SESSION, or --all"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), RULE_CASES, ids=[" ".join(a) for a, _ in RULE_CASES])
def test_each_rule_of_options_that_go_together(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    """Checked before anything is read or written: one line, and where to look."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args)
    command = " ".join(args[:2]) if args[0] == "room" else args[0]  # a sub-app's command
    hint = f"Try 'place {command} --help' for help.\n"
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"Error: {message}\n{hint}")
    assert list(tmp_path.iterdir()) == []


def test_every_rule_has_its_case() -> None:
    from placecli.options import RULES

    assert sum(len(rules) for rules in RULES.values()) == len(RULE_CASES)


def test_the_choices_are_the_ones_the_code_takes() -> None:
    """The command line's Literal choices, and the code's, are the same sets."""
    from typing import get_args

    from placecli.commands.presenter import Format
    from placecli.commands.room import Activity
    from placecli.commands.running import PlanExport
    from placecli.options import AllFormats, Points
    from placecli.options import PlanExport as PlanExportOption
    from placecli.packs.model import AUDIENCES, Audience
    from placecli.quiz.teams import POINTS_RULES, PointsRule
    from placecli.roomcli import ActivityName

    assert get_args(Points) == get_args(PointsRule) == POINTS_RULES
    assert get_args(PlanExportOption) == get_args(PlanExport)
    assert get_args(ActivityName) == get_args(Activity)
    assert get_args(AllFormats) == get_args(Format)
    assert get_args(Audience) == AUDIENCES


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (["reflect", "compete", "--format", "json"], {"id", "concept", "title", "audience", "minutes", "prompt", "follow_ups"}),
        (["run", "--format", "json"], {"name", "title", "steps", "minutes"}),
        (["concepts", "--format", "json"], {"id", "title", "section", "questions", "prompts"}),
    ],
    ids=["reflect", "run", "concepts"],
)  # fmt: skip
def test_lists_as_json(runner: CliRunner, args: list[str], first: set[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, list) and data
    assert set(data[0]) == first

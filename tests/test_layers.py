"""The folders are layers: each may import only what its `__init__.py` says.

Read from the source (ast), so a lazy import inside a function counts as much as one at
the top. TYPE_CHECKING imports count too: a layer that needs another's types to read is
tied to it.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "placecli"

SHARED = {"errors", "safetext", "words", "private", "collector", "__init__", "__version__"}
ENGINES = {"quiz", "reflect", "learning", "workshop"}
# What each part may import, besides itself and the shared modules.
ALLOWED: dict[str, set[str]] = {
    "shared": set(),
    "packs": set(),
    "quiz": {"packs"},
    "reflect": {"packs"},
    "learning": {"packs", "quiz"},
    "workshop": {"packs", "quiz", "reflect"},
    "room": {"packs", "quiz", "learning"},
    "roomcli": {"options", "commands"},
    "views": {"packs", *ENGINES},
    "terminal": {"views", "packs"},
    "exporters": {"packs", "views", *ENGINES},
    "screens": {"terminal", "views", "packs", "room", *ENGINES},
    "commands": {"screens", "terminal", "views", "exporters", "packs", "folders", "room", *ENGINES},
    "folders": set(),
    "boundary": {"terminal", "folders"},
    "group": {"boundary", "terminal"},
    "options": {"commands", "packs"},
    "cli": {"options", "group", "roomcli", "commands", "terminal", "exporters", "packs"},
    "__main__": {"cli", "boundary", "terminal"},
}

# Crossings that are still to be removed (issue 20); each entry must still exist, so the
# list only ever shrinks.
KNOWN: set[tuple[str, str]] = set()


def part_of(module: str) -> str:
    """`placecli.packs.model` -> `packs`; `placecli.errors` -> `shared`."""
    name = module.split(".")[1] if "." in module else "__init__"
    return "shared" if name in SHARED else name


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """The placecli modules a file imports, by absolute name."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("placecli"):
                folder = PACKAGE.parent.joinpath(*node.module.split("."))
                if folder.is_dir():  # from placecli.packs import model: the modules
                    found |= {  # or a name the package itself defines (release_interrupts)
                        f"{node.module}.{a.name}"
                        if folder.joinpath(a.name).is_dir()
                        or folder.joinpath(f"{a.name}.py").is_file()
                        else node.module
                        for a in node.names
                    }
                else:
                    found.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: relative import (use placecli.…)")
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("placecli")}
    return found


def crossings() -> set[tuple[str, str]]:
    """(importer, imported) pairs that break the layers."""
    bad = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        me = module_name(path)
        mine = part_of(me)
        for other in imported(path):
            theirs = part_of(other)
            if theirs in (mine, "shared") or other == "placecli":
                continue
            if theirs not in ALLOWED.get(mine, set()):
                bad.add((me, other))
    return bad


def test_every_part_is_known() -> None:
    parts = {part_of(module_name(p)) for p in PACKAGE.rglob("*.py")} - {"_content"}
    assert parts <= set(ALLOWED), parts - set(ALLOWED)


def test_the_layers_hold() -> None:
    assert crossings() - KNOWN == set()


def test_the_known_crossings_are_still_there() -> None:
    assert KNOWN - crossings() == set(), "remove these from KNOWN: they are gone"


def test_only_the_line_readers_touch_posix_terminal_settings() -> None:
    """The full screens read keys through Textual's drivers (Windows too): termios and
    tty are imported only by the POSIX line input (its typeahead discard)."""
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = {node.module}
            else:
                continue
            if names & {"termios", "tty"}:
                found.add(module_name(path))
    assert found == {"placecli.terminal.lines"}


def test_the_engines_never_name_an_option_in_an_error() -> None:
    """`--teams`, `--timer`, `--count` are the command line's words: an engine's error
    carries values, and the command layer (or a plan's check) words it."""
    import re

    option = re.compile(r"--[a-z]")
    found = []
    for folder in sorted(ENGINES):
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            raised = [n for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.Raise)]
            for part in (part for node in raised for part in ast.walk(node)):
                text = part.value if isinstance(part, ast.Constant) else None
                if isinstance(text, str) and option.search(text):
                    found.append(f"{path.name}: {text}")
    assert found == []

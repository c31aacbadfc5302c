"""Where packs are and which files they hold. Light: importing it reads no YAML.

Paths here are strings handled with `os`, not `pathlib`: these functions run at every
start, and importing pathlib costs about a third of a bare Python start. They accept
`Path`s too.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    StrPath = str | os.PathLike[str]


def builtin_pack() -> str:
    """The pack shipped with the program: inside the wheel, or `content/` in a checkout."""
    here = os.path.dirname(os.path.realpath(__file__))
    shipped = os.path.join(here, "_content")
    return shipped if os.path.isdir(shipped) else os.path.join(os.path.dirname(here), "content")


def shown(path: StrPath) -> str:
    """A file's name as a person will recognise it: relative to here when it is below here."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return os.fspath(path)
    return os.fspath(path) if relative.startswith("..") else relative


def shown_origin(origin: str) -> str:
    """A record's origin (`/abs/path/questions.yaml:41`) as `my-pack/questions.yaml:41`."""
    path, _, line = origin.rpartition(":")
    return f"{shown(path)}:{line}" if path else origin


def pack_files(folder: StrPath) -> list[str]:
    """The YAML files of a pack other than pack.yaml, in sorted name order."""
    with os.scandir(folder) as entries:
        files = [
            entry.path
            for entry in entries
            if os.path.splitext(entry.name)[1] in (".yaml", ".yml")
            and entry.name != "pack.yaml"
            and entry.is_file()
        ]
    return sorted(files, key=os.path.basename)


def pack_folder(path: StrPath) -> str:
    """The folder of a pack named by its folder or its pack.yaml; a usage error if neither."""
    name = os.fspath(path)
    if os.path.isfile(name) and os.path.basename(name) == "pack.yaml":
        return os.path.dirname(name) or os.curdir
    if not os.path.exists(name):
        raise UsageError(f"no pack at {name}: no such file or folder")
    if not os.path.isdir(name):
        raise UsageError(f"no pack at {name}: give the pack's folder or its pack.yaml")
    return name


PLANS_FOLDER = "plans"  # a pack's workshop plans (plan.py reads them)


def plans_in(paths: Sequence[StrPath]) -> list[str]:
    """The plan files in the packs' `plans/` folders, in pack order, then by name."""
    found: list[str] = []
    for path in paths:
        folder = os.path.join(pack_folder(path), PLANS_FOLDER)
        if os.path.isdir(folder):
            with os.scandir(folder) as entries:
                files = [
                    e.path
                    for e in entries
                    if os.path.splitext(e.name)[1] in (".yaml", ".yml") and e.is_file()
                ]
            found += sorted(files, key=os.path.basename)
    return found

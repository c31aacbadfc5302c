"""Where packs are and which files they hold. Light: importing it reads no YAML."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import UsageError


def builtin_pack() -> Path:
    """The pack shipped with the program: inside the wheel, or `content/` in a checkout."""
    here = Path(__file__).resolve().parent
    shipped = here / "_content"
    return shipped if shipped.is_dir() else here.parent / "content"


def shown(path: Path) -> str:
    """A file's name as a person will recognise it: relative to here when it is below here."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def pack_files(folder: Path) -> list[Path]:
    """The YAML files of a pack other than pack.yaml, in sorted name order."""
    files = [
        p
        for p in folder.iterdir()
        if p.suffix in (".yaml", ".yml") and p.name != "pack.yaml" and p.is_file()
    ]
    return sorted(files, key=lambda p: p.name)


def pack_folder(path: Path) -> Path:
    """The folder of a pack named by its folder or its pack.yaml; a usage error if neither."""
    if path.is_file() and path.name == "pack.yaml":
        return path.parent
    if not path.exists():
        raise UsageError(f"no pack at {path}: no such file or folder")
    if not path.is_dir():
        raise UsageError(f"no pack at {path}: give the pack's folder or its pack.yaml")
    return path

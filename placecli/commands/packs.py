"""The packs a command reads: `--content`, else PLACE_CONTENT, else the built-in pack,
through the cache of validated packs in the user cache folder (off with PLACE_NO_CACHE).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from placecli.packs.cache import Cached
    from placecli.packs.locate import StrPath
    from placecli.packs.model import Pack
    from placecli.terminal.context import Terminal

Content = Sequence["StrPath"]


def packs_in_use(content: Content, terminal: Terminal) -> list[StrPath]:
    """--content, else $PLACE_CONTENT, else the built-in pack."""
    from placecli.packs.locate import builtin_pack

    if content:
        return list(content)
    return list(terminal.settings.content) or [builtin_pack()]


def cache_folder(terminal: Terminal) -> str | None:
    """The folder of the cache; None when PLACE_NO_CACHE turns it off."""
    from placecli.folders import cache_folder as folder

    return None if terminal.settings.no_cache else folder(terminal.settings.environ)


def load(content: Content, terminal: Terminal) -> Pack:
    return load_paths(packs_in_use(content, terminal), terminal)


def load_paths(paths: Sequence[StrPath], terminal: Terminal) -> Pack:
    """The packs at `paths`, joined, through the cache. Without cyclic garbage
    collection while they are read: each collection walked every value read so far (a
    pack at the bounds holds 400,000), about 40% of the time the worst packs took."""
    from placecli.collector import paused
    from placecli.packs.cache import load_packs_cached

    with paused():
        return load_packs_cached(paths, cache_folder(terminal))


def cached_packs(paths: Sequence[StrPath], terminal: Terminal) -> Cached:
    """The packs at `paths`, read, with their place in the cache."""
    from placecli.packs.cache import Cached

    return Cached(paths, cache_folder(terminal))

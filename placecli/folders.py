"""The user's folders that place writes to: the cache (and where a crash report goes) and
the data folder (the learning history). Whether a folder is the user's own to use is
`private.py`'s to say.

The environment that names them (XDG_CACHE_HOME, XDG_DATA_HOME, PLACE_DATA, HOME) is
passed in: the command's `Terminal` carries it, the error boundary passes the process's.
"""

import os
import sys
from collections.abc import Mapping


def xdg_folder(environ: Mapping[str, str], variable: str, fallback: str) -> str | None:
    """$VARIABLE/place if it is an absolute path, else FALLBACK/place; None with no home."""
    base = environ.get(variable, "")
    if not os.path.isabs(base):
        base = os.path.expanduser(fallback)  # unchanged if there is no home folder
    return os.path.join(base, "place") if os.path.isabs(base) else None


def uses_xdg() -> bool:
    return sys.platform.startswith("linux") or "bsd" in sys.platform


def cache_folder(environ: Mapping[str, str]) -> str | None:
    """The user cache folder for place, or None (no cache) if there is no sure answer.

    Linux and the BSDs follow the XDG rule, as platformdirs does: $XDG_CACHE_HOME if it
    is an absolute path, else ~/.cache. That rule is written out here because importing
    platformdirs costs more than half a bare Python start (README, Speed); other systems
    ask platformdirs. tests/test_cache.py checks that both give the same folder.
    """
    if uses_xdg():
        return xdg_folder(environ, "XDG_CACHE_HOME", "~/.cache")
    from platformdirs import user_cache_dir

    try:
        return user_cache_dir("place", appauthor=False)
    except RuntimeError:  # no home folder to put it in
        return None


def data_folder(environ: Mapping[str, str]) -> str | None:
    """The folder of the learning history: $PLACE_DATA if set, else the user data folder.

    On Linux and the BSDs, $XDG_DATA_HOME/place if that is absolute, else
    ~/.local/share/place (the XDG rule, written out as for the cache); elsewhere
    platformdirs' user_data_dir. None if there is no home folder to put it in.
    """
    chosen = environ.get("PLACE_DATA", "")
    if chosen:
        return os.path.abspath(os.path.expanduser(chosen))
    if uses_xdg():
        return xdg_folder(environ, "XDG_DATA_HOME", "~/.local/share")
    from platformdirs import user_data_dir

    try:
        return user_data_dir("place", appauthor=False)
    except RuntimeError:
        return None

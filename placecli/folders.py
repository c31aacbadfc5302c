"""The user's folders that place writes to: the cache (and where a crash report goes)."""

import os
import sys


def cache_folder() -> str | None:
    """The user cache folder for place, or None (no cache) if there is no sure answer.

    Linux and the BSDs follow the XDG rule, as platformdirs does: $XDG_CACHE_HOME if it
    is an absolute path, else ~/.cache. That rule is written out here because importing
    platformdirs costs more than half a bare Python start (README, Speed); other systems
    ask platformdirs. tests/test_cache.py checks that both give the same folder.
    """
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        base = os.environ.get("XDG_CACHE_HOME", "")
        if not os.path.isabs(base):
            base = os.path.expanduser("~/.cache")  # unchanged if there is no home folder
        return os.path.join(base, "place") if os.path.isabs(base) else None
    from platformdirs import user_cache_dir

    try:
        return user_cache_dir("place", appauthor=False)
    except RuntimeError:  # no home folder to put it in
        return None

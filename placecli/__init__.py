"""place: a terminal study guide for place-based leadership.

Imported first when `place` starts (the console script, or `python -m placecli`): its
first lines hold Ctrl-C, so that one pressed from here until `__main__.main` runs is not
raised as a traceback in the middle of an import; `main` then stops with "Interrupted."
(exit 130). What runs before this module (Python's own start, its `site` and `.pth`
files, runpy, and the console script's `import re`) cannot be guarded by place.
"""

import _signal  # type: ignore[import-not-found]  # no stubs; loaded at Python's start: free
import sys

_held: list[int] = []  # the signals that came while Ctrl-C was held


def _hold(signum: int, frame: object) -> None:
    _held.append(signum)


if sys.argv and (
    sys.argv[0] == "-m"  # `python -m placecli`, while runpy finds it
    or sys.argv[0].replace("\\", "/").rsplit("/", 1)[-1] in ("place", "place.exe")
):  # place starting, not a program (these tests, say) that imports place
    _signal.signal(_signal.SIGINT, _hold)

__version__ = "0.1.0"


def release_interrupts() -> None:
    """Ctrl-C raises KeyboardInterrupt again, as Python's default does; one that came
    while it was held is raised now."""
    _signal.signal(_signal.SIGINT, _signal.default_int_handler)
    if _held:
        _held.clear()
        raise KeyboardInterrupt

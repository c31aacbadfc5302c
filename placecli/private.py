"""Folders of the user's own: the only folders place reads its cache from or writes its
cache, crash reports and marks to.

Shared, with `errors.py`, `safetext.py` and `words.py`: it imports nothing of place, so
the pack cache (`packs/cache.py`) and the command layer check a folder the same way.
"""

import contextlib
import os
import stat


def private_folder(folder: str) -> bool:
    """Whether `folder` is ready for place's own files, creating it 0700 if need be.

    Only a folder this user owns and no one else may write will do (on POSIX): another
    user could otherwise plant or read what is in it. Its parent (say ~/.cache) is created
    too if missing, but never the folder above (HOME).
    """
    parent = os.path.dirname(os.path.abspath(folder))
    with contextlib.suppress(OSError):
        if not os.path.isdir(parent) and os.path.isdir(os.path.dirname(parent)):
            os.mkdir(parent, 0o700)
        os.mkdir(folder, 0o700)
    return is_private(folder)


def is_private(folder: str) -> bool:
    """A folder this user owns and no one else may write (on POSIX); else not to be used."""
    try:
        info = os.stat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    if os.name != "posix":
        return True
    return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)

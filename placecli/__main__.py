"""`python -m placecli` and the `place` console script."""

from __future__ import annotations

import sys


def main() -> None:
    # A fast path: `place --version` answers before Typer, Rich or YAML are imported.
    if sys.argv[1:] == ["--version"]:
        from . import __version__

        sys.stdout.write(f"place {__version__}\n")
        return
    from .cli import run

    run()


if __name__ == "__main__":
    main()

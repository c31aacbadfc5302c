"""`python -m placecli` and the `place` console script."""

import sys


def main() -> None:
    # Well-formed command lines run without importing Typer (fastpath.py); the rest,
    # help and every mistake included, go to the Typer app.
    from .fastpath import run

    code = run(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from .cli import run as run_typer

    run_typer()


if __name__ == "__main__":
    main()

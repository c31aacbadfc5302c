"""`python -m placecli` and the `place` console script."""

import gc
import sys


def main() -> None:
    try:
        # Well-formed command lines run without importing Typer (fastpath.py); the rest,
        # help and every mistake included, go to the Typer app.
        from .fastpath import run

        code = run(sys.argv[1:])
        if code is not None:
            sys.exit(code)
        from .cli import run as run_typer

        run_typer()
    finally:
        # On the way out, Python's final garbage collections walk every object the
        # imports created (Rich's alone are many): about 15 ms, most of a bare Python
        # start, to free memory the ending process gives back anyway. Frozen objects
        # are left out of them. Files and output are closed and flushed as before.
        gc.freeze()


if __name__ == "__main__":
    main()

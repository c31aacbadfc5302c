"""`python -m placecli` and the `place` console script."""

import gc
import sys

from placecli import release_interrupts


def main() -> None:
    code = 130
    try:
        release_interrupts()  # a Ctrl-C held since place's first import stops here
        argv = sys.argv[1:]
        if argv == ["--version"]:  # the one shortcut: nothing heavy is imported for it
            from placecli import __version__
            from placecli.boundary import guarded
            from placecli.terminal.output import write

            code = guarded(lambda: write(f"place {__version__}\n"))
        else:
            from placecli.collector import starting, time_the_start

            starting()  # no garbage collection while place starts (collector.py says why)
            time_the_start()
            from placecli.cli import run

            code = run(argv)
    except KeyboardInterrupt:  # Ctrl-C while Python is still importing, before the boundary
        sys.stderr.write("Interrupted.\n")
    finally:
        # Python's final garbage collections walk every object the imports created (Rich's
        # alone are many) to free memory the ending process gives back anyway; frozen
        # objects are left out of them. Output is still flushed and files closed.
        gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    main()

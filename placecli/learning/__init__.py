"""Learning over time: the SQLite history of answers (`history`) and spaced review
with FSRS (`review`, the only importer of fsrs).

No Rich, no Typer, no terminal, no clock of their own (the time is passed in). They may
import `placecli.packs`, `placecli.quiz` and the shared modules.
"""

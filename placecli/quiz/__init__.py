"""The quiz engines: the seeded draw, answers and scoring (`engine`), and the team
quiz's rules and points (`teams`).

Pure: no Rich, no Typer, no input or output, no clock of their own (times are passed
in). They may import `placecli.packs` and the shared modules (`errors`, `safetext`,
`words`), and raise domain errors that the command layer phrases for the user.
"""

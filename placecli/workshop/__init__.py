"""Workshop plans: reading a plan and checking it against the pack with file and
line (`plan`), and the session's clock arithmetic as a plan is run (`run`).

Pure: no Rich, no Typer, no terminal. It may import `placecli.packs`, `placecli.quiz`,
`placecli.reflect` and the shared modules.
"""

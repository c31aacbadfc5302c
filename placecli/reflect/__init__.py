"""The reflection engines: choosing prompts and reading durations (`prompts`), the
journal file with its locked atomic appends and recovery files (`journal`), and
follow-ups read from a journal's headings (`followups`).

Pure but for the journal's own file: no Rich, no Typer, no terminal, no clock of their
own. They may import `placecli.packs` and the shared modules.
"""

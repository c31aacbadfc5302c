"""The command layer: what each command does, one module per family, request in,
typed result out.

`reading` (summary, concepts, glossary), `checking` (validate, init), `quizzing` (quiz,
the answer key, the team quiz), `reflecting` (reflect and its journal), `learning`
(history, --missed and --due, reflect --due), `running` (run) and `exporting` (export).
Each command is a function `command(request, terminal)`: the request is a NamedTuple of
the parsed options, the terminal the `Terminal` value (terminal/context.py) that says
what the process may use. It returns a result that `presenter` shows as rich, markdown
or json, with the pager decided there; `packs` loads the packs in use, and
`fullscreen` starts each full-screen mode. Nothing here imports Typer, so every command
can be called and tested directly, with a Terminal of the test's own. This is the layer
that may look at the process (through the Terminal); it may import everything below it.
"""

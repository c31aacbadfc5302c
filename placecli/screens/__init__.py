"""Screens: the interactive loops and full-screen modes.

Each is given what it needs (a console, a line or key reader, a clock) and never looks
at the process's streams or environment itself. They may import everything below them:
`placecli.terminal`, `placecli.views`, the engines, `placecli.packs` and the shared
modules; never `placecli.commands` or `placecli.cli`.
"""

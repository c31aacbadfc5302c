"""The terminal: the only code that touches the process's streams and terminal.

`context.Terminal` is the one value a command gets: the streams and whether each is a
terminal, TERM, the size, the theme, the line readers, the clocks and the `PLACE_*`
settings, read once when the command starts and passed down. The checked writes to
standard output (`output`), line readers and stop signals (`lines`), the pager (`pager`)
and the colour theme (`theme`) take what they need from it. Full screens read their keys
through Textual (`placecli.screens.shell`). It may import `placecli.views` (to print what
they build) and the shared modules.
"""

"""The terminal: the only code that touches the process's streams and terminal.

The two consoles and checked writes (`output`), line readers and stop signals (`lines`),
the pager (`pager`) and the colour theme (`theme`); full screens are Textual's
(`placecli.screens.shell`). It may import
`placecli.views` (to print what they build) and the shared modules.
"""

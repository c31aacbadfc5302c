"""The one full-screen shell, on Textual: every full-screen mode is a `Page` of it.

A page has a header (where the room is), a body that scrolls (the mouse wheel too), and
a footer (where it is, in words, and the keys). The shell adds what every page shares:
`b` or `.` blanks the screen, `?` shows every key, `q` quits (a page may ask first),
Ctrl-C stops (`run_shell` raises KeyboardInterrupt once the terminal is back; a bug in
a page is raised there too, for the error boundary), and a
change of size redraws at once (Textual lays the page out again).

A new full-screen mode is one module: a `Page` subclass that says what its header, body
and footer show (`header`, `body`, `status`), what → and ← do (`forward`, `backward`),
its own keys (Textual `BINDINGS`, listed in `KEYS` for the help), and its `result`.
The command runs it with `run_shell(page, theme, size)`. Nothing here reads the process's
streams or environment: the theme and the clock are passed in.

Textual is imported only by the full-screen commands (tests/test_cli.py checks it).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.reactive import Initialize, Reactive
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from placecli.errors import Stop
from placecli.terminal.theme import ThemeName, rich_theme
from placecli.views.layout import Hanging
from placecli.views.render import Text

Clock = Callable[[], float]  # monotonic seconds
KeyRow = tuple[str, str]  # the keys, as a person reads them; what they do

# The backgrounds each look paints (the styles' colours are measured against these in
# tests/test_theme.py); `plain` keeps the terminal's own colours.
BACKGROUNDS: dict[ThemeName, tuple[str, str]] = {
    "light": ("#ffffff", "#000000"),
    "dark": ("#000000", "#ffffff"),
    "contrast": ("#000000", "#ffffff"),
    "plain": ("ansi_default", "ansi_default"),
}
TEXTUAL_THEMES: dict[ThemeName, str] = {
    "light": "textual-light",
    "dark": "textual-dark",
    "contrast": "textual-dark",
    "plain": "ansi-dark",
}
SHARED_KEYS: tuple[KeyRow, ...] = (
    ("b  .", "blank the screen (any key brings it back)"),
    ("?", "this list of keys"),
    ("mouse wheel  ↓ ↑", "scroll"),
    ("q", "quit"),
    ("Ctrl-C", "stop at once"),
)


class Scroller(VerticalScroll, can_focus=False):
    """A part that scrolls by the page's keys and the mouse wheel, never taking the keys
    itself (a focused VerticalScroll would take → ← Home End for its own scrolling)."""


def themed(*parts: RenderableType) -> RenderableType:
    """Renderables for a Static. A Group, even of one Text: Textual reads a bare Text's
    own style as its own markup, while a Group goes through the app's Console, which has
    the place.* styles."""
    return Group(*parts)


class Page(Screen[object]):
    """One full-screen mode: header, a body that scrolls, footer. Subclasses fill them."""

    DEFAULT_CSS = """
    Page { layout: vertical; }
    Page #where { height: auto; padding: 0 1; }
    Page #body { height: 1fr; padding: 0 1; scrollbar-size-vertical: 1;
        scrollbar-gutter: stable; }
    Page #footer { height: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,pagedown,space", "next", "next", show=False),
        Binding("left,pageup", "back", "back", show=False),
        Binding("down", "scroll(1)", show=False),
        Binding("up", "scroll(-1)", show=False),
    ]
    KEYS: ClassVar[tuple[KeyRow, ...]] = (
        ("→  PgDn  space", "next (the rest of a long screen first)"),
        ("←  PgUp", "back"),
    )
    FOOTER_KEYS: ClassVar[tuple[str, str]] = ("→ next  ← back  ? keys  q quit", "→ ← ? q")

    def compose(self) -> ComposeResult:
        yield Static(id="where")
        with Scroller(id="body"):
            yield Static(id="content")
        yield from self.extra()
        yield Static(id="footer")

    def extra(self) -> ComposeResult:
        """Widgets between the body and the footer (a countdown, notes, an answer line)."""
        yield from ()

    # What a page shows: override these.

    def header(self) -> RenderableType:
        return Text()

    def body(self) -> RenderableType:
        return Text()

    def status(self) -> str:
        return ""

    def more_text(self) -> str:
        """What the footer says while the body goes on below the screen."""
        return "↓ more"

    def forward(self) -> None:
        """→ once the body has been read to its end."""

    def backward(self) -> None:
        """← at the top of the body."""

    def quit_question(self) -> str | None:
        """A question to ask before `q` ends this page (None: end at once)."""
        return None

    @property
    def result(self) -> object:
        return None

    # The machinery.

    def on_mount(self) -> None:
        body = self.query_one("#body")
        self.watch(body, "scroll_y", self.show_footer, init=False)
        self.watch(body, "virtual_size", self.show_footer, init=False)
        self.show()

    def on_resize(self) -> None:
        self.call_after_refresh(self.show_footer)

    def show(self, *, top: bool = False) -> None:
        """Draw the header, body and footer again (`top`: the body from its first line)."""
        self.query_one("#where", Static).update(themed(self.header()))
        self.query_one("#content", Static).update(themed(self.body()))
        if top:
            self.query_one("#body", VerticalScroll).scroll_home(animate=False)
        self.show_footer()
        self.call_after_refresh(self.show_footer)  # the body's height is known after layout

    def show_footer(self) -> None:
        left = self.status()
        if self.more_below():  # first: a narrow footer cuts the end of the line
            left = f"{self.more_text()} · {left}"
        self.query_one("#footer", Static).update(footer(left, *self.FOOTER_KEYS))

    def more_below(self) -> bool:
        body = self.query_one("#body", VerticalScroll)
        return body.scroll_y < body.max_scroll_y

    def action_next(self) -> None:
        body = self.query_one("#body", VerticalScroll)
        if self.more_below():
            body.scroll_page_down(animate=False)
        else:
            self.forward()

    def action_back(self) -> None:
        body = self.query_one("#body", VerticalScroll)
        if body.scroll_y > 0:
            body.scroll_page_up(animate=False)
        else:
            self.backward()

    def action_scroll(self, lines: int) -> None:
        body = self.query_one("#body", VerticalScroll)
        body.scroll_to(y=body.scroll_y + lines, animate=False)

    def leave(self, result: object = None) -> None:
        """End this page: back to the page that opened it, or out of the shell."""
        if self.app.screen_stack[:1] == [self]:
            self.app.exit(self.result if result is None else result)
        else:
            self.dismiss(self.result if result is None else result)

    def help_rows(self) -> Sequence[KeyRow]:
        return (*self.KEYS, *SHARED_KEYS)


def footer(left: str, keys: str, short: str) -> RenderableType:
    """One reversed line: where the room is on the left, the keys on the right (the short
    ones on a narrow screen); the left part is cut with … before the keys are."""
    grid = Table.grid(expand=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(no_wrap=True, justify="right")
    grid.add_row(Text(f" {left}"), Text(f"{keys} "))
    narrow = Table.grid(expand=True)
    narrow.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    narrow.add_column(no_wrap=True, justify="right")
    narrow.add_row(Text(f" {left}"), Text(f"{short} "))
    return themed(Styled(Fitted(grid, narrow, len(left) + len(keys) + 3), "place.progress"))


class Fitted:
    """The wide renderable when the width allows `needs` cells, else the narrow one."""

    def __init__(self, wide: RenderableType, narrow: RenderableType, needs: int) -> None:
        self.wide, self.narrow, self.needs = wide, narrow, needs

    def __rich_console__(self, console: Any, options: Any) -> Any:
        yield self.wide if options.max_width >= self.needs else self.narrow


class Styled:
    """A renderable drawn in a named style (the Console resolves the name)."""

    def __init__(self, renderable: RenderableType, style: str) -> None:
        self.renderable, self.style = renderable, style

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.segment import Segment

        lines = console.render_lines(self.renderable, options, style=console.get_style(self.style))
        for number, line in enumerate(lines):
            if number:
                yield Segment.line()
            yield from line


class Blank(Screen[None]):
    """Nothing on the screen, for when the room should look at the facilitator."""

    DEFAULT_CSS = "Blank { background: $background; }"

    def on_key(self) -> None:
        self.dismiss()

    def on_click(self) -> None:
        self.dismiss()


class Help(ModalScreen[None]):
    """Every key of the page, until any key."""

    DEFAULT_CSS = """
    Help { align: center middle; }
    Help > VerticalScroll { width: 90%; max-width: 72; height: auto; max-height: 100%;
        border: heavy $foreground; padding: 0 1; background: $background; }
    Help Static { width: 100%; height: auto; }
    """

    def __init__(self, rows: Sequence[KeyRow]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        width = max(len(keys) for keys, _ in self.rows)
        lines = [
            (Text(keys.ljust(width), style="place.id"), Text(what)) for keys, what in self.rows
        ]
        title = Text("Keys (any key closes this)", style="place.heading")
        with VerticalScroll():
            yield Static(themed(title, Hanging(lines)))

    def on_key(self) -> None:
        self.dismiss()


class Confirm(ModalScreen[bool]):
    """A yes-or-no question: Enter or y is yes, any other key no."""

    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Static { width: auto; max-width: 100%; height: auto; border: heavy $foreground;
        padding: 0 1; background: $background; }
    """

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        yield Static(
            themed(
                Text(self.question, style="place.heading"),
                Text("Enter or y: yes · any other key: no", style="place.muted"),
            ),
            id="question",
        )

    def on_key(self, event: Any) -> None:
        event.stop()
        self.dismiss(event.key in ("enter", "y", "Y"))


class Shell(App[object]):
    """The app every full-screen mode runs in; `first` is the page it opens on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b,full_stop", "blank", "blank", show=False),
        Binding("question_mark", "help", "keys", show=False),
        Binding("q,ctrl+d", "quit_page", "quit", show=False),
        Binding("ctrl+c", "interrupt", "stop", show=False, priority=True),
    ]
    ENABLE_COMMAND_PALETTE = False
    AUTO_FOCUS = ""  # the keys are the page's; a page focuses its answer line itself

    def _look_theme(self) -> str:
        return TEXTUAL_THEMES[self.look]

    # The look's Textual theme (its own widgets: borders, the answer line) from the start:
    # set after App.__init__, a theme parses all the CSS again before the first frame.
    theme: Reactive[str] = Reactive(Initialize(_look_theme))

    def __init__(self, first: Page, look: ThemeName) -> None:
        self.look = look  # before App.__init__, which reads the theme
        super().__init__(ansi_color=look == "plain")
        self.first = first
        self.interrupted = False
        self.stopped_by: str | None = None  # SIGTERM or SIGHUP, when one ended the shell
        self.console.push_theme(rich_theme(look))
        background, foreground = BACKGROUNDS[look]
        self.stylesheet.add_source(
            f"Screen {{ background: {background}; color: {foreground}; }}\n"
            f"Blank {{ background: {background}; }}\n"
            # a dialog over the page: the page stays in sight around it
            "Help, Confirm { background: transparent; }",
            read_from=("place", "theme"),
        )

    def get_default_screen(self) -> Screen[object]:
        return self.first

    def on_mount(self) -> None:
        self.stop_on_signals()

    def stop_on_signals(self) -> None:
        """SIGTERM and SIGHUP end the shell as Ctrl-C does, so Textual puts the terminal
        back (their default killed the process with echo off, the alternate screen on and
        the cursor hidden). After SIGHUP the terminal is gone: output goes nowhere."""
        import asyncio
        import signal

        from placecli.terminal.lines import STOP_SIGNALS, quiet_output

        def stop(name: str) -> None:
            if name == "SIGHUP":
                quiet_output([s for s in (sys.__stdout__, sys.__stderr__) if s is not None])
            self.stopped_by = name
            self.exit(self.first.result)

        loop = asyncio.get_running_loop()
        for name in STOP_SIGNALS:
            if hasattr(signal, name):
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.add_signal_handler(getattr(signal, name), stop, name)

    def action_blank(self) -> None:
        if not isinstance(self.screen, Blank):
            self.push_screen(Blank())

    def action_help(self) -> None:
        page = self.screen
        if isinstance(page, Page):
            self.push_screen(Help(page.help_rows()))

    def action_quit_page(self) -> None:
        page = self.screen
        if not isinstance(page, Page):
            return
        question = page.quit_question()
        if question is None:
            page.leave()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                page.leave()

        self.push_screen(Confirm(question), answered)

    def action_interrupt(self) -> None:
        self.interrupted = True
        self.exit(self.first.result)

    def _fatal_error(self) -> None:
        """A bug in a page: the app closes without drawing Textual's traceback (with its
        locals) on the room's screen; `run_shell` raises the error once the terminal is
        back, for the error boundary to report as every other crash."""
        self._close_messages_no_wait()


def run_shell(page: Page, look: ThemeName, size: tuple[int, int] | None = None) -> object:
    """Run the shell on this terminal until the page ends; its result. `size`: columns and
    lines to draw at whatever the terminal says (None: its own size, and its resizes).
    Ctrl-C raises KeyboardInterrupt, after the terminal has been put back."""
    from placecli.collector import started

    shell = Shell(page, look)
    started()  # every import is done: the collector runs again, from before the first frame
    result = shell.run(mouse=True, size=size)
    if shell.stopped_by is not None:
        import signal

        from placecli.terminal.lines import STOP_SIGNALS

        number = getattr(signal, shell.stopped_by)
        raise Stop(STOP_SIGNALS[shell.stopped_by], 128 + number)
    if shell.interrupted:
        raise KeyboardInterrupt
    if shell._exception is not None:  # Textual keeps a page's error; the terminal is back
        raise shell._exception
    return result

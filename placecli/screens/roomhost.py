"""`place room`'s host screen, a page of the full-screen shell: the join QR code and the
spoken code, how many phones joined and answered, the question, its tally (hidden until
revealed), and the texts waiting for moderation.

Each key is a line of the host's commands, the same that standard input takes when
place room runs in a script (room.md): space opens or closes answering, r reveals, h
hides (or reveals), n next, l locks or unlocks, + more time; m shows the texts waiting,
↓ ↑ choose one, a approves it, d discards it, k removes the phone that sent it; k (no
texts shown) lists the phones joined, ↓ ↑ choose one, Enter or k removes it (`kick
DEVICE`); Escape puts a list away; q asks, then ends the session. The room's server
runs in the shell's own event loop (`serving`, started when the page is shown); the page
leaves when the session has ended.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from textual.binding import Binding, BindingType

from placecli.safetext import neutral, one_line
from placecli.screens.shell import KeyRow, Page
from placecli.views.render import Text
from placecli.words import clock, plural

if TYPE_CHECKING:
    from placecli.room.records import Device, Event
    from placecli.room.state import Room

BAR = 24  # cells of the longest tally bar
WIDE = 100  # columns from which the QR code stands beside the question


class HostPage(Page):
    """The facilitator's screen while phones answer."""

    DEFAULT_CSS = "HostPage #content { width: 100%; }"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "line('space')", "open/close", show=False),
        Binding("r", "line('reveal')", "reveal", show=False),
        Binding("h", "line('hide')", "hide", show=False),
        Binding("n,right", "line('next')", "next", show=False),
        Binding("l", "line('l')", "lock", show=False),
        Binding("plus", "line('more')", "more time", show=False),
        Binding("m", "moderate", "texts", show=False),
        Binding("a", "decide('approve')", "approve", show=False),
        Binding("d", "decide('discard')", "discard", show=False),
        Binding("k", "kick", "kick", show=False),
        Binding("enter", "kick_phone", "kick", show=False),
        Binding("escape", "put_away", show=False),
        Binding("down", "choose(1)", show=False),
        Binding("up", "choose(-1)", show=False),
    ]
    KEYS: ClassVar[tuple[KeyRow, ...]] = (
        ("space", "open or close answering"),
        ("r  h", "reveal the tally and the answer on every phone; hide them"),
        ("n  →", "the next question or activity"),
        ("m", "the texts waiting; ↓ ↑ choose one"),
        ("a  d", "approve the text chosen (shown on every phone); discard it"),
        ("k", "the phones joined; ↓ ↑ choose one, Enter or k removes it"),
        ("", "(with the texts shown: k removes the phone that sent the one chosen)"),
        ("Esc", "put the texts or the phones away"),
        ("l", "lock the room to new phones, or open it again"),
        ("+", "15 more seconds on the countdown"),
    )
    FOOTER_KEYS: ClassVar[tuple[str, str]] = (
        "space open  r reveal  n next  m texts  k phones  ? keys  q end",
        "␣ r n m k ? q",
    )

    def __init__(
        self,
        room: Room,
        listening: Event,
        qr: str,
        command: Callable[[str], None],
        serving: Callable[[], Awaitable[str]],
        seconds_left: Callable[[], float | None] = lambda: None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__()
        self.room, self.listening, self.qr = room, listening, qr
        self.command, self.serving, self.seconds_left = command, serving, seconds_left
        self.clock = clock
        self.moderating = False
        self.listing = False  # the phones joined, to remove one
        self.chosen = 0
        self.said = ""  # the last note: a command that could not be done, a warning
        self.why: str | None = None  # how the session ended, once it has
        self.step = ""  # a plan's room (place run PLAN --room): the step now

    # The server, in the shell's loop.

    def on_mount(self) -> None:
        super().on_mount()
        self.run_worker(self.serve(), exclusive=True)
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        """Each second: the countdown, and how long ago each phone listed was heard from."""
        if self.listing:
            self.show()
        else:
            self.show_footer()

    async def serve(self) -> None:
        self.why = await self.serving()
        super().leave(self.why)

    def room_event(self, event: Event) -> None:
        """An event of the room (the same as the JSON lines): draw the page again."""
        if event["event"] == "step":
            self.step = f"Step {event['step']} of {event['of']}: {one_line(event['title'])}"
        if event["event"] == "text" and not self.moderating:
            self.said = f"a text is waiting ({event['id']}): m shows it"
        if self.is_mounted:
            self.show()

    def note(self, words: str) -> None:
        self.said = words
        if self.is_mounted:
            self.show_footer()

    # The keys: each a host command line.

    def action_line(self, line: str) -> None:
        self.said = ""
        self.command(line)

    def action_moderate(self) -> None:
        self.moderating, self.listing = not self.moderating, False
        self.chosen = 0
        self.show()

    def action_put_away(self) -> None:
        self.moderating = self.listing = False
        self.show()

    def action_choose(self, step: int) -> None:
        if not (self.moderating or self.listing):
            self.action_scroll(step)
            return
        shown = len(self.waiting() if self.moderating else self.phones())
        self.chosen = max(0, min(self.chosen + step, shown - 1))
        self.show()

    def action_decide(self, verb: str) -> None:
        text = self.text_chosen()
        if text is not None:
            self.action_line(f"{verb} {text['id']}")

    def action_kick(self) -> None:
        """With the texts shown, remove the phone that sent the one chosen; otherwise list
        the phones, then remove the one chosen."""
        if self.moderating:
            text = self.text_chosen()
            if text is not None:
                self.action_line(f"kick {text['device']}")
        elif not self.listing:
            self.listing, self.chosen = True, 0
            self.show()
        else:
            self.action_kick_phone()

    def action_kick_phone(self) -> None:
        here = self.phones()
        if not self.listing:
            return
        if not here:
            self.note("no phones joined")
            return
        self.action_line(f"kick {here[min(self.chosen, len(here) - 1)][0].id}")

    def phones(self) -> list[tuple[Device, int]]:
        from placecli.room.views import phones

        return phones(self.room)

    def text_chosen(self) -> dict[str, Any] | None:
        waiting = self.waiting()
        if not self.moderating:
            self.note("m shows the texts waiting; choose one with ↓ ↑, then a, d or k")
            return None
        if not waiting:
            self.note("no texts waiting")
            return None
        return waiting[min(self.chosen, len(waiting) - 1)]

    def waiting(self) -> list[dict[str, Any]]:
        from placecli.room.views import queue

        return queue(self.room)

    def quit_question(self) -> str | None:
        return None if self.why else "End the session? Every phone is told it has ended."

    def leave(self, result: object = None) -> None:
        """q, once asked: the session ends, and the page with it when the server stops."""
        if self.why is None:
            self.command("end")
        else:
            super().leave(self.why)

    @property
    def result(self) -> object:
        return self.why

    # What the page shows.

    def header(self) -> RenderableType:
        code, where = self.listening["code"], self.listening["where"]
        line = Text("place room", style="place.heading")
        line.append(f" · join: scan, or open http://{where}/ and type {code}", style="place.muted")
        return Group(line, Text(self.step, style="place.strong")) if self.step else line

    def body(self) -> RenderableType:
        parts = [self.item_view()]
        if self.moderating:
            parts.append(self.texts_view())
        if self.listing:
            parts.append(self.phones_view())
        code = Text(f"Code {self.listening['code']}", style="place.strong")
        join = Group(Text(self.qr, style="black on white"), code)  # dark on light: it scans
        if self.app.size.width >= WIDE:
            grid = Table.grid(padding=(0, 3))
            grid.add_row(join, Group(*parts))
            return grid
        return Group(*parts, Text(), join)  # the counts and the question first, in sight

    def item_view(self) -> RenderableType:
        room, item = self.room, self.room.current
        counts = Text(f"{plural(room.joined(), 'phone')} joined", style="place.strong")
        if item is None:
            return Group(counts, Text("n shows the first question.", style="place.mark"))
        answered = room.count(item)
        counts.append(f" · {answered} answered", style="place.strong")
        counts.append(f" · {item.slot} {room.index + 1} of {len(room.items)}", style="place.muted")
        lines: list[RenderableType] = [counts, Text(neutral(item.text), style="place.heading")]
        for key, text in item.rows():  # a match question's items
            lines.append(Text(f" {key:>2}. {one_line(text)}"))
        options = Table.grid(padding=(0, 2))
        for key, text in item.options():
            options.add_row(Text(f" {key:>2}", style="place.id"), Text(one_line(text)))
        lines.append(options)
        if item.takes_text:
            return Group(*lines)
        tally = room.tally(item) if room.revealed else None
        if tally is not None:
            lines += [Text(), tally_view(tally, item.right())]
        elif room.revealed:
            lines.append(Text(f"Tally withheld: fewer than {room.setup.min_tally} answers."))
        else:
            lines.append(Text("The tally stays hidden until r reveals it.", style="place.muted"))
        return Group(*lines)

    def texts_view(self) -> RenderableType:
        waiting = self.waiting()
        lines: list[RenderableType] = [Text()]
        title = f"Texts waiting: {len(waiting)}" if waiting else "No texts waiting"
        lines.append(Text(title, style="place.strong"))
        for number, text in enumerate(waiting):
            mark = "▶" if number == min(self.chosen, len(waiting) - 1) else " "
            row = Text(f"{mark} {text['id']}  ", style="place.id")
            row.append(one_line(text["text"]))
            row.append(f"  ({text['device']})", style="place.muted")
            lines.append(row)
        return Group(*lines)

    def phones_view(self) -> RenderableType:
        here, now = self.phones(), self.clock()
        lines: list[RenderableType] = [Text()]
        title = f"Phones joined: {len(here)} · Enter or k removes one"
        lines.append(Text(title if here else "No phones joined", style="place.strong"))
        for number, (device, answered) in enumerate(here):
            mark = "▶" if number == min(self.chosen, len(here) - 1) else " "
            row = Text(f"{mark} {device.id}  ", style="place.id")
            row.append(f"{answered} answered")
            row.append(f" · seen {clock(max(0.0, now - device.seen))} ago", style="place.muted")
            lines.append(row)
        return Group(*lines)

    def status(self) -> str:
        room = self.room
        state = "locked · " if room.locked else ""
        if room.current is not None:
            state += "open" if room.open else "closed"
            left = self.seconds_left()
            if left is not None:
                state += f" {clock(left)} left"
        return f"{state} · {one_line(self.said)}" if self.said else state


def tally_view(tally: dict[str, int], right: Sequence[str] | None) -> RenderableType:
    """Each answer's count as a bar, the right one marked ✓ (a sequence's key is the whole
    order, `CAB`)."""
    rights = set(right or []) | ({"".join(right)} if right else set())
    most = max(*tally.values(), 1)
    grid = Table.grid(padding=(0, 1))
    for key, count in tally.items():
        good = key in rights
        bar = Text("█" * round(BAR * count / most), style="place.good" if good else "place.strong")
        grid.add_row(
            Text(f" {key:>2}", style="place.id"), bar, Text(f"{count}{' ✓' if good else ''}")
        )
    return grid

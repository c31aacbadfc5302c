"""Driving the full-screen shell headlessly: every screen, key by key, as text.

Each scenario opens a page in the shell at a size and a look, presses keys with
Textual's pilot and takes `shots` (the screen's text, and the regions of what must stay
on screen). The clock is a fake that moves only when a scenario says, so a countdown's
shot is always the same. `python -m tests.screenkit` prints every shot at 50x20.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.pilot import Pilot

from placecli.packs.locate import builtin_pack
from placecli.packs.pack import load_packs
from placecli.quiz.engine import Quiz, draw
from placecli.quiz.teams import Room
from placecli.room.hub import Hub
from placecli.room.items import quiz_items
from placecli.room.log import Log
from placecli.room.records import Event, Record, Setup
from placecli.room.state import Room as PhoneRoom
from placecli.screens.plan import RunDevices, RunPage
from placecli.screens.present import DeckPage, prompt_deck, summary_deck
from placecli.screens.quizpage import QuizPage
from placecli.screens.roomhost import HostPage
from placecli.screens.shell import Page, Shell
from placecli.screens.teampage import TeamPage
from placecli.screens.timer import TimerPage
from placecli.terminal.theme import ThemeName
from placecli.views.text import concept_title
from placecli.workshop.plan import load_plan
from placecli.workshop.run import Run as PlanRun

PACK = load_packs([builtin_pack()])
SIZES = [(50, 20), (80, 24), (120, 40)]  # columns, rows
SIZE_IDS = ["50x20", "80x24", "120x40"]


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0
        self.rung = 0

    def __call__(self) -> float:
        return self.t

    def bell(self) -> None:
        self.rung += 1


@dataclass
class Shot:
    name: str
    text: str
    visible: dict[str, bool]  # each widget that must be seen: is it wholly on screen?


@dataclass
class Run:
    app: Shell
    pilot: Pilot[Any]
    clock: FakeClock
    look: ThemeName
    shots: list[Shot] = field(default_factory=list)
    background: str = ""

    async def press(self, *keys: str) -> None:
        """The keys, one by one, each handled before the next (the pilot waits)."""
        await self.pilot.press(*keys)

    async def settle(self) -> None:
        """What the last key set going (a redraw after the layout) is done."""
        await self.pilot.pause()

    async def until(self, done: Callable[[], bool], key: str, most: int = 20) -> None:
        """Press `key` until `done()` (at most `most` times): the rest of a long screen
        comes first on a small one."""
        for _ in range(most):
            if done():
                return
            await self.press(key)
        assert done(), f"{key} pressed {most} times"

    async def later(self, seconds: float) -> None:
        """The clock moves on, and the page's tick sees it."""
        self.clock.t += seconds
        page = self.app.screen
        tick = getattr(page, "tick", None)
        if tick is not None:
            tick()
        await self.settle()

    async def shot(self, name: str, *must_see: str) -> Shot:
        await self.settle()
        taken = Shot(name, screen_text(self.app), seen(self.app, must_see))
        self.shots.append(taken)
        return taken


def screen_text(app: Shell) -> str:
    """What the terminal shows, as text: the top screen over those under it (a dialog
    leaves the page in sight), as Textual's own screenshots render it."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True)
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    lines = [line.rstrip() for line in console.export_text().splitlines()]
    return "\n".join(lines) + "\n"


def seen(app: Shell, selectors: tuple[str, ...]) -> dict[str, bool]:
    """Whether each widget is shown, not empty, and wholly inside the screen, above the
    footer."""
    width, height = app.size
    screen = app.screen
    footer_top = screen.query_one("#footer").region.y if screen.query("#footer") else height
    found = {}
    for selector in selectors:
        region = screen.query_one(selector).region
        found[selector] = bool(
            region.height > 0
            and region.x >= 0
            and region.y >= 0
            and region.right <= width
            and region.bottom <= (height if selector == "#footer" else footer_top)
        )
    return found


Scenario = Callable[[Run], Awaitable[None]]
Maker = Callable[[FakeClock], Page]


async def play(make: Maker, scenario: Scenario, size: tuple[int, int], look: ThemeName) -> Run:
    clock = FakeClock()
    app = Shell(make(clock), look)
    async with app.run_test(size=size) as pilot:
        run = Run(app, pilot, clock, look)
        await run.settle()
        run.background = app.screen.styles.background.hex.lower()
        await scenario(run)
    return run


def played(make: Maker, scenario: Scenario, size: tuple[int, int], look: ThemeName) -> Run:
    return asyncio.run(play(make, scenario, size, look))


# The pages.


def summary_page(clock: FakeClock) -> Page:
    return DeckPage(summary_deck(PACK, PACK.concepts))


def prompts_page(clock: FakeClock) -> Page:
    return DeckPage(prompt_deck([p for p in PACK.prompts if p.audience == "pair"], PACK))


def timer_page(clock: FakeClock) -> Page:
    prompts = [p for p in PACK.prompts if p.audience == "group"][:2]
    chosen = [(p, concept_title(PACK, p.concept), 15 * 60.0) for p in prompts]
    return TimerPage(chosen, clock, clock.bell)


def one_of_each_type() -> list[Any]:
    """The first question of each type that seed 12 draws, numbered 1 to 5."""
    kinds: dict[str, Any] = {}
    for asked in draw(PACK, len(PACK.questions), [], 12):
        kinds.setdefault(asked.kind.name, asked)
    return [a._replace(number=n) for n, a in enumerate(kinds.values(), start=1)]


def quiz_page(clock: FakeClock) -> Page:
    return QuizPage(Quiz(one_of_each_type()), PACK, 12, clock, None)


def team_page(clock: FakeClock) -> Page:
    asked = draw(PACK, 2, [], 3)  # a true or false statement first
    room = Room(("Red", "Blue", "Green"), "one", 30.0, 0)
    return TeamPage(room, asked, clock, bell=clock.bell)


def run_page(clock: FakeClock) -> Page:
    plan = load_plan(f"{builtin_pack()}/plans/intro-90.yaml", PACK)

    def quiz(show: Any) -> Page:
        return QuizPage(Quiz(draw(PACK, 2, [], 12)), PACK, 12, clock, None)

    devices = RunDevices(
        clock, None, lambda step, index, total: None, quiz, "notes.txt", clock.bell
    )
    return RunPage(PlanRun(plan, clock()), PACK, devices)


class Unlogged(Log):
    """A log that keeps nothing: the host screen's shots need the room, not its file."""

    def __init__(self) -> None:
        self.path = Path("room.jsonl")

    def append(self, record: Record) -> None:
        pass

    def sync(self) -> None:
        pass


ROOM_URL = "http://127.0.0.1:8000/R/" + "K" * 26


class ShotHost(HostPage):
    hub: Hub  # the room's hub, for the phones' records


def host_page(clock: FakeClock) -> Page:
    """place room's host screen on a fixed room (the join code, its address and token),
    its keys the real hub's commands on the fake clock; no server: the phones' records
    go to the hub straight (`phones_answer`)."""
    from placecli.room.qr import qr_text

    pack = load_packs([Path(__file__).parent / "packs" / "every-type"])
    items = quiz_items(pack, {"seed": 2, "count": 2, "concepts": []})  # market day first
    setup = Setup("20261203-100000-abcd", "quiz", "K" * 26, "FVF-7KJ", "5" * 32, 2, 300, 30)
    room = PhoneRoom(setup, items)
    listening: Event = {"event": "listening", "url": ROOM_URL, "code": setup.code, "port": 8000}
    listening |= {"where": "127.0.0.1:8000", "qr": ROOM_URL.upper()}
    holder: list[HostPage] = []

    def event(happened: Event) -> None:
        holder[0].room_event(happened)

    def note(words: str) -> None:
        holder[0].note(words)

    hub = Hub(room, Unlogged(), event, note, clock, clock)
    stopped = asyncio.Event()

    def command(line: str) -> None:
        hub.command(line)
        if room.ended:
            stopped.set()

    async def serving() -> str:
        await stopped.wait()
        return "end"

    page = ShotHost(room, listening, qr_text(listening["qr"]), command, serving,
                    hub.seconds_left, clock)  # fmt: skip
    page.hub = hub
    holder.append(page)
    return page


def phones_join(page: ShotHost, *names: str) -> None:
    """Phones join the host page's room, each by a fixed device id."""
    hub = page.hub
    for name in names:
        record = page.room.check_join(None, f"cookie-{name}", name, hub.clock())
        assert record is not None
        hub.record(record)


def phones_answer(page: ShotHost, answers: dict[str, list[str]]) -> None:
    """Each phone (by its device id) answers the question shown."""
    hub = page.hub
    room = page.room
    for name, keys in answers.items():
        record = room.check_answer(room.devices[name], room.version, keys, name, hub.clock())
        assert record is not None
        hub.record(record)

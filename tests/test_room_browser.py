"""The room's page in a real browser: Debian's chromium driven by Playwright (never a
browser of Playwright's own), reaching the laptop through a host name mapped to
loopback, so the page is not a secure context, as on a LAN. Three phone-sized phones;
one goes offline, answers, comes back and is counted once; axe-core finds no WCAG 2.2
A or AA violation on any page a phone shows."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .roomkit import Room
from .test_room_server import FIXED

pytestmark = pytest.mark.browser

NAME = "place.test"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    f"--host-resolver-rules=MAP {NAME} 127.0.0.1",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WAIT = 15_000  # milliseconds a page may take to show what the room sent


def chromium() -> str:
    return os.environ.get("PLACE_CHROMIUM", "/usr/bin/chromium")


def axe_source() -> str:
    """axe-core from npm: PLACE_AXE is the folder npm installed it under (its prefix)."""
    prefix = Path(os.environ.get("PLACE_AXE", ""))
    return (prefix / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), headless=True, args=FLAGS)
        yield launched
        launched.close()


class Phone:
    """A phone-sized browser context with its page, its console kept."""

    def __init__(self, browser: Any, room: Room, **options: Any) -> None:
        self.context = browser.new_context(**PHONE, **options)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.page.on(
            "console", lambda message: self.console.append(f"{message.type}: {message.text}")
        )
        self.page.set_default_timeout(WAIT)
        self.room = room

    def join(self) -> None:
        self.page.goto(self.room.listening["url"])
        assert self.page.url == f"http://{NAME}:{self.room.port}/"  # the token left the address bar
        assert self.page.evaluate("window.isSecureContext") is False

    def shows(self, text: str) -> None:
        self.page.get_by_text(text, exact=False).first.wait_for()

    def heading(self, text: str) -> None:
        self.page.locator("h1", has_text=text).wait_for()

    def violations(self) -> list[dict[str, Any]]:
        if not self.page.evaluate("typeof axe !== 'undefined'"):
            self.page.evaluate(axe_source())
        options = json.dumps({"runOnly": {"type": "tag", "values": WCAG}})
        result = self.page.evaluate(f"axe.run(document, {options})")
        return [
            {"id": v["id"], "nodes": [n["html"] for n in v["nodes"]]} for v in result["violations"]
        ]

    def send(self) -> None:
        self.page.get_by_role("button", name="Send").click()


def accessible(phones: list[Phone], where: str) -> None:
    for phone in phones:
        assert phone.violations() == [], where


def test_three_phones_answer_and_one_comes_back_from_offline(
    browser: Any, private_data: Path
) -> None:
    room = Room(
        "quiz",
        "--count",
        "3",
        *FIXED[:2],  # the fixed pack: seed 35 draws one answer, a match, several answers
        "--seed",
        "35",
        "--bind",
        "127.0.0.1:0",
        "--name",
        NAME,
        "--min-tally",
        "1",
    )
    phones = [Phone(browser, room) for _ in range(3)]
    try:
        for phone in phones:
            phone.join()
            room.expect("joined")
            phone.heading("Waiting for the first question")
        accessible(phones, "waiting")
        room.send("next")
        for phone in phones:
            phone.heading("Question 1 of 3")
        accessible(phones[:1], "a question with one answer")
        one, two, away = phones
        one.page.locator("label[for=oA]").click()
        one.send()
        one.shows("Your answer is counted")
        two.page.locator("label[for=oB]").click()
        two.send()
        two.shows("Your answer is counted")
        assert room.expect("answered")["count"] == 1 and room.expect("answered")["count"] == 2
        away.context.set_offline(True)
        away.page.locator("label[for=oC]").click()
        away.send()
        away.shows("your answer is kept on this phone and will be sent when you are back online")
        accessible([away], "offline, the answer kept")
        time.sleep(1)
        assert [e for e in room.seen if e["event"] == "answered"][-1]["count"] == 2  # not yet
        away.context.set_offline(False)
        assert room.expect("answered")["count"] == 3
        away.shows("Your answer is counted")
        accessible([one], "answered")
        room.send("close", "reveal")
        for phone in phones:
            phone.page.locator("h2", has_text="How the room answered").wait_for()
        accessible(phones[:1], "revealed")
        room.send("next")
        one.heading("Question 2 of 3")
        accessible([one], "a match question")
        selects = one.page.locator("select[name=choice]")
        for n in range(selects.count()):
            selects.nth(n).select_option(index=n + 1)
        one.send()
        one.shows("Your answer is counted")
        room.send("next")
        one.heading("Question 3 of 3")
        accessible([one], "a question with several answers")
        one.page.locator("label[for=oA]").click()
        one.page.locator("label[for=oC]").click()
        one.send()
        one.shows("Your answer is counted")
        code, _ = room.end()
        assert code == 0
        one.heading("Thank you")
        accessible([one], "ended")
        offline = "net::ERR_INTERNET_DISCONNECTED"  # what the phone tried while offline
        for phone in phones:  # no CSP violation, no other failed request, no script error
            assert [line for line in phone.console if offline not in line] == []
    finally:
        for phone in phones:
            phone.context.close()
        room.close()
    answers = [json.loads(line) for line in Path(room.listening["log"]).read_text().splitlines()]
    counted = [(r["question"], r["device"]) for r in answers if r["kind"] == "answer"]
    assert len(counted) == len(set(counted)) == 5  # 3, 1 and 1: none lost, none twice


def next_activity(room: Room, kind: str) -> None:
    """`next` until the activity is of this kind."""
    while True:
        room.send("next")
        if room.expect("opened")["activity"]["type"] == kind:
            return


def test_reflection_on_phones_with_moderation(browser: Any, private_data: Path) -> None:
    room = Room(
        "reflect", "compete", "cultural", "--activity", "text", "--activity", "cloud",
        "--activity", "scale", "--activity", "rank", "--bind", "127.0.0.1:0", "--name", NAME,
        "--min-tally", "1",
    )  # fmt: skip
    phones = [Phone(browser, room) for _ in range(2)]
    try:
        for phone in phones:
            phone.join()
            room.expect("joined")
        room.send("next")
        writer, reader = phones
        writer.heading("Activity 1 of")
        accessible([writer], "a text to write")
        writer.page.locator("textarea").fill("<img src=x onerror=alert(1)> Shared budgets")
        writer.send()
        writer.shows("Sent: the facilitator reads it before anyone sees it")
        text = room.expect("text")
        room.send(f"approve {text['id']}")
        reader.page.locator("h2", has_text="What the room said").wait_for()
        assert (
            reader.page.locator(".texts li").inner_text()
            == "<img src=x onerror=alert(1)> Shared budgets"
        )
        assert reader.page.locator("img").count() == 0
        accessible(phones, "approved texts")
        next_activity(room, "cloud")
        writer.page.locator("input[name=text]").fill("trust")
        writer.send()
        room.send(f"a {room.expect('text')['id']}")
        reader.page.locator(".cloud li", has_text="trust").wait_for()
        accessible([reader], "a word cloud")
        next_activity(room, "scale")
        reader.page.locator("label", has_text="Strongly agree").wait_for()
        accessible([reader], "an agree scale")
        reader.page.locator("label", has_text="4: Agree").click()
        reader.send()
        reader.shows("Your answer is counted")
        next_activity(room, "rank")
        reader.page.locator("select").first.wait_for()
        accessible([reader], "a ranking")
        selects = reader.page.locator("select[name=choice]")
        for n in range(selects.count()):
            selects.nth(n).select_option(index=selects.count() - n)
        reader.send()
        reader.shows("Your answer is counted")
        room.send("r")
        reader.page.locator("h2", has_text="Points").wait_for()
        accessible([reader], "a ranking's points")
        assert room.end()[0] == 0
        for phone in phones:
            assert phone.console == []
    finally:
        for phone in phones:
            phone.context.close()
        room.close()


def test_pages_without_javascript_and_the_typed_code(browser: Any, private_data: Path) -> None:
    room = Room("quiz", "--count", "2", "--seed", "82", "--bind", "127.0.0.1:0", "--name", NAME)
    plain = Phone(browser, room, java_script_enabled=False)
    typed = Phone(browser, room)
    try:
        typed.page.goto(f"http://{NAME}:{room.port}/")
        typed.heading("Not in the room")
        accessible([typed], "the page that asks for the code")
        typed.page.get_by_label("The room's code").fill(room.listening["code"].lower())
        typed.page.get_by_role("button", name="Join").click()
        typed.heading("Waiting for the first question")
        room.expect("joined")
        plain.join()
        room.expect("joined")
        assert plain.page.locator("noscript").count() == 1
        room.send("next")
        room.expect("opened")
        time.sleep(0.2)
        plain.page.reload()
        plain.heading("Question 1 of 2")
        plain.page.locator("label[for=oB]").click()
        plain.send()
        plain.shows("Your answer is counted")
        assert room.expect("answered")["count"] == 1
        assert room.end()[0] == 0
    finally:
        plain.context.close()
        typed.context.close()
        room.close()

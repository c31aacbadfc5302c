"""`place run PLAN --room`: a workshop plan's quiz and reflection steps answered on
phones, in one session, driven through its JSON lines as a script would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT
from .roomkit import Room
from .test_room_server import FIXED, LOOPBACK, joined, records

PLAN = """\
title: A short session with phones
steps:
  - title: Welcome
    minutes: 5
    show: {text: "Phones out, please."}
  - title: Two questions
    minutes: 10
    show:
      quiz: {count: 2, seed: 2, teams: [Red, Blue]}
  - title: Break
    minutes: 5
    show: {break: Five minutes.}
  - title: Our own meetings
    minutes: 10
    show:
      reflect: {concepts: [town-council]}
"""


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "phones.yaml"
    path.write_text(PLAN)
    return path


def test_a_plans_quiz_and_reflection_steps_go_to_phones(
    plan_file: Path, private_data: Path
) -> None:
    room = Room(
        str(plan_file), "--room", *FIXED[:2], "--bind", LOOPBACK, "--min-tally", "1", command="run"
    )
    try:
        phones = joined(room, 2)
        for phone, team in zip(phones, ["Red", "Blue"], strict=True):
            phone.view()
            assert phone.post("/team", {"team": team, "nonce": team}).status == 200
        room.send("next")
        assert room.expect("step") == {
            "event": "step", "step": 2, "of": 4, "title": "Two questions",
        }  # fmt: skip
        opened = room.expect("opened")
        assert (opened["question"]["id"], opened["number"], opened["of"]) == ("market-stalls", 1, 3)
        for n, phone in enumerate(phones):
            phone.view()
            assert phone.answer(1, ["A", "B"] if n else ["A"]).json() == {"counted": True}
            assert room.expect("answered")["count"] == n + 1
        room.send("close", "reveal")
        revealed = room.expect("revealed")
        assert (revealed["tally"], revealed["teams"]) == (
            {"A": 2, "B": 1, "C": 0, "D": 0},
            {
                "Red": {"members": 1, "right": 0, "points": 0.0},
                "Blue": {"members": 1, "right": 1, "points": 1.0},
            },
        )
        room.send("next")
        second = room.expect("opened")
        assert second["number"] == 2 and "step" not in [e["event"] for e in room.seen[-3:]]
        room.send("open")  # open again what is open: said on stderr, no second step event
        room.send("next")
        assert room.expect("step") == {
            "event": "step", "step": 4, "of": 4, "title": "Our own meetings",
        }  # fmt: skip
        activity = room.expect("opened")["activity"]
        assert (activity["type"], activity["version"]) == ("text", 3)
        phones[0].view()
        assert phones[0].text(activity["id"], "We still compete for the same staff.").status == 200
        text = room.expect("text")
        room.send(f"approve {text['id']}")
        assert room.expect("approved")["id"] == text["id"]
        assert phones[1].view()["activity"]["approved"] == [
            {"text": "We still compete for the same staff.", "count": 1}
        ]
        code, after = room.end()
    finally:
        room.close()
    assert code == 0
    assert [e["event"] for e in room.seen].count("step") == 2
    assert after[-1]["standings"] == [
        {"team": "Blue", "points": 1.0},
        {"team": "Red", "points": 0.0},
    ]
    start = records(room)[0]
    assert (start["room"], start["plan"]["plan"], start["setup"]["teams"]) == (
        "plan", "A short session with phones", ["Red", "Blue"],
    )  # fmt: skip
    assert [r["kind"] for r in records(room)].count("answer") == 2


def test_a_plans_room_resumes_with_its_steps(plan_file: Path, private_data: Path) -> None:
    room = Room(str(plan_file), "--room", *FIXED[:2], "--bind", LOOPBACK, command="run")
    room.send("next")
    room.expect("opened")
    room.process.kill()  # as a crash
    room.process.wait()
    again = Room("resume", *FIXED[:2], "--bind", f"127.0.0.1:{room.port}")
    try:
        assert again.listening["session"] == room.listening["session"]
        again.send("next", "next")
        assert again.expect("step")["title"] == "Our own meetings"
        assert again.expect("opened")["number"] == 3
        assert again.end()[0] == 0
    finally:
        again.close()


def test_a_plan_without_steps_for_phones_is_refused(tmp_path: Path, private_data: Path) -> None:
    plan = tmp_path / "talk.yaml"
    plan.write_text(
        'title: A talk\nsteps:\n  - title: Hello\n    minutes: 5\n    show: {text: "Hi"}\n'
    )
    result = subprocess.run(
        [sys.executable, "-m", "placecli", "run", str(plan), "--room", "--bind", LOOPBACK],
        cwd=ROOT, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        f"Error: the plan {plan} has no quiz or reflection steps for phones\n",
    )

"""The room, pure: items of every kind, devices, answers, texts and moderation, the
facilitator's commands, the views, and a room rebuilt from its records."""

from __future__ import annotations

import json
from typing import Any

import pytest

from placecli.learning.history import question_hash
from placecli.packs.model import Concept, Prompt, Question
from placecli.room.items import (
    CloudActivity,
    Item,
    QuestionItem,
    RankActivity,
    Refused,
    ScaleActivity,
    TextActivity,
    activity_items,
    quiz_items,
)
from placecli.room.records import Record, Setup, Unknown, key_of
from placecli.room.state import Room
from placecli.room.views import phone_view, queue, standings

from .test_quiz import BUILTIN, MATCH, MULTIPLE, ORDER, SINGLE, TRUE_FALSE, as_asked

NOW = 1_800_000_000.0


def question(q: Question) -> QuestionItem:
    return QuestionItem(as_asked(q), question_hash(q))


PROMPT = Prompt(id="p1", prompt="What helps here?", concept="a")
CONCEPTS = [
    Concept(id="a", title="Alpha", summary="Alpha matters."),
    Concept(id="b", title="Beta", summary="Beta matters."),
    Concept(id="c", title="Gamma", summary="Gamma matters."),
]


def make_room(items: list[Item], **setup: Any) -> tuple[Room, list[Record]]:
    """A room and the list its records are kept in, as the log would keep them."""
    room = Room(Setup("s1", "quiz", "TOKEN", "ABC-DEF", "secret", **setup), items)
    return room, []


def act(room: Room, log: list[Record], record: Record | None) -> list[dict[str, Any]]:
    if record is None:
        return []
    log.append(record)
    return room.apply(record).events


def host(room: Room, log: list[Record], line: str) -> list[dict[str, Any]]:
    name, _, argument = line.partition(" ")
    events = []
    for record in room.command(name, argument, NOW):
        events += act(room, log, record)
    return events


def join(room: Room, log: list[Record], n: int) -> list[str]:
    """n phones joined: their cookies."""
    cookies = [f"cookie-{len(room.devices) + i}" for i in range(n)]
    for cookie in cookies:
        act(room, log, room.check_join(None, cookie, f"d{len(room.devices)}", NOW))
    return cookies


# The items: what a phone sees and sends, each kind asking its own type.


@pytest.mark.parametrize(
    ("q", "shape", "keys", "rows", "right"),
    [
        (SINGLE, "one", ["A", "B", "C", "D"], [], ["C"]),
        (MULTIPLE, "many", ["A", "B", "C"], [], ["A", "C"]),
        (TRUE_FALSE, "one", ["t", "f"], [], ["t"]),
        (ORDER, "sequence", ["A", "B", "C"], ["1st", "2nd", "3rd"], ["A", "B", "C"]),
        (MATCH, "sequence", ["A", "B", "C"], ["Person", "Place", "Process"], ["A", "B", "C"]),
    ],
    ids=["single", "multiple", "true-false", "order", "match"],
)
def test_a_question_as_a_phone_sees_it(
    q: Question, shape: str, keys: list[str], rows: list[str], right: list[str]
) -> None:
    item = question(q)
    assert item.shape == shape
    assert [key for key, _ in item.options()] == keys
    assert [text for _, text in item.rows()] == rows
    assert item.right() == right
    assert item.correct(item.read(right)) is True


@pytest.mark.parametrize(
    ("q", "choice", "given", "correct"),
    [
        (SINGLE, ["B"], ("x",), False),
        (MULTIPLE, ["C", "A"], ("w", "y"), True),
        (MULTIPLE, ["A"], ("w",), False),
        (TRUE_FALSE, ["f"], ("False",), False),
        (ORDER, ["C", "A", "B"], ("third", "first", "second"), False),
        (MATCH, ["A", "A", "C"], ("identity", "identity", "relating"), False),
    ],
    ids=["single", "multiple-right", "multiple-part", "true-false", "order", "match-repeat"],
)
def test_a_choice_is_read_by_the_question_type(
    q: Question, choice: list[str], given: tuple[str, ...], correct: bool
) -> None:
    item = question(q)
    assert item.read(choice) == given
    assert item.correct(given) is correct


@pytest.mark.parametrize(
    ("item", "choice", "message"),
    [
        (question(SINGLE), [], "choose from the options shown"),
        (question(SINGLE), ["E"], "choose from the options shown"),
        (question(SINGLE), ["A", "B"], "choose one option"),
        (question(SINGLE), [1], "choose from the options shown"),
        (question(MULTIPLE), ["A", "A"], "choose each option once"),
        (question(TRUE_FALSE), ["T"], "choose from the options shown"),
        (question(ORDER), ["A", "B"], "choose one option for each of the 3 rows"),
        (question(ORDER), ["A", "A", "B"], "type each of the 3 letters once, in order (e.g. CAB)"),
        (RankActivity(CONCEPTS), ["A", "A", "B"], "choose one option for each of the 3 rows"),
        (ScaleActivity(CONCEPTS[0]), ["6"], "choose from the options shown"),
    ],
    ids=[
        "none", "unknown", "two-for-one", "not-text", "twice", "case", "short", "order-repeat",
        "rank-repeat", "scale-six",
    ],
)  # fmt: skip
def test_a_choice_that_cannot_be_read_is_refused(
    item: Item, choice: list[Any], message: str
) -> None:
    with pytest.raises(Refused) as refused:
        item.read(choice)
    assert (refused.value.status, refused.value.message) == (400, message)


def test_the_activities() -> None:
    text, cloud = TextActivity(PROMPT), CloudActivity(PROMPT)
    scale, rank = ScaleActivity(CONCEPTS[0]), RankActivity(CONCEPTS)
    assert [(i.id, i.kind, i.shape, i.takes_text) for i in (text, cloud, scale, rank)] == [
        ("text-p1", "text", "text", True),
        ("cloud-p1", "cloud", "words", True),
        ("scale-a", "scale", "one", False),
        ("rank", "rank", "sequence", False),
    ]
    assert scale.text == "Alpha matters."
    assert scale.options()[0] == ("1", "1: Strongly disagree")
    assert rank.options() == [("A", "Alpha"), ("B", "Beta"), ("C", "Gamma")]
    assert rank.tally([["B", "A", "C"], ["B", "C", "A"]]) == {"A": 3, "B": 6, "C": 3}
    assert cloud.cleaned("  Trust   AND time ") == "trust and time"
    with pytest.raises(Refused, match="at most 3 words"):
        cloud.cleaned("one two three four")
    assert text.cleaned("  a  \n\n\n\nb ") == "a\n\nb"


def test_an_edited_item_is_a_new_item() -> None:
    assert TextActivity(PROMPT).qhash != TextActivity(PROMPT._replace(prompt="Other?")).qhash
    assert question(SINGLE).qhash == question_hash(SINGLE)


def test_the_plans_make_the_same_items_again() -> None:
    plan = {"seed": 4, "count": 3, "concepts": []}
    first = [i.record() for i in quiz_items(BUILTIN, plan)]
    assert first == [i.record() for i in quiz_items(BUILTIN, plan)]
    assert len(first) == 3
    reflect = {
        "activities": ["text", "rank"],
        "prompts": [BUILTIN.prompts[0].id],
        "concepts": ["compete", "cultural-conundrum"],
    }
    made = activity_items(BUILTIN, reflect)
    assert [i.kind for i in made] == ["text", "rank"]


# Devices.


def test_devices_join_once_and_are_refused_when_locked_full_or_kicked() -> None:
    room, log = make_room([question(SINGLE)], max_devices=2)
    first = room.check_join(None, "c1", "d1", NOW)
    assert first == {
        "t": "2027-01-15T08:00:00.000Z",
        "kind": "join",
        "device": "d1",
        "key": key_of("c1"),
    }
    act(room, log, first)
    assert room.check_join("c1", "c9", "d9", NOW) is None  # its own cookie: already here
    assert room.check_join("unknown", "c2", "d2", NOW) is not None  # a stale cookie: a new phone
    host(room, log, "lock")
    with pytest.raises(Refused, match="the room is locked"):
        room.check_join(None, "c2", "d2", NOW)
    assert room.check_join("c1", "c9", "d9", NOW) is None  # a phone in the room comes back
    host(room, log, "unlock")
    act(room, log, room.check_join(None, "c2", "d2", NOW))
    with pytest.raises(Refused, match=r"the room is full \(2 phones\)"):
        room.check_join(None, "c3", "d3", NOW)
    assert host(room, log, "kick d1") == [{"event": "kicked", "device": "d1", "devices": 1}]
    with pytest.raises(Refused) as refused:
        room.device_for("c1")
    assert refused.value.status == 403
    with pytest.raises(Refused, match="removed"):
        room.check_join("c1", "c4", "d4", NOW)


def test_a_device_needs_its_own_token() -> None:
    room, log = make_room([question(SINGLE)])
    join(room, log, 2)
    one, two = room.device_for("cookie-0"), room.device_for("cookie-1")
    room.check_token(one, room.token_for(one))
    assert room.token_for(one) != room.token_for(two)
    for wrong in (None, "", room.token_for(two)):
        with pytest.raises(Refused) as refused:
            room.check_token(one, wrong)
        assert refused.value.status == 403
    with pytest.raises(Refused):
        room.device_for(None)


# Answers.


def test_the_first_answer_of_a_device_counts_and_repeats_do_not() -> None:
    room, log = make_room([question(SINGLE), question(TRUE_FALSE)])
    join(room, log, 1)
    phone = room.device_for("cookie-0")
    with pytest.raises(Refused) as refused:
        room.check_answer(phone, 0, ["A"], "n", NOW)  # nothing open yet
    assert refused.value.status == 409
    assert host(room, log, "next")[0]["question"] == {"id": "s", "version": 1, "type": "single"}
    record = room.check_answer(phone, 1, ["C"], "n1", NOW)
    assert record is not None
    assert {k: record[k] for k in ("kind", "question", "version", "device", "value", "correct")} == {
        "kind": "answer", "question": "s", "version": 1, "device": phone.id, "value": ("y",),
        "correct": True,
    }  # fmt: skip
    assert record["qhash"] == question_hash(SINGLE)
    assert act(room, log, record) == [{"event": "answered", "question": {"id": "s"}, "count": 1}]
    assert room.check_answer(phone, 1, ["A"], "n2", NOW) is None  # the first one counts
    host(room, log, "close")
    with pytest.raises(Refused, match="answering is closed"):
        room.check_answer(room.device_for("cookie-0"), 1, ["A"], "n3", NOW)
    host(room, log, "next")
    with pytest.raises(Refused) as stale:
        room.check_answer(phone, 1, ["C"], "n1", NOW)
    assert stale.value.status == 409


def test_a_tally_is_hidden_below_its_minimum() -> None:
    room, log = make_room([question(SINGLE)], min_tally=3)
    cookies = join(room, log, 3)
    host(room, log, "next")
    for cookie, key in zip(cookies[:2], "AC", strict=True):
        act(room, log, room.check_answer(room.device_for(cookie), 1, [key], "n", NOW))
    revealed = host(room, log, "reveal")[0]
    assert revealed == {
        "event": "revealed", "question": {"id": "s"}, "count": 2, "tally": None,
        "withheld": "fewer than 3 answers", "answer": ["C"],
    }  # fmt: skip
    view = phone_view(room, room.device_for(cookies[0]))
    assert (view["tally"], view["withheld"]) == (None, 3)
    act(room, log, room.check_answer(room.device_for(cookies[2]), 1, ["C"], "n", NOW))
    assert host(room, log, "reveal")[0]["tally"] == {"A": 1, "B": 0, "C": 2, "D": 0}
    assert phone_view(room, room.device_for(cookies[0]))["you"] == {
        "answer": ["A"],
        "correct": False,
    }


def test_a_sequence_tally_counts_whole_sequences_the_answer_first() -> None:
    room, log = make_room([question(ORDER)], min_tally=1)
    cookies = join(room, log, 3)
    host(room, log, "next")
    for cookie, keys in zip(
        cookies, (["B", "A", "C"], ["A", "B", "C"], ["B", "A", "C"]), strict=True
    ):
        act(room, log, room.check_answer(room.device_for(cookie), 1, keys, "n", NOW))
    assert host(room, log, "reveal")[0]["tally"] == {"ABC": 1, "BAC": 2}


def test_teams_choose_then_answer_and_score_the_share_of_members_right() -> None:
    room, log = make_room([question(SINGLE)], teams=("Red", "Blue"), min_tally=1)
    cookies = join(room, log, 3)
    host(room, log, "next")
    red = room.device_for(cookies[0])
    with pytest.raises(Refused, match="choose your team first"):
        room.check_answer(red, 1, ["C"], "n", NOW)
    with pytest.raises(Refused, match="choose one of the teams"):
        room.check_team(red, "Green", NOW)
    for cookie, team in zip(cookies, ("Red", "Red", "Blue"), strict=True):
        act(room, log, room.check_team(room.device_for(cookie), team, NOW))
    for cookie, key in zip(cookies, "CAC", strict=True):
        act(room, log, room.check_answer(room.device_for(cookie), 1, [key], "n", NOW))
    with pytest.raises(Refused, match="your team is set"):
        room.check_team(red, "Blue", NOW)
    assert host(room, log, "reveal")[0]["teams"] == {
        "Red": {"members": 2, "right": 1, "points": 0.5},
        "Blue": {"members": 1, "right": 1, "points": 1.0},
    }
    assert standings(room) == [{"team": "Blue", "points": 1.0}, {"team": "Red", "points": 0.5}]


# Texts and moderation.


def text_room(kind: type[TextActivity] = TextActivity) -> tuple[Room, list[Record], list[str]]:
    room, log = make_room([kind(PROMPT)])
    cookies = join(room, log, 3)
    host(room, log, "next")
    return room, log, cookies


def send(room: Room, log: list[Record], cookie: str, text: str, nonce: str = "n") -> list[Any]:
    activity = room.current.id if room.current else ""
    return act(room, log, room.check_text(room.device_for(cookie), activity, text, nonce, NOW))


def test_a_text_waits_for_the_facilitator() -> None:
    room, log, cookies = text_room()
    events = send(room, log, cookies[0], "  <b>Shared</b> budgets \x1b[31m ")
    device = room.device_for(cookies[0]).id
    assert events == [
        {
            "event": "text",
            "activity": "text-p1",
            "id": "x1",
            "text": "<b>Shared</b> budgets ␛[31m",
            "device": device,
        }
    ]
    view = phone_view(room, room.device_for(cookies[1]))
    assert view["activity"]["approved"] == []
    assert phone_view(room, room.device_for(cookies[0]))["you"] == {
        "texts": [{"text": "<b>Shared</b> budgets ␛[31m", "status": "waiting"}]
    }
    assert queue(room) == [
        {"id": "x1", "activity": "text-p1", "text": "<b>Shared</b> budgets ␛[31m", "device": device}
    ]
    assert host(room, log, "approve x1") == [
        {"event": "approved", "id": "x1", "activity": "text-p1"}
    ]
    assert phone_view(room, room.device_for(cookies[1]))["activity"]["approved"] == [
        {"text": "<b>Shared</b> budgets ␛[31m", "count": 1}
    ]
    assert queue(room) == []


def test_a_text_sent_again_is_one_text_and_a_phone_sends_at_most_three() -> None:
    room, log, cookies = text_room()
    send(room, log, cookies[0], "one", "n1")
    assert room.check_text(room.device_for(cookies[0]), "text-p1", "one", "n1", NOW) is None
    send(room, log, cookies[0], "two", "n2")
    send(room, log, cookies[0], "three", "n3")
    with pytest.raises(Refused) as refused:
        room.check_text(room.device_for(cookies[0]), "text-p1", "four", "n4", NOW)
    assert refused.value.status == 429
    with pytest.raises(Refused) as long:
        room.check_text(room.device_for(cookies[1]), "text-p1", "x" * 281, "n", NOW)
    assert (long.value.status, long.value.message) == (413, "at most 280 characters")
    for empty in ("", "   ", None, 5):
        with pytest.raises(Refused, match="write something first"):
            room.check_text(room.device_for(cookies[1]), "text-p1", empty, "n", NOW)
    with pytest.raises(Refused, match="this activity is closed"):
        room.check_text(room.device_for(cookies[1]), "text-other", "hi", "n", NOW)


def test_the_same_words_are_moderated_together() -> None:
    room, log, cookies = text_room(CloudActivity)
    send(room, log, cookies[0], "Trust")
    send(room, log, cookies[1], "trust")
    host(room, log, "approve x1")
    assert [t.status for t in room.texts.values()] == ["approved", "approved"]
    assert send(room, log, cookies[2], "TRUST ") == []  # approved already: no need to ask
    assert phone_view(room, room.device_for(cookies[0]))["activity"]["approved"] == [
        {"text": "trust", "count": 3}
    ]
    host(room, log, "discard x2")
    assert [t.status for t in room.texts.values()] == ["discarded"] * 3
    assert phone_view(room, room.device_for(cookies[0]))["activity"]["approved"] == []
    with pytest.raises(Unknown, match="x2 is discarded already"):
        host(room, log, "discard x2")


def test_approved_texts_are_shuffled_without_times_or_authors() -> None:
    room, log = make_room([TextActivity(PROMPT)])
    cookies = join(room, log, 12)
    host(room, log, "next")
    for n, cookie in enumerate(cookies):
        send(room, log, cookie, f"text {n}")
        host(room, log, f"approve x{n + 1}")
    shown = phone_view(room, room.device_for(cookies[0]))["activity"]["approved"]
    assert sorted(t["text"] for t in shown) == sorted(f"text {n}" for n in range(12))
    assert [t["text"] for t in shown] != [f"text {n}" for n in range(12)]
    assert all(set(t) == {"text", "count"} for t in shown)


# The host's commands.


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["close"], "answering is not open"),
        (["reveal"], "nothing to reveal yet"),
        (["hide"], "nothing is revealed"),
        (["next", "open"], "answering is open already"),
        (["next", "next"], "that was the last one: end finishes the session"),
        (["approve x9"], 'no text "x9" to approve'),
        (["kick d9"], 'no device "d9" in the room'),
        (["unlock"], "the room is open to new phones already"),
        (["more"], "no countdown is running"),
        (
            ["dance"],
            'unknown command "dance"; the commands: open, close, reveal, hide, next, approve, discard, lock, unlock, kick, more, end',
        ),
    ],
)
def test_a_host_command_that_cannot_be_done_says_why(lines: list[str], message: str) -> None:
    room, log = make_room([question(SINGLE)])
    for line in lines[:-1]:
        host(room, log, line)
    with pytest.raises(Unknown) as error:
        host(room, log, lines[-1])
    assert str(error.value) == message


def test_a_countdown_closes_by_itself_and_more_adds_time() -> None:
    room, log = make_room([question(SINGLE)], seconds=30)
    records = room.command("next", "", NOW)
    assert records[-1]["until"] == "2027-01-15T08:00:30.000Z"
    for record in records:
        act(room, log, record)
    assert room.until == NOW + 30
    act(room, log, room.command("more", "", NOW + 10)[0])
    assert room.until == NOW + 45


# Replay: the records rebuild the room.


def test_the_records_rebuild_the_same_room() -> None:
    items: list[Item] = [question(SINGLE), TextActivity(PROMPT), question(MULTIPLE)]
    room, log = make_room(items, min_tally=1)
    cookies = join(room, log, 4)
    host(room, log, "next")
    for cookie, key in zip(cookies, "ABCC", strict=True):
        act(room, log, room.check_answer(room.device_for(cookie), 1, [key], "n", NOW))
    host(room, log, "reveal")
    host(room, log, "next")
    for cookie in cookies:
        send(room, log, cookie, f"from {cookie}")
    host(room, log, "approve x2")
    host(room, log, "discard x3")
    host(room, log, "kick d1")
    host(room, log, "next")
    json_log = [json.loads(json.dumps(r)) for r in log]  # as written and read back
    again = Room(room.setup, items)
    for record in json_log:
        again.apply(record)
    for cookie in cookies[:1] + cookies[2:]:
        assert phone_view(again, again.device_for(cookie)) == phone_view(
            room, room.device_for(cookie)
        )
    assert again.answers == room.answers
    assert {k: vars(v) for k, v in again.texts.items()} == {
        k: vars(v) for k, v in room.texts.items()
    }
    assert again.approved == room.approved
    assert (again.index, again.version, again.open) == (2, 3, True)

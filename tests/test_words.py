"""The shared words: counts, clocks and did-you-mean hints."""

import os

import pytest

from placecli.words import (
    clock,
    closest_by_words,
    did_you_mean,
    meant,
    plural,
    typed_number,
    word_for,
)


@pytest.mark.parametrize(
    ("count", "noun", "many", "expected"),
    [
        (0, "question", None, "0 questions"),
        (1, "question", None, "1 question"),
        (2, "answer", None, "2 answers"),
        (1, "child", "children", "1 child"),
        (3, "child", "children", "3 children"),
    ],
)
def test_plural(count: int, noun: str, many: str | None, expected: str) -> None:
    assert plural(count, noun, many) == expected


@pytest.mark.parametrize(
    ("count", "one", "many", "expected"),
    [
        (1, "item", None, "item"),
        (2, "item", None, "items"),
        (0, "position", None, "positions"),
        (1, "is", "are", "is"),
        (3, "is", "are", "are"),
    ],
)
def test_word_for(count: int, one: str, many: str | None, expected: str) -> None:
    assert word_for(count, one, many) == expected


@pytest.mark.parametrize(
    ("seconds", "signed", "expected"),
    [
        (0, False, "0:00"),
        (0.2, False, "0:01"),  # a countdown with a fraction left is not over
        (59.0, False, "0:59"),
        (60.0, False, "1:00"),
        (299.4, False, "5:00"),
        (724, False, "12:04"),
        (3909, False, "1:05:09"),
        (-5, False, "0:00"),  # a countdown never shows less than nothing
        (-30, True, "-0:30"),  # an overrun, when asked for
        (-0.0, True, "0:00"),
    ],
)
def test_clock(seconds: float, signed: bool, expected: str) -> None:
    assert clock(seconds, signed=signed) == expected


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("3", 3),
        ("012", 12),
        ("３", 3),  # full-width, as an input method types it
        ("٣", 3),  # Arabic-Indic
        ("²", None),  # str.isdigit() says yes; int() refuses it
        ("①", None),
        ("½", None),
        ("-3", None),
        ("3.0", None),
        ("", None),
        ("999999999", 999_999_999),
        ("9" * 10, None),  # longer than any number meant; int() refuses 5,000 digits
    ],
)
def test_typed_number(text: str, number: int | None) -> None:
    assert typed_number(text) == number


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("quizz", '; did you mean "quiz"?'),
        ("sumary", '; did you mean "summary"?'),
        ("refelct", '; did you mean "reflect"?'),
        ("r", '; did you mean "summary", "reflect" or "run"?'),
        ("xyzzy", ""),
    ],
)
def test_did_you_mean(word: str, expected: str) -> None:
    assert did_you_mean(word, ["summary", "quiz", "reflect", "run"]) == expected


def test_a_typo_in_one_word_of_a_name_finds_the_name() -> None:
    names = [
        ("cultural-conundrum", "cultural-conundrum"),
        ("cultural-conundrum", "The greatest conundrum"),
        ("compete", "From compete to collaborate"),
        ("STP", "Sustainability and transformation partnership"),
    ]
    assert closest_by_words("cultral", names) == ["cultural-conundrum"]
    assert closest_by_words("sustainabilty", names) == ["STP"]
    assert closest_by_words("conundrm", names) == ["cultural-conundrum"]  # each key once
    assert closest_by_words("zzzz", names) == []


@pytest.mark.parametrize(
    ("near", "expected"),
    [
        ([], ""),
        (["STP"], '; did you mean "STP"?'),
        (["a", "b", "c"], '; did you mean "a", "b" or "c"?'),
    ],
)
def test_meant(near: list[str], expected: str) -> None:
    assert meant(near) == expected


def test_hints_from_a_set_are_the_same_on_every_run() -> None:
    """A set's order changes with Python's string hashing from run to run: hints that
    tie came out in either order ("place-ba" or "place", "place" or "place-ba")."""
    import subprocess
    import sys

    probe = 'from placecli.words import closest; print(closest("place", {"place-ba", "place"}))'
    shown = {
        subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in range(8)
    }
    assert shown == {"['place', 'place-ba']\n"}

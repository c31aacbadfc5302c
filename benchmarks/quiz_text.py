"""What a test-taker who has not read the article sees, and their score.

Usage:
  python benchmarks/quiz_text.py --seed N [--count 10]     a drawn quiz's text, no answers
  python benchmarks/quiz_text.py --bank                    the whole bank, as exports show it
  python benchmarks/quiz_text.py --seed N --score FILE     score a file of answers
  python benchmarks/quiz_text.py --bank --score FILE

A drawn quiz is read from `place quiz --seed N --count C --answer-key --format json`; the
bank from the built-in pack, each question's options as written (as Moodle, Anki and the
printed answer key show them) and an order or match question's items in a fixed shuffle.
The text holds each question and its options only: no id, concept, answer, explanation
or feedback. An answers file has one line per question, `3: B` (`3 B` and `3. B` too):
letters for lettered options (several for a multiple-answer question, in order for an
order or match question), `t` or `f` for true or false; a question left out is wrong.
The score is printed in all and by type, with each question's number, type and verdict.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

from placecli.packs import qtypes
from placecli.packs.locate import builtin_pack
from placecli.packs.pack import load_packs
from placecli.packs.qtypes import LETTERS
from placecli.quiz.engine import Asked

BIN = Path(sys.executable).parent
PLACE = [str(BIN / "place")] if (BIN / "place").exists() else [sys.executable, "-m", "placecli"]
HOW = {
    "single": "choose one letter",
    "multiple": "choose every letter that applies (one or more)",
    "true-false": "t (true) or f (false)",
    "order": "the letters in order, first to last",
    "match": "for items 1, 2, 3... in turn, the letter of each one's match",
}
ANSWER_LINE = re.compile(r"^\s*(\d+)\s*[:.)]?\s*(.*)$")


class Item(NamedTuple):
    number: int
    type: str
    question: str
    options: list[tuple[str, str]]  # (key, text) as shown
    items: list[str]  # a match question's numbered items
    answer: str  # the keys that answer it: "B", "AC", "t", "CAB"


def drawn(seed: int, count: int) -> list[Item]:
    command = [*PLACE, "quiz", "--seed", str(seed), "--count", str(count), "--answer-key"]
    out = subprocess.run([*command, "--format", "json"], capture_output=True, check=True)
    return [from_json(q) for q in json.loads(out.stdout)["questions"]]


def from_json(q: dict[str, Any]) -> Item:
    options = [(o["key"], o["text"]) for o in q["options"]]
    key_of = {text: key for key, text in options}
    keys = [key_of[text] for text in q["answer"]]
    if q["type"] == "multiple":
        keys.sort()
    answer = "".join(keys)
    return Item(q["number"], q["type"], q["question"], options, q.get("items", []), answer)


def bank() -> list[Item]:
    """Every question of the built-in pack, in the pack's order, options as written."""
    pack = load_packs([builtin_pack()])
    items = []
    for number, q in enumerate(pack.questions, 1):
        options = list(q.options)
        if not qtypes.of(q).form.chosen:  # an order or match, written in the right order: shuffle
            random.Random(f"bank:{q.id}").shuffle(options)
        shown = qtypes.of(q).keys(Asked(number, q, tuple(options)))
        key_of = {text: key for key, text in shown}
        keys = [key_of[text] for text in q.answer]
        answer = "".join(sorted(keys) if q.type == "multiple" else keys)
        items.append(Item(number, q.type, q.question, shown, list(q.left), answer))
    return items


def text_of(items: list[Item], heading: str) -> str:
    lines = [heading, ""]
    for item in items:
        lines.append(f"{item.number}. {item.question}")
        lines.append(f"   ({HOW[item.type]})")
        lines += [f"   {i}. {left}" for i, left in enumerate(item.items, 1)]
        lines += [f"   {key}) {text}" for key, text in item.options]
        lines.append("")
    lines.append("Answer with one line per question: 1: B, 2: AC, 3: t ...")
    return "\n".join(lines) + "\n"


def given_answers(path: Path) -> dict[int, str]:
    given = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        found = ANSWER_LINE.match(line)
        if found:
            given[int(found[1])] = found[2]
    return given


def normal(item: Item, text: str) -> str:
    if item.type == "true-false":
        word = text.strip().lower()
        return "t" if word in ("t", "true") else "f" if word in ("f", "false") else ""
    letters = [c for c in text.upper() if c in LETTERS]
    return "".join(sorted(set(letters))) if item.type == "multiple" else "".join(letters)


def score(items: list[Item], given: dict[int, str]) -> str:
    right: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    lines = []
    for item in items:
        ok = normal(item, given.get(item.number, "")) == item.answer
        right[item.type] += ok
        asked[item.type] += 1
        verdict = "right" if ok else f"wrong (answer {item.answer})"
        lines.append(f"{item.number:3}. {item.type:<10} {verdict}")
    total, n = sum(right.values()), len(items)
    lines.append(f"score: {total} of {n} ({100 * total / n:.0f}%)")
    for kind in HOW:
        if asked[kind]:
            lines.append(f"  {kind}: {right[kind]} of {asked[kind]}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--seed", type=int)
    which.add_argument("--bank", action="store_true")
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--score", type=Path, metavar="FILE")
    args = parser.parse_args()
    if args.bank:
        items, heading = bank(), "The question bank"
    else:
        items = drawn(args.seed, args.count)
        heading = f"A quiz of {len(items)} questions"
    if args.score:
        sys.stdout.write(score(items, given_answers(args.score)))
    else:
        sys.stdout.write(text_of(items, heading))


if __name__ == "__main__":
    main()

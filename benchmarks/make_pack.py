"""Write a large, valid content pack for the speed benchmark.

Usage: python benchmarks/make_pack.py OUT_DIR [--concepts 100 --questions 5000 --prompts 1000]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = (
    "place",
    "leadership",
    "system",
    "partnership",
    "locality",
    "population",
    "collaboration",
    "culture",
    "community",
    "evidence",
    "engagement",
    "boundary",
    "council",
    "trust",
    "voluntary",
    "sector",
    "priority",
    "delivery",
    "relationship",
    "capability",
    "development",
    "identity",
    "attachment",
    "process",
)


def sentence(rng: random.Random, words: int = 12) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_pack(out: Path, concepts: int, questions: int, prompts: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "pack.yaml").write_text(
        "format: 1\nid: generated\ntitle: Generated pack\n"
        "source:\n  title: Generated\n  published: 2018-03-28\n",
        encoding="utf-8",
    )
    lines = ["terms:"]
    for t in range(20):
        lines += [
            f"  - id: term-{t}",
            f"    term: Term {t}",
            f"    definition: {quoted(sentence(rng))}",
            "    aliases: [alias " + str(t) + "]",
        ]
    lines.append("concepts:")
    for c in range(concepts):
        lines += [
            f"  - id: concept-{c}",
            f"    title: Concept {c}",
            f"    section: Section {c // 10}",
            f"    summary: {quoted(sentence(rng, 30))}",
            "    points:",
            *(f"      - {quoted(sentence(rng))}" for _ in range(3)),
            f"    terms: [term-{c % 20}]",
            f"    related: [concept-{(c + 1) % concepts}]",
        ]
    (out / "concepts.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["questions:"]
    for q in range(questions):
        kind = ("single", "multiple", "true-false")[q % 3]
        lines += [
            f"  - id: q-{q}",
            f"    concept: concept-{q % concepts}",
            f"    type: {kind}",
            f"    question: {quoted(sentence(rng, 7))}",
            f"    explanation: {quoted(sentence(rng, 8))}",
        ]
        if kind == "true-false":
            lines.append(f"    answer: {'true' if q % 2 else 'false'}")
            continue
        # Each question's options are its own, as in a real pack: a wrong option repeated
        # across questions is a warning (repeated-distractor), thousands of which would
        # measure the printing of warnings rather than the reading of a pack.
        # The answer moves about (key-position), and no word pair marks the answers
        # alone (shared-word): every option is made the same way, its own tag last.
        options = [f"{sentence(rng, 2)[:-1]} ({q}{'abcd'[o]})." for o in range(4)]
        lines += ["    options:", *(f"      - {quoted(o)}" for o in options)]
        key = q % 4
        answer = (
            quoted(options[key])
            if kind == "single"
            else f"[{quoted(options[key])}, {quoted(options[(key + 2) % 4])}]"
        )
        lines += [
            f"    answer: {answer}",
            "    feedback:",
            f"      {quoted(options[(key + 1) % 4])}: {quoted(sentence(rng, 4))}",
        ]
    (out / "questions.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["prompts:"]
    for p in range(prompts):
        lines += [
            f"  - id: p-{p}",
            f"    concept: concept-{p % concepts}",
            f"    audience: {('individual', 'pair', 'group')[p % 3]}",
            f"    prompt: {quoted(sentence(rng, 8))}",
            f"    follow_ups: [{quoted(sentence(rng, 5))}]",
            "    minutes: 10",
        ]
    (out / "prompts.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--concepts", type=int, default=100)
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--prompts", type=int, default=1000)
    args = parser.parse_args()
    write_pack(args.out, args.concepts, args.questions, args.prompts)
    size = sum(f.stat().st_size for f in args.out.iterdir())
    print(f"wrote {args.out}: {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()

"""`place init`: a starter pack, or a starter overlay of the built-in pack, to edit.

Each file holds a working example of every kind of record, with comments saying what each
field does; the result passes `place validate --strict` as written (tests/test_init.py
checks it, and checks that the commented-out examples pass too once uncommented).
Nothing is ever overwritten: if any file is there already, nothing is written.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from placecli.errors import OutputError

if TYPE_CHECKING:
    from placecli.packs.locate import StrPath

HEAD = """\
# Check it: place validate {folder} --strict
# Use it:   place --content {folder} summary   (or quiz, reflect, glossary)
# How to write it: docs/content-format.md, or `place help validate`.
"""

PACK = {
    "pack.yaml": """\
# A pack of your own. Every file but this one holds lists of records: concepts,
# questions, prompts and terms, each with an id of its own.
{head}format: 1                      # the format this pack is written in; leave it at 1
id: {id}   # lower-case letters, digits and hyphens
title: {title}
description: One or two sentences on what the pack is for.   # optional
# Optional: `source`, the text the pack teaches, with its title, authors (each a name
# and a role), publication, published (a date) and url: see docs/content-format.md.
""",
    "concepts.yaml": """\
# Concepts, in the order `place summary` reads them.
concepts:
  - id: our-partnership                  # required, unique
    title: How our partnership began     # required
    section: Our place                   # optional: concepts are grouped by section
    summary: >-
      One to three sentences in your own words: what the idea is and why it matters
      here. Replace this with your own.
    points:                              # optional key points
      - A first point to remember.
      - A second point to remember.
    quote: "a short verbatim quotation"  # optional, at most 40 words
    terms: [partnership-board]           # optional: glossary term ids
    local:                               # optional: examples from your place, marked as local
      - text: The partners first met as one board in 2019.
        source: Board papers             # optional
        as_of: 2024-03-01                # optional: when it was true
""",
    "questions.yaml": """\
# Quiz questions: one example of each type. Every question has id, concept, type,
# question and explanation; the other fields depend on the type.
questions:
  - id: our-first-priority
    concept: our-partnership
    type: single                         # one right option
    question: Which priority did the partners agree to work on together first?
    options:                             # 2 to 8 different texts
      - Discharge from hospital to home
      - Waiting times for planned care
      - Recruiting to community teams
    answer: Discharge from hospital to home   # one option, copied exactly
    explanation: Why that answer is right; shown after every answer.
    feedback:                            # optional: words for a wrong option chosen
      Waiting times for planned care: That came second, a year later.

  - id: our-partners
    concept: our-partnership
    type: multiple                       # every right option must be chosen
    question: What have the partners agreed to share so far?
    options: [A data-sharing agreement, An office building, A joint training programme, A website]
    answer: [A data-sharing agreement, A joint training programme]
    explanation: Both were signed in the board's first year; the rest are still separate.

  - id: our-board-date
    concept: our-partnership
    type: true-false
    question: The partners first met as one board in 2019.
    answer: true
    explanation: The board papers record its first meeting in 2019.

  - id: our-steps
    concept: our-partnership
    type: order                          # items in the right order; shown shuffled
    question: Put the partnership's first steps in the order they happened.
    items:
      - The partners met as one board
      - They chose a first priority
      - They agreed a shared budget
    explanation: The board came first; the priority and then the budget followed.

  - id: our-roles
    concept: our-partnership
    type: match                          # left items keep their order; matches are shuffled
    question: Match each partner to what it brought.
    pairs:
      - [The council, Social care and housing]
      - [The acute trust, Wards and clinical staff]
      - [The voluntary sector, Links with local groups]
    explanation: Each partner brought what it runs or knows best.
""",
    "prompts.yaml": """\
# Reflection prompts, for individuals, pairs or groups.
prompts:
  - id: our-next-step
    concept: our-partnership             # optional
    audience: group                      # individual (the default), pair or group
    prompt: What should our partnership do together next, and who needs to be in the room?
    follow_ups: [Who is missing today?]  # optional
    minutes: 15                          # optional suggested time
""",
    "glossary.yaml": """\
# The glossary: terms your place uses.
terms:
  - id: partnership-board
    term: Partnership board
    definition: The meeting where the partners of our place decide together.
    aliases: [the board]                 # optional: other names people type
""",
}

OVERLAY = {
    "pack.yaml": """\
# An overlay of the built-in pack: it keeps the article's concepts, questions and
# prompts, and adds your own place to them. The other files hold only what you add or
# change, matched by id: `place concepts` lists the ids, `place summary ID` shows one.
# A field you give replaces the built-in one; a field set to null is removed; a new id
# adds a record; `hidden: true` hides one. Later fixes to the built-in pack still apply.
{head}format: 1
id: {id}
title: {title}
overlays: builtin                # the pack this one changes: the one built into place
""",
    "concepts.yaml": """\
# The article's concepts, changed by id. `local` adds examples from your place, shown
# under the article's points and marked as local.
concepts:
  - id: cultural-conundrum
    local:
      - text: An example from our place - replace this line with your own.
        source: Where it comes from, e.g. board papers   # optional
        as_of: 2024-03-01                                # optional: when it was true

  # Hide a concept (its questions and prompts go with it): remove the first "# ".
#   - id: new-jargon
#     hidden: true
""",
    "questions.yaml": """\
# Questions: a new id adds one (on any concept); a known id changes one.
questions:
  - id: our-first-priority
    concept: compete-to-collaborate
    type: single
    question: Which priority did our partners agree to work on together first?
    options:
      - Discharge from hospital to home
      - Waiting times for planned care
      - Recruiting to community teams
    answer: Discharge from hospital to home   # one option, copied exactly
    explanation: Replace with why - for example, the board chose it in 2023 because ...

  # Give a built-in question a local explanation: remove the first "# ".
#   - id: geography-bonds
#     explanation: In our place, the bonds between neighbourhoods ... (your words)

  # Hide a built-in question:
#   - id: jargon-title-balance
#     hidden: true
""",
    "prompts.yaml": """\
# Prompts: a new id adds one; a known id rewords one.
prompts:
  - id: our-old-rivalries
    concept: cultural-conundrum
    audience: group                      # individual, pair or group
    prompt: Where do old rivalries still shape decisions in our place?
    follow_ups: [What keeps them alive?, Who could help remove them?]
    minutes: 15

  # Reword a built-in prompt for your place: remove the first "# ".
#   - id: what-we-mean
#     prompt: What do we mean by "our place" - which streets, services and people?
""",
    "glossary.yaml": """\
# Terms: a new id adds one; a known id (see `place glossary`) changes one.
terms:
  - id: our-partnership
    term: Our partnership                # replace with its real name
    definition: The health and care organisations of our place, working as one.
    aliases: [the partnership]           # optional: other names people type

  # Add a local note to a built-in term's definition: remove the first "# ".
#   - id: ics
#     definition: Integrated care system. Ours covers ... (your words)
""",
}


def starter_files(folder: StrPath, overlay: bool) -> dict[str, str]:
    """The files `place init` writes, by name, filled in for this folder."""
    name = Path(folder).resolve().name
    ident = "-".join(re.findall(r"[a-z0-9]+", name.lower())) or "our-place"
    words = " ".join(re.findall(r"[A-Za-z0-9]+", name)) or "our place"
    title = f"Place-based leadership in {words}" if overlay else words[:1].upper() + words[1:]
    head = HEAD.format(folder=os.fspath(folder))
    templates = OVERLAY if overlay else PACK
    return {
        file: text.format(head=head, id=ident, title=json.dumps(title, ensure_ascii=False))
        for file, text in templates.items()
    }


def write_starter(folder: StrPath, overlay: bool) -> list[str]:
    """Write the starter files into `folder` (made if need be); the paths written.

    Refuses, writing nothing, if any of them exists already.
    """
    files = starter_files(folder, overlay)
    paths = {name: Path(folder) / name for name in files}
    there = [path for path in paths.values() if os.path.lexists(path)]
    if there:
        raise OutputError(
            f"{there[0]} already exists; place init never overwrites a file "
            "(choose a new folder, or move the files away)"
        )
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for name, path in paths.items():
            with path.open("x", encoding="utf-8", newline="\n") as stream:
                stream.write(files[name])
    except FileExistsError as error:  # made between the check and the write
        raise OutputError(
            f"{error.filename} already exists; place init never overwrites a file"
        ) from None
    except OSError as error:
        raise OutputError(f"cannot write {error.filename or folder}: {error.strerror}") from None
    return [os.fspath(path) for path in paths.values()]

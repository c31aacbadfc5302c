"""Item-writing warnings: questions a test-wise reader could answer without the text.

These follow the standard multiple-choice item-writing rules (Haladyna, Downing and
Rodriguez, 2002). A pack with warnings is still valid: `place validate` lists them and
exits 0, or 1 with `--strict`. Each warning names where the record was written, the rule,
what is wrong and how to fix it; docs/content-format.md has an example of each.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from placecli.packs import qtypes
from placecli.packs.model import Pack, Question

ABSOLUTE = re.compile(
    r"\b(only|always|never|all|none|every|purely|solely|entirely|completely|alone|"
    r"nothing|cannot|must)\b",
    re.IGNORECASE,
)
ABSOLUTE_WORDS = frozenset(ABSOLUTE.pattern.split("(")[1].split(")")[0].replace("|", " ").split())
NOT_LETTERS = str.maketrans(dict.fromkeys("\n\t.,;:!?()[]{}\"'/-", " "))
ABOVE = re.compile(r"\b(all|none|both|neither) of the (above|options)\b", re.IGNORECASE)
POINTING_STEM = re.compile(r"(this|these|that|those|it|they)\b", re.IGNORECASE)
LONG_KEY_RATIO = 1.5  # the key this much longer than the others on average is a cue


class Warning_(NamedTuple):
    """One item-writing warning. (`Warning` is a built-in exception, hence the name.)"""

    origin: str  # file:line of the record, or of the pack
    rule: str
    message: str
    fix: str


def warnings(pack: Pack) -> list[Warning_]:
    """Every warning for the pack: each rule's in the order the records were written."""
    found = [w for q in pack.questions for w in question_warnings(q)]
    found += list(pack_warnings(pack))
    found += list(bank_warnings(pack))
    return found


def question_warnings(q: Question) -> Iterator[Warning_]:
    if POINTING_STEM.match(q.question):
        yield Warning_(
            q.origin,
            "pointing-stem",
            f'the question "{q.id}" begins with "{q.question.split()[0]}", which points at '
            "something it does not name when the question is drawn alone",
            "name what it refers to, so the question stands alone",
        )
    joined = "\n".join(q.options).lower()  # one look for the common case: nothing found
    for option in q.options if " of the " in joined else ():
        if ABOVE.search(option):
            yield Warning_(
                q.origin,
                "all-of-the-above",
                f'"{option}" in "{q.id}" can be answered by spotting two true options',
                "write a real option instead",
            )
    if q.type == "single":
        yield from long_key(q)
    words = joined.translate(NOT_LETTERS).split()
    if q.type in ("single", "multiple") and not ABSOLUTE_WORDS.isdisjoint(words):
        yield from cue_words(q)


def long_key(q: Question) -> Iterator[Warning_]:
    key = q.answer[0]
    others = [len(o) for o in q.options if o != key]
    if (
        others
        and len(key) > LONG_KEY_RATIO * (sum(others) / len(others))
        and len(key) > max(others)
    ):
        yield Warning_(
            q.origin,
            "long-key",
            f'the answer to "{q.id}" is much longer than its other options '
            f"({len(key)} characters against {round(sum(others) / len(others))} on average)",
            "make the options alike in length: shorten the answer or give the others detail",
        )


def cue_words(q: Question) -> Iterator[Warning_]:
    marked = [o for o in q.options if ABSOLUTE.search(o)]
    if marked and all(o not in q.answer for o in marked):
        word = ABSOLUTE.search(marked[0])
        yield Warning_(
            q.origin,
            "cue-word",
            f'in "{q.id}" only wrong options use words like "{word[0] if word else ""}", '
            "which test-wise readers learn to reject",
            "use such words in a right option too, or in none",
        )


def pack_warnings(pack: Pack) -> Iterator[Warning_]:
    statements = [q for q in pack.questions if q.type == "true-false"]
    if len(statements) >= 4:
        true = sum(q.answer == ("True",) for q in statements)
        if not 0.3 <= true / len(statements) <= 0.7:
            yield Warning_(
                statements[0].origin,
                "true-false-balance",
                f"{true} of the {len(statements)} true/false statements are true; a reader "
                "who always answers the same way does well",
                "make about half of them true and half false",
            )
        yield from absolute_statements(statements)
    yield from key_position(pack)
    tally = pack.tally()
    for concept in pack.concepts:
        asked, prompts = tally[concept.id]
        if asked < 2:
            yield Warning_(
                concept.origin,
                "few-questions",
                f'the concept "{concept.id}" has {asked} question{"" if asked == 1 else "s"}',
                "give every concept at least two, so a quiz can check it more than once",
            )
        if not prompts:
            yield Warning_(
                concept.origin,
                "no-prompt",
                f'the concept "{concept.id}" has no reflection prompt',
                "add a prompt, so it can be discussed as well as quizzed",
            )


def absolute_statements(statements: list[Question]) -> Iterator[Warning_]:
    """Absolute words are a cue when they mostly mark false statements."""
    marked = [q for q in statements if ABSOLUTE.search(q.question)]
    false = [q for q in marked if q.answer == ("False",)]
    if len(false) >= 3 and len(false) > 2 * (len(marked) - len(false)):
        yield Warning_(
            false[0].origin,
            "absolute-statement",
            f"{len(false)} of the {len(marked)} true/false statements with words like "
            '"only" or "never" are false, so those words give the answer away',
            "put such words in true statements as often as in false ones",
        )


def key_position(pack: Pack) -> Iterator[Warning_]:
    """In a file, the right option should not always stand in one place."""
    singles = [q for q in pack.questions if q.type == "single"]
    if len(singles) < 4:
        return
    positions = [q.options.index(q.answer[0]) for q in singles]
    commonest = max(set(positions), key=positions.count)
    if positions.count(commonest) > 0.5 * len(singles):
        yield Warning_(
            singles[0].origin,
            "key-position",
            f"the answer is option {commonest + 1} in {positions.count(commonest)} of the "
            f"{len(singles)} single-answer questions, as written in the files",
            "move the answer about among the options, so any view that does not shuffle "
            "shows no pattern",
        )


# The bank as a whole: every item is seen with all the others in an exported question
# bank (Moodle, Anki, a printed answer key), so no item may answer another, and no
# wrong option may mark itself by turning up again and again.

SMALL_WORDS = frozenset(
    re.split(
        r"\s+",
        "a an and are as at be been by for from in into is it its of on or so than that the "
        "their them these they this those to was were what which who whom with",
    )
)
WORD = re.compile(r"[^\W_]+")
NOT_WORDS = re.compile(r"[\W_]+")


def phrase(text: str) -> tuple[str, ...]:
    """A text's words as compared: case, punctuation and small words ignored, plurals
    made singular ("The STPs' boundaries" -> stp, boundary)."""
    if len(FORMS) > 100_000:  # a pack's vocabulary is far smaller; keep memory bounded
        FORMS.clear()
    words = []
    for word in WORD.findall(text.casefold()):
        form = FORMS.get(word)
        if form is None:
            form = FORMS[word] = "" if ignored(word) else singular(word)
        if form:
            words.append(form)
    return tuple(words)


FORMS: dict[str, str] = {}  # each word's form, "" for a small word: a pack repeats its words


def ignored(word: str) -> bool:
    return word in SMALL_WORDS or (len(word) == 1 and not word.isdigit())


def singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


class Found(NamedTuple):
    """What a phrase in the index stands for: a key, or one side of a match's pair."""

    owner: int  # the question's place in the pack
    text: str
    side: int = -1  # for a pair: which pair (its index); -1 for a key
    left: bool = False


# Phrases as a trie of words, in plain dicts (a pack may index thousands): finding every
# indexed phrase in a text costs one short walk per word of the text, however many
# phrases there are, never a comparison of all pairs of questions. END holds what the
# phrase ending there stands for; no word is the empty string.
Trie = dict[str, Any]
END = ""


def index_phrase(trie: Trie, words: tuple[str, ...], found: Found) -> None:
    node = trie
    for word in words:
        node = node.setdefault(word, {})
    node.setdefault(END, []).append(found)


def found_in(trie: Trie, words: tuple[str, ...]) -> Iterator[Found]:
    """Every indexed phrase that the words hold, in order and unbroken."""
    for start, word in enumerate(words):
        node = trie.get(word)
        at = start + 1
        while node is not None:
            yield from node.get(END, ())
            node = node.get(words[at]) if at < len(words) else None
            at += 1


def bank_warnings(pack: Pack) -> Iterator[Warning_]:
    questions = pack.questions
    for q in questions:
        yield from all_options_right(q)
        yield from alphabetical_order(q)
    yield from leaks(questions)
    yield from repeated_distractors(questions)


def all_options_right(q: Question) -> Iterator[Warning_]:
    choices = qtypes.of(q).choices(q)
    if len(q.answer) > 1 and set(q.answer) == set(choices):
        yield Warning_(
            q.origin,
            "all-options-right",
            f'every option of "{q.id}" is right, so a reader who ticks them all scores',
            "add wrong options that a reader of the text would reject, or ask a "
            "single-answer question",
        )


def alphabetical_order(q: Question) -> Iterator[Warning_]:
    order = qtypes.of(q).sequence(q)
    if len(order) >= 3 and list(order) == sorted(order, key=alphabetical):
        yield Warning_(
            q.origin,
            "alphabetical-order",
            f'the right order of "{q.id}" is also A to Z, so sorting the items answers it',
            "ask for an order the text teaches, with items that are not in alphabetical order",
        )


def alphabetical(text: str) -> str:
    return " ".join(WORD.findall(text.casefold()))


def leaks(questions: tuple[Question, ...]) -> Iterator[Warning_]:
    """An item that states another's key, or both sides of one of a match's pairs."""
    index: Trie = {}
    for owner, q in enumerate(questions):
        kind = qtypes.of(q)
        for key in (a for a in q.answer if a in kind.choices(q)):
            if len(words := phrase(key)) >= 2:  # one word is too common to tell
                index_phrase(index, words, Found(owner, key))
        for side, (left, right) in enumerate(kind.pairings(q)):
            index_phrase(index, phrase(left), Found(owner, left, side, left=True))
            index_phrase(index, phrase(right), Found(owner, right, side))
    starts = spellings(index)  # a text with none of these words states nothing indexed
    warned: set[tuple[int, int, str]] = set()
    for here, q in enumerate(questions):
        for field, text in shown_texts(q):
            if starts.isdisjoint(WORD.findall(text.casefold())):
                continue
            found = [f for f in found_in(index, phrase(text)) if f.owner != here]
            for f in found:
                if f.side < 0 and (here, f.owner, f.text) not in warned:
                    warned.add((here, f.owner, f.text))
                    yield leaked_key(q, questions[f.owner], field, f.text)
            yield from leaked_pairs(q, questions, field, found, warned, here)


def spellings(index: Trie) -> set[str]:
    """The words, as written, that the indexed phrases can start with (plural or not)."""
    return {spelt for form in index for spelt in (form, form + "s", form[:-1] + "ies") if form}


def shown_texts(q: Question) -> Iterator[tuple[str, str]]:
    """(field, text) for every text of a question that states something."""
    yield "question", q.question
    yield "explanation", q.explanation
    for words in q.feedback.values():
        yield "feedback", words
    kind = qtypes.of(q)
    for text in kind.stated(q):
        yield ("pairs" if kind.pairings(q) else "items"), text


def leaked_key(q: Question, other: Question, field: str, key: str) -> Warning_:
    return Warning_(
        q.origin,
        "cross-item-leak",
        f'"{q.id}" states "{key}" (in its {field}), the answer to "{other.id}"; a reader '
        "who sees both, as in any exported bank, is given it",
        f'reword the {field} of "{q.id}" so it does not state that answer, or ask "{other.id}" '
        "about something else",
    )


def leaked_pairs(
    q: Question,
    questions: tuple[Question, ...],
    field: str,
    found: list[Found],
    warned: set[tuple[int, int, str]],
    here: int,
) -> Iterator[Warning_]:
    sides = {(f.owner, f.side, f.left): f.text for f in found if f.side >= 0}
    for (owner, side, left), text in sides.items():
        right = sides.get((owner, side, False))
        if not left or right is None or (here, owner, text) in warned:
            continue
        warned.add((here, owner, text))
        yield Warning_(
            q.origin,
            "cross-item-leak",
            f'"{q.id}" pairs "{text}" with "{right}" (in its {field}), a pair the match '
            f'"{questions[owner].id}" asks for',
            f'reword the {field} of "{q.id}" so it does not state the pair',
        )


def repeated_distractors(questions: tuple[Question, ...]) -> Iterator[Warning_]:
    """A wrong option used again in another item: test-wise readers learn to reject it.
    One warning per text, at its second use: a text used a thousand times is one fix."""
    first: dict[str, int] = {}  # the text as compared -> the question it is first wrong in
    again: dict[str, list[Any]] = {}  # -> [where it is used second, that option, uses after]
    for here, q in enumerate(questions):
        for option in qtypes.of(q).choices(q):
            same = NOT_WORDS.sub(" ", option.casefold()).strip()  # case and punctuation aside
            if not same or option in q.answer or first.setdefault(same, here) == here:
                continue
            again.setdefault(same, [here, option, 0])[2] += 1
    for same, (here, option, uses) in sorted(again.items(), key=lambda item: item[1][0]):
        q, earlier = questions[here], questions[first[same]]
        more = f" (and of {uses - 1:,} more)" if uses > 1 else ""
        yield Warning_(
            q.origin,
            "repeated-distractor",
            f'the wrong option "{option}" of "{q.id}" is also a wrong option of '
            f'"{earlier.id}"{more}',
            "give each item wrong options of its own",
        )

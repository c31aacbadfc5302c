"""Item-writing warnings that read the whole bank at once (see packs/lint.py for the
warnings on each question and on the pack's balance).

Every item is seen with all the others in an exported question bank (Moodle, Anki, a
printed answer key), and each explanation before the next question of a quiz: so no
item may state another's answer, no answer may share a telltale word with another text,
and no wrong option may mark itself by turning up again and again. Each check indexes
the bank's words once, never comparing all pairs of questions, so a pack of 5,000
questions is checked in a fraction of a second.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

from placecli.packs import qtypes
from placecli.packs.lint import Warning_
from placecli.packs.model import Pack, Question

SMALL_WORDS = frozenset(
    re.split(
        r"\s+",
        "a about after all also an and any are as at be been before both but by can could do "
        "does each for from had has have he her his how i if in into is it its may me more "
        "most much my no not now of on one or other our out over own same she should so some "
        "such than that the their them then there these they this those through to up us "
        "very was we were what when where which while who whom will with would you your",
    )
)
WORD = re.compile(r"[^\W_]+")
NOT_WORDS = re.compile(r"[\W_]+")


def phrase(text: str) -> tuple[str, ...]:
    """A text's words as compared: case, punctuation and small words ignored, plurals
    made singular ("The STPs' boundaries" -> stp, boundary)."""
    if len(FORMS) > 100_000:  # a pack's vocabulary is far smaller; keep memory bounded
        FORMS.clear()
    return tuple(filter(None, map(FORMS.__getitem__, WORD.findall(text.casefold()))))


class Forms(dict[str, str]):
    """Each word's form, "" for a small word, worked out at its first use: a pack
    repeats its words, and a word seen before costs one lookup in C."""

    def __missing__(self, word: str) -> str:
        form = self[word] = "" if ignored(word) else singular(word)
        return form


FORMS = Forms()


def phrases_of(texts: Iterable[str]) -> Memo:
    """Each text's phrase, as `phrase` makes it, for many texts at once. Most packs are
    ASCII: then the texts are joined by NUL (which no pack text holds), case-folded, and
    split into words by `str.translate` and `split`, all in C (on the benchmark pack's
    27,000 texts 2 ms, where the regex took 55 ms, and no call per text for each step).
    Other texts are phrased one by one when they are read."""
    phrases = Memo(phrase)
    unique = list(dict.fromkeys(texts))
    joined = " \0 ".join(unique).casefold()
    if not joined.isascii() or joined.count("\0") != len(unique) - 1:
        return phrases
    if len(FORMS) > 100_000:
        FORMS.clear()
    form = FORMS.__getitem__
    parts = joined.translate(ASCII_NOT_WORD).split("\0")
    phrased = [tuple(filter(None, map(form, part.split()))) for part in parts]
    phrases.update(zip(unique, phrased, strict=True))
    return phrases


# What WORD does not match in ASCII text, as spaces (NUL kept: it joins the texts).
ASCII_NOT_WORD = {c: " " for c in range(1, 128) if WORD.fullmatch(chr(c)) is None}


class Memo(dict[str, tuple[str, ...]]):
    """What `words_of` makes of each text, worked out once: the rules read a stem twice
    and an option three times."""

    def __init__(self, words_of: Callable[[str], tuple[str, ...]]) -> None:
        super().__init__()
        self.words_of = words_of

    def __missing__(self, text: str) -> tuple[str, ...]:
        found = self[text] = self.words_of(text)
        return found


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
    phrases = phrases_of(read_texts(pack))
    yield from leaks(questions, phrases)
    yield from shared_words(pack, phrases, Memo(lambda text: units(phrases[text])))
    yield from repeated_distractors(questions)


def read_texts(pack: Pack) -> Iterator[str]:
    """Every text the rules below read word by word."""
    for q in pack.questions:
        kind = qtypes.of(q)
        yield from (q.question, q.explanation, *q.feedback.values())
        yield from (*kind.choices(q), *kind.stated(q), *q.answer)
        yield from (text for pair in kind.pairings(q) for text in pair)
    yield from (concept.title for concept in pack.concepts)


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


def leaks(questions: tuple[Question, ...], phrases: Memo) -> Iterator[Warning_]:
    """An item that states another's key, or both sides of one of a match's pairs."""
    index: Trie = {}
    indexed: list[Found] = []
    for owner, q in enumerate(questions):
        kind = qtypes.of(q)
        for key in (a for a in q.answer if a in kind.choices(q)):
            if len(phrases[key]) >= 2:  # one word is too common to tell
                indexed.append(Found(owner, key))
        for side, (left, right) in enumerate(kind.pairings(q)):
            indexed.append(Found(owner, left, side, left=True))
            indexed.append(Found(owner, right, side))
    for entry in indexed:
        index_phrase(index, phrases[entry.text], entry)
    lasts = {phrases[entry.text][-1] for entry in indexed if phrases[entry.text]}
    warned: set[tuple[int, int, str]] = set()
    for here, q in enumerate(questions):
        for field, text in shown_texts(q):
            words = phrases[text]  # holding an indexed phrase, it holds its first and last word
            if lasts.isdisjoint(words) or index.keys().isdisjoint(words):
                continue
            found = [f for f in found_in(index, words) if f.owner != here]
            for f in found:
                if f.side < 0 and (here, f.owner, f.text) not in warned:
                    warned.add((here, f.owner, f.text))
                    yield leaked_key(q, questions[f.owner], field, f.text)
            yield from leaked_pairs(q, questions, field, found, warned, here)


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


# A right option can be given away by a single word as well as by its whole text: when
# no wrong option in the pack uses a word (or a pair of words) of the answer, a reader
# who meets that word in another question, in another question's options or in a
# concept's title has learnt that the text uses it, and picks the option that has it.


def shared_words(pack: Pack, phrases: Memo, units_of: Memo) -> Iterator[Warning_]:
    """Each answer with a word that no wrong option uses but another text shows: one
    warning per answer, naming the first such text and how many more. Each answer's
    words are looked up once, in a tally of where each word is shown, so a word that a
    thousand answers share costs no more than a thousand looks (not a million).
    `phrases`, `units_of`: each text's words and units, worked out once."""
    questions = pack.questions
    marking = answer_words(questions, units_of)
    if not marking:
        return
    shown = tally_shown(pack, marking, phrases, units_of)
    answers: dict[tuple[int, str], list[str]] = {}  # (question, answer) -> its marking words
    for unit, owners in marking.items():
        for owner_key in owners:
            answers.setdefault(owner_key, []).append(unit)
    for (owner, key), words in sorted(answers.items()):
        first, count = shown.elsewhere(words, owner)
        if first is not None:
            yield shared_word(questions[owner], key, first[1], first[2], count - 1)


class WhereShown:
    """Where each marking word is shown: its first text, its first text in another
    question's options than that one, and how often it is shown in all and in each
    question's own options (a stem or a title is no one's own: it counts for all)."""

    def __init__(self) -> None:
        self.first: dict[str, tuple[int, str, str, int]] = {}  # word -> (at, word, where, own)
        self.other: dict[str, tuple[int, str, str, int]] = {}  # the first with another own
        self.total: Counter[str] = Counter()
        self.own: Counter[tuple[str, int]] = Counter()

    def add(self, at: int, unit: str, where: str, own: int) -> None:
        self.total[unit] += 1
        self.own[unit, own] += 1
        first = self.first.setdefault(unit, (at, unit, where, own))
        if first[3] != own:
            self.other.setdefault(unit, (at, unit, where, own))

    def elsewhere(self, words: list[str], owner: int) -> tuple[tuple[int, str, str] | None, int]:
        """The first text outside the owner's own options that shows one of the words,
        and how many such texts there are."""
        best: tuple[int, str, str] | None = None
        count = 0
        for unit in words:
            count += self.total[unit] - self.own[unit, owner]
            found = self.first.get(unit)
            if found is not None and found[3] == owner:
                found = self.other.get(unit)
            if found is not None and (best is None or found[0] < best[0]):
                best = found[:3]
        return best, count


def tally_shown(
    pack: Pack, marking: dict[str, list[tuple[int, str]]], phrases: Memo, units_of: Memo
) -> WhereShown:
    shown = WhereShown()
    at = 0
    # A text shows a marking pair of words only if it holds the pair's second word.
    seconds = {unit.partition(" ")[2] for unit in marking if " " in unit}
    for where, own, text in shown_anywhere(pack):
        words = phrases[text]
        if marking.keys().isdisjoint(words) and seconds.isdisjoint(words):
            continue  # no marking word, and no pair's second word: it shows none
        for unit in [unit for unit in units_of[text] if unit in marking]:
            shown.add(at, unit, where, own)
            at += 1
    return shown


def shown_anywhere(pack: Pack) -> Iterator[tuple[str, int, str]]:
    """(where, own, text) for every stem, option, stated text and concept title, in the
    pack's order; `own` is the question whose options the text is one of, or -1."""
    for here, q in enumerate(pack.questions):
        kind = qtypes.of(q)
        yield f'the question of "{q.id}"', -1, q.question
        yield from ((f'an option of "{q.id}"', here, text) for text in kind.choices(q))
        yield from ((f'"{q.id}"', -1, text) for text in kind.stated(q))
    for concept in pack.concepts:
        yield f'the title of the concept "{concept.id}"', -1, concept.title


def answer_words(
    questions: tuple[Question, ...], units_of: Memo
) -> dict[str, list[tuple[int, str]]]:
    """The words and pairs of words of each answer that no wrong option in the pack uses."""
    wrong: set[str] = set()
    for q in questions:
        for option in (o for o in qtypes.of(q).choices(q) if o not in q.answer):
            wrong.update(units_of[option])
    marking: dict[str, list[tuple[int, str]]] = {}
    for owner, q in enumerate(questions):
        for key in (a for a in q.answer if a in qtypes.of(q).choices(q)):
            for unit in (u for u in units_of[key] if u not in wrong):
                marking.setdefault(unit, []).append((owner, key))
    return marking


def units(words: tuple[str, ...]) -> tuple[str, ...]:
    """A phrase's words, then each two words that stand together ("public service"), in
    order and once each, so that warnings name the same word on every run."""
    return tuple(dict.fromkeys([*words, *map(" ".join, itertools.pairwise(words))]))


def shared_word(q: Question, key: str, unit: str, where: str, more: int) -> Warning_:
    others = f" (and {more} more)" if more else ""
    return Warning_(
        q.origin,
        "shared-word",
        f'the answer "{key}" of "{q.id}" uses "{unit}", as {where} does{others}, and no '
        "wrong option in the pack does; a reader who has seen it there picks this answer",
        f'use "{unit}" in a wrong option too, or keep it out of the answer or of {where}',
    )

"""The handout as Markdown (CommonMark): the summary, the glossary, the reflection prompts
and, with the answer key, the quiz. Each piece is also a handout of its own:
`place glossary`, `place reflect` and `place quiz --answer-key` write them with
`--format markdown`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from placecli.exporters import Exported, Options, prompts_of, questions_of, terms_of
from placecli.packs.qtypes import Form, keyed, of
from placecli.views.plain import md, summary_markdown
from placecli.views.text import concept_title

if TYPE_CHECKING:
    from placecli.packs.model import Concept, Pack, Prompt, Question, Term

# (number shown, question, its options as (key, text) in the order shown)
Entry = tuple[int, "Question", Sequence[tuple[str, str]]]


def export(pack: Pack, concepts: Sequence[Concept], options: Options) -> Exported:
    parts = [summary_markdown(pack, concepts, brief=False)]
    terms = terms_of(pack, concepts)
    if terms:
        parts.append(glossary_markdown(terms))
    prompts = prompts_of(pack, concepts)
    if prompts:
        parts.append(prompts_markdown(prompts, pack))
    if options.answer_key:
        questions = questions_of(pack, concepts)
        if questions:
            entries = [(n, q, keyed(q)) for n, q in enumerate(questions, start=1)]
            parts.append(answer_key_markdown(entries, pack))
    return Exported("\n".join(parts))


def glossary_markdown(terms: Iterable[Term], level: int = 2) -> str:
    lines = [f"{'#' * level} Glossary", ""]
    for term in terms:
        also = f" (also: {md(', '.join(term.aliases))})" if term.aliases else ""
        lines += [f"- **{md(term.term)}**{also}: {md(term.definition)}"]
    return "\n".join(lines) + "\n"


def prompts_markdown(prompts: Sequence[Prompt], pack: Pack, level: int = 2) -> str:
    """Prompts under their concept's title, with room to write after each."""
    lines = [f"{'#' * level} Reflection", ""]
    current: object = object()
    for prompt in prompts:
        if prompt.concept != current:
            current = prompt.concept
            lines += [f"{'#' * (level + 1)} {md(concept_title(pack, prompt.concept))}", ""]
        label = prompt.audience + (f" · {prompt.minutes} min" if prompt.minutes else "")
        lines += [f"**{label}**: {md(prompt.prompt)}", ""]
        if prompt.follow_ups:
            lines += [f"- {md(f)}" for f in prompt.follow_ups] + [""]
        lines += ["Notes:", "", "&nbsp;", "", "&nbsp;", ""]
    return "\n".join(lines).rstrip() + "\n"


def answer_key_markdown(
    entries: Sequence[Entry], pack: Pack, level: int = 2, note: str | None = None
) -> str:
    """The questions with the right options ticked, each answer and why; `note` (Markdown)
    goes under the heading."""
    lines = [f"{'#' * level} Quiz and answers", "", *([note, ""] if note else [])]
    for number, question, options in entries:
        heading = f"{number}. {md(question.question)}"
        lines += [f"{'#' * (level + 1)} {heading}", ""]
        lines += [f"*{md(concept_title(pack, question.concept))}* (`{question.id}`)", ""]
        lines += [*answer_lines(question, options), ""]
        lines += [f"**Why:** {md(question.explanation)}", ""]
    return "\n".join(lines).rstrip() + "\n"


def answer_lines(question: Question, options: Sequence[tuple[str, str]]) -> list[str]:
    form = of(question).form
    if form is Form.ORDER:
        items = [f"{n}. {md(item)}" for n, item in enumerate(question.answer, start=1)]
        return ["**Answer**, in order:", "", *items]
    if form is Form.PAIRS:
        pairs = zip(question.left, question.answer, strict=True)
        return ["**Answer**, the pairs:", "", *[f"- {md(a)} → {md(b)}" for a, b in pairs]]
    ticked = [
        f"- {'✓' if text in question.answer else '·'} **{key}** {md(text)}" for key, text in options
    ]
    right = ", ".join(key for key, text in options if text in question.answer)
    return [*ticked, "", f"**Answer:** {right}"]

"""Turning the model into Rich renderables (Markdown and JSON are in `plain.py`; the
layout pieces they are put together with, in `layout.py`).

Pack text always goes into `Text(...)`, never into markup strings, so `[red]` in a pack
prints as typed. That `Text` is Rich's with every string passed through
`safetext.neutral`, because Rich writes ESC, C1 and bidirectional characters through to
the terminal: whatever a pack holds is shown, never obeyed. Nothing here prints: the
command layer's presenter (commands/presenter.py) hands the results to a Console.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Group, NewLine, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.text import Text as RichText

from placecli.packs.model import Concept, Pack, Prompt, Term
from placecli.safetext import neutral
from placecli.views.layout import Hanging, Heading, Narrow, Stacked
from placecli.views.text import byline, concept_links, concept_title, local_note, sections_of
from placecli.words import plural

if TYPE_CHECKING:
    from rich.table import Table

    from placecli.quiz.engine import Asked, Outcome, Quiz


class Text(RichText):
    """Rich's Text; what it is given to show is made visible, never control (safetext.py)."""

    def __init__(self, text: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(neutral(text), *args, **kwargs)

    def append(self, text: str | RichText, style: Any = None) -> RichText:
        return super().append(neutral(text) if isinstance(text, str) else text, style)


READING_WIDTH = 100  # prose wider than this is hard to read on a projector
LISTED_AT_MOST = 5  # concepts to read again named one a line in the quiz report
ACCENT = "place.accent"  # every style here is a name from theme.py
LOCAL = "place.local"  # the room's own place, apart from the article's general points


def title_panel(pack: Pack) -> Panel:
    body = Text(pack.title, style="place.strong")
    if pack.source:
        body.append("\nA study guide to ", style="place.muted")
        body.append(f"“{pack.source.title}”", style="place.quote")
        for line in byline(pack.source):
            body.append("\n" + line, style="place.muted")
    return Panel(body, border_style="place.rule", padding=(0, 1), expand=False)


def concept_parts(concept: Concept, pack: Pack) -> list[RenderableType]:
    """A concept's heading, summary, points, local examples, quote and links, then a
    blank line."""
    heading = Text(concept.title, style="place.strong")
    heading.append(f"  {concept.id}", style="place.id")
    parts: list[RenderableType] = [heading, Hanging([(Text(), Text(concept.summary))], 2)]
    marked = [(Text("•", style="place.mark"), Text(point)) for point in concept.points]
    for example in concept.local:
        body = Text("Local: ", style=LOCAL)
        body.append(example.text)
        note = local_note(example)
        if note:
            body.append(f" ({note})", style="place.muted")
        marked.append((Text("◆", style=LOCAL), body))
    if concept.quote:
        marked.append(
            (Text("▌", style="place.mark"), Text(f"“{concept.quote}”", style="place.quote"))
        )
    extras = concept_links(concept, pack)
    if extras:
        marked.append((Text(" "), Text(extras, style="place.muted")))
    if marked:
        parts.append(Hanging(marked, 4))
    return [*parts, NewLine()]


def summary_view(pack: Pack, concepts: Sequence[Concept], brief: bool) -> RenderableType:
    """The pack's title and source, then the chosen concepts grouped by section."""
    parts: list[RenderableType] = [title_panel(pack), NewLine()]
    for number, section, members in sections_of(pack, concepts):
        if section:
            label = Text(f" {number} · ", style=ACCENT) + Text(section, style=ACCENT)
            parts.append(Heading(label))
        if brief:
            parts += [Padding(brief_list(members), (0, 0, 0, 1), expand=False), Text()]
        else:
            parts += [part for c in members for part in concept_parts(c, pack)]
    return Group(*parts)  # one flat Group: each level of nesting costs every line a step


def brief_list(concepts: Sequence[Concept]) -> Stacked:
    """One line per concept: its id (to type next), then its title."""
    return Stacked([(Text(c.id, style="place.id"), Text(c.title)) for c in concepts], margin=2)


def concepts_table(pack: Pack) -> RenderableType:
    """Concepts in reading order, each section introduced by a heading row; a stacked
    list on a narrow screen."""
    return Narrow(concepts_wide(pack), concepts_stacked(pack))


def concepts_stacked(pack: Pack) -> RenderableType:
    parts: list[RenderableType] = [Text(pack.title, style="place.strong"), Text()]
    for number, section, members in sections_of(pack, pack.concepts):
        if section:
            parts.append(
                Hanging([(Text(f"{number} ·", style=ACCENT), Text(section, style=ACCENT))])
            )
        for c in members:
            prompts = len(pack.prompts_for(c.id))
            counts = f"{len(pack.questions_for(c.id))} quiz · {plural(prompts, 'prompt')}"
            parts.append(Text(c.id, style="place.id") + Text(f"  {counts}", style="place.muted"))
            parts.append(Hanging([(Text(), Text(c.title))], 3))
        parts.append(Text())
    return Group(*parts)


def concepts_wide(pack: Pack) -> Table:
    from rich.table import Table

    table = Table(title=Text(pack.title, style="place.strong"), header_style=ACCENT, expand=False)
    table.add_column("id", style="place.id", no_wrap=True)
    table.add_column("title · section")
    table.add_column("quiz", justify="right")
    table.add_column("prompts", justify="right")
    tally = pack.tally()
    for number, section, members in sections_of(pack, pack.concepts):
        if section:
            if number > 1:
                table.add_section()
            table.add_row("", Text(f"{number} · {section}", style="place.heading"))
        for c in members:
            questions, prompts = tally[c.id]
            table.add_row(Text(c.id), Text(c.title), str(questions), str(prompts))
    return table


def glossary_table(terms: Sequence[Term]) -> RenderableType:
    """Every term with its definition, which gets most of the width; a stacked list (the
    term, then its definition indented under it) on a narrow screen."""
    from rich.table import Table

    table = Table(header_style=ACCENT, show_lines=True, expand=True)
    table.add_column("term", style="place.strong", max_width=24)
    table.add_column("definition", ratio=1)
    for term in terms:
        table.add_row(Text(term.term), definition(term))
    stacked: list[RenderableType] = []
    for term in terms:
        stacked += [Text(term.term, style="place.strong"), Hanging([(Text(), definition(term))], 3)]
        stacked.append(Text())
    return Narrow(table, Group(*stacked))


def definition(term: Term) -> Text:
    body = Text(term.definition)
    if term.aliases:
        body.append("\nAlso: " + ", ".join(term.aliases), style="place.muted")
    return body


def term_view(term: Term) -> RenderableType:
    body = Text(term.definition)
    if term.aliases:
        body.append("\n\nAlso: " + ", ".join(term.aliases), style="place.muted")
    title = Text(term.term, style="place.strong")
    return Panel(body, title=title, title_align="left", border_style="place.rule", expand=False)


# The quiz.


def question_view(asked: Asked, total: int) -> RenderableType:
    """A question as the player sees it: never its concept, which could give it away."""
    q = asked.question
    header = Text(f"Question {asked.number} of {total}", style=ACCENT)
    parts: list[RenderableType] = [
        Text(),
        Rule(header, align="left", style="place.rule"),
        Text(q.question, style="place.strong"),
    ]
    lead = asked.kind.lead(asked)
    if lead:
        parts += [
            Hanging([(Text(f"{key}.", style="place.strong"), Text(item)) for key, item in lead], 2)
        ]
        parts.append(Text())
    parts.append(Hanging([(Text(key, style=ACCENT), Text(o)) for key, o in asked.choices()], 2))
    return Group(*parts)


def answer_block(label: str, asked: Asked, texts: Sequence[str], style: str) -> RenderableType:
    """`Answer: B  Work` on one line, or the label above the lines of a longer answer."""
    lines = asked.kind.answer_lines(asked, texts)
    if len(lines) == 1:
        return Text(f"{label} ", style=style) + Text(lines[0])
    rows = [Hanging([hung(line)], 2) for line in lines]  # each hangs under its own text
    return Group(Text(label, style=style), *rows)


def hung(line: str) -> tuple[RichText, RichText]:
    """`1. C  Human geography` as a marker and a text, so that a wrapped line goes on
    under the text, not under the marker."""
    head, gap, rest = line.partition("  ")
    return (Text(head + " "), Text(rest)) if gap and rest else (Text(), Text(line))


def outcome_view(outcome: Outcome, pack: Pack) -> RenderableType:
    """The verdict, how much was right, the answer, the concept and why."""
    asked = outcome.asked
    q = asked.question
    if outcome.correct:
        verdict = Text("✓ Right.", style="place.good")
    elif not outcome.given:
        verdict = Text("✗ Not answered.", style="place.bad")
    else:
        verdict = Text("✗ Not this time.", style="place.bad")
    parts: list[RenderableType] = [verdict]
    if not outcome.correct and outcome.given:
        parts.append(answer_block("You answered:", asked, outcome.given, "place.wrong"))
        if outcome.partly:
            parts.append(
                Text(outcome.partly[:1].upper() + outcome.partly[1:] + ".", style="place.wrong")
            )
    parts.append(answer_block("Answer:", asked, q.answer, "place.strong"))
    concept = Text("On ", style="place.muted") + Text(
        concept_title(pack, q.concept), style="place.strong"
    )
    parts += [concept, Text(q.explanation)]
    for option, words in outcome.feedback:
        parts.append(Text(f"On “{option}”: ", style="place.warn") + Text(words, style="place.warn"))
    return Padding(Group(*parts), (1, 0, 1, 2), expand=False)


def bar(right: int, asked: int, width: int = 10) -> RichText:
    filled = round(width * right / asked) if asked else 0
    style = "place.bar.good" if right == asked else ("place.bar.part" if right else "place.bar.bad")
    return Text("█" * filled, style=style) + Text("░" * (width - filled), style="place.bar.empty")


def result_view(quiz: Quiz, pack: Pack) -> RenderableType:
    """The final report: the score, a bar per concept (or per section, when most concepts
    had one question, so that the bars mean something), and one command to read again
    what was missed."""
    if not quiz.total:
        return Text("No questions were answered.", style="place.strong")
    from rich.table import Table

    style = (
        "place.good"
        if quiz.percent >= 80
        else ("place.warn" if quiz.percent >= 50 else "place.bad")
    )
    score = Text(f"Score: {quiz.score} of {quiz.total} ({quiz.percent}%)", style=style)
    concepts = quiz.by_concept(pack)
    by_section = sum(s.asked == 1 for s in concepts) > len(concepts) / 2
    table = Table(header_style=ACCENT, expand=False, box=None, padding=(0, 1))
    table.add_column("section" if by_section else "concept")
    table.add_column("", no_wrap=True)
    table.add_column("right", justify="right", no_wrap=True)
    if by_section:
        for number, section, right, asked in quiz.by_section(pack):
            table.add_row(
                Text(f"{number} · {section or 'General'}"), bar(right, asked), f"{right}/{asked}"
            )
    else:
        for s in concepts:
            table.add_row(
                Text(concept_title(pack, s.concept)), bar(s.right, s.asked), f"{s.right}/{s.asked}"
            )
    parts: list[RenderableType] = [Rule(style="place.rule"), score, Text(), table]
    revisit = quiz.to_revisit(pack)
    if len(revisit) > LISTED_AT_MOST:  # the report must fit one screen (80x24)
        missed = f"\nRead again the {len(revisit)} concepts with a wrong answer:"
        parts.append(Text(missed, style="place.strong"))
        parts.append(Text("place summary " + " ".join(revisit), style="place.id"))
    elif revisit:
        parts.append(Text("\nRead again:", style="place.strong"))
        rows = [(Text("•", style="place.mark"), Text(concept_title(pack, c))) for c in revisit]
        parts.append(Hanging(rows, 2))
        parts.append(Text("place summary " + " ".join(revisit), style="place.id"))
    else:
        parts.append(Text("\nEvery concept answered right. Well done.", style="place.good"))
    return Group(*parts)


def answer_key_view(asked: Sequence[Asked], pack: Pack, heading: str) -> RenderableType:
    """Each question as the quiz shows it, the right options ticked, and why."""
    parts: list[RenderableType] = [Text(heading, style="place.strong"), Text()]
    for a in asked:
        q = a.question
        question = Text(q.question, style="place.strong")
        question.append(f"  {q.id} · {concept_title(pack, q.concept)}", style="place.muted")
        parts.append(Hanging([(Text(f"{a.number}.", style=ACCENT), question)]))
        lead = a.kind.lead(a)
        if lead:
            parts.append(Hanging([(Text(f"  {k}."), Text(item)) for k, item in lead], 1))
        rows = []
        for key, option in a.choices():
            right = a.kind.form.chosen and option in q.answer
            mark = Text("✓", style="place.good") if right else Text(" ")
            rows.append((mark + Text(f" {key}", style=ACCENT), Text(option)))
        parts.append(Hanging(rows, 1))
        why = [
            (
                Text("Answer:", style="place.strong"),
                Text("\n".join(a.kind.answer_lines(a, q.answer))),
            ),
            (Text("Why:", style="place.strong"), Text(q.explanation, style="place.muted")),
        ]
        parts += [Hanging(why, 3), Text()]
    return Group(*parts)


# Reflection.


def prompt_tag(prompt: Prompt, minutes: str | None = None) -> RichText:
    """` group · 15 min ` and the prompt's id beside it (what `--timer` and `reflect ID`
    take). `minutes`: the time to show instead of the prompt's own (a plan's, a timer's)."""
    if minutes is None and prompt.minutes:
        minutes = f"{prompt.minutes} min"
    label = prompt.audience + (f" · {minutes}" if minutes else "")
    return Text(f" {label} ", style="place.tag") + Text(f"  {prompt.id}", style="place.id")


def prompt_body(prompt: Prompt, minutes: str | None = None) -> RenderableType:
    rows = [(Text("↳", style="place.mark"), Text(f)) for f in prompt.follow_ups]
    parts: list[RenderableType] = [
        prompt_tag(prompt, minutes),
        Text(prompt.prompt, style="place.strong"),
    ]
    if rows:
        parts.append(Hanging(rows, 2))
    return Padding(Group(*parts), (0, 0, 1, 1), expand=False)


def prompts_view(prompts: Sequence[Prompt], pack: Pack) -> RenderableType:
    """Prompts grouped under their concept's title, in the order given."""
    parts: list[RenderableType] = []
    current: object = object()
    for prompt in prompts:
        if prompt.concept != current:
            current = prompt.concept
            title = Text(concept_title(pack, prompt.concept), style="place.heading")
            if prompt.concept:
                title.append(f"  {prompt.concept}", style="place.id")
            parts.append(Heading(title))
        parts.append(prompt_body(prompt))
    return Group(*parts)


def prompt_view(prompt: Prompt, pack: Pack, number: int, total: int) -> RenderableType:
    header = Text(f"Prompt {number} of {total}", style=ACCENT)
    header.append("  ·  " + concept_title(pack, prompt.concept), style="place.muted")
    return Group(Text(), Heading(header), prompt_body(prompt))


def prompt_details(prompt: Prompt) -> RenderableType:
    """What present mode shows under a prompt: its audience and minutes, its follow-ups."""
    rows = [(Text("↳", style="place.mark"), Text(f)) for f in prompt.follow_ups]
    return Group(prompt_tag(prompt), Text(), Hanging(rows, 1))

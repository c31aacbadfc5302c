"""Turning the model into Rich renderables (Markdown and JSON are in `export.py`).

Pack text always goes into `Text(...)`, never into markup strings, so `[red]` in a pack
prints as typed. That `Text` is Rich's with every string passed through
`safetext.neutral`, because Rich writes ESC, C1 and bidirectional characters through to
the terminal: whatever a pack holds is shown, never obeyed. Nothing here prints:
`commands.py` hands the results to a Console.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, NewLine, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.segment import Segment
from rich.text import Text as RichText

from .model import Concept, Pack, Prompt, Term
from .safetext import neutral
from .text import byline, concept_links, concept_title, local_note, sections_of

if TYPE_CHECKING:
    from rich.table import Table

    from .quiz import Asked, Outcome, Quiz


class Text(RichText):
    """Rich's Text; what it is given to show is made visible, never control (safetext.py)."""

    def __init__(self, text: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(neutral(text), *args, **kwargs)

    def append(self, text: str | RichText, style: Any = None) -> RichText:
        return super().append(neutral(text) if isinstance(text, str) else text, style)


READING_WIDTH = 100  # prose wider than this is hard to read on a projector
ACCENT = "bold cyan"
LOCAL = "bold green"  # the room's own place, apart from the article's general points


def title_panel(pack: Pack) -> Panel:
    body = Text(pack.title, style="bold")
    if pack.source:
        body.append("\nA study guide to ", style="dim")
        body.append(f"“{pack.source.title}”", style="italic")
        for line in byline(pack.source):
            body.append("\n" + line, style="dim")
    return Panel(body, border_style="cyan", padding=(0, 1), expand=False)


def concept_parts(concept: Concept, pack: Pack) -> list[RenderableType]:
    """A concept's heading, summary, points, local examples, quote and links, then a
    blank line."""
    heading = Text(concept.title, style="bold")
    heading.append(f"  {concept.id}", style="dim")
    parts: list[RenderableType] = [heading, Hanging([(Text(), Text(concept.summary))], 2)]
    marked = [(Text("•", style=ACCENT), Text(point)) for point in concept.points]
    for example in concept.local:
        body = Text("Local: ", style=LOCAL)
        body.append(example.text)
        note = local_note(example)
        if note:
            body.append(f" ({note})", style="dim")
        marked.append((Text("◆", style=LOCAL), body))
    if concept.quote:
        marked.append((Text("▌", style="cyan"), Text(f"“{concept.quote}”", style="italic")))
    extras = concept_links(concept, pack)
    if extras:
        marked.append((Text(" "), Text(extras, style="dim")))
    if marked:
        parts.append(Hanging(marked, 4))
    return [*parts, NewLine()]


class Hanging:
    """Marked lines whose wrapped text stays indented under the text, not the marker.

    A light stand-in for a two-column `Table.grid`, which measures every cell and made
    `place summary` several times slower; it prints what such a grid prints
    (tests/test_render.py compares them). The text is wrapped by Rich: a hand-written
    wrapper for plain text saved 2.3 ms of a 176 ms `place summary`, and was dropped.
    """

    def __init__(self, rows: Sequence[tuple[RichText, RichText]], indent: int = 0) -> None:
        self.rows = rows
        self.indent = indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        marker_width = max((cell_len(marker.plain) for marker, _ in self.rows), default=0)
        gap = 1 if marker_width else 0
        width = max(8, options.max_width - self.indent - marker_width - gap)
        margin = Segment(" " * self.indent)
        under = [Segment(" " * (marker_width + gap))]
        newline = Segment.line()  # the lines are wrapped here, so Rich must not wrap again
        for marker, body in self.rows:
            head = marker.copy()
            head.pad_right(marker_width - cell_len(marker.plain))
            first = [*styled(head, console), Segment(" " * gap)]
            for number, line in enumerate(wrapped(body, console, width)):
                yield margin
                yield from first if number == 0 else under
                yield from line
                yield newline


def styled(text: RichText, console: Console) -> list[Segment]:
    """A one-line Text as segments, its own style included (`Text.render` leaves it out)."""
    segments = text.render(console)
    if text.style:
        segments = Segment.apply_style(segments, console.get_style(text.style))
    return list(segments)


def wrapped(body: RichText, console: Console, width: int) -> list[list[Segment]]:
    """The body's lines within `width` cells, each as segments, wrapped by Rich."""
    rich_lines = body.wrap(console, width)
    for line in rich_lines:
        line.rstrip()
    return [styled(line, console) for line in rich_lines]


def summary_view(pack: Pack, concepts: Sequence[Concept], brief: bool) -> RenderableType:
    """The pack's title and source, then the chosen concepts grouped by section."""
    parts: list[RenderableType] = [title_panel(pack), NewLine()]
    for number, section, members in sections_of(pack, concepts):
        if section:
            label = Text(f" {number} · ", style=ACCENT) + Text(section, style=ACCENT)
            parts.append(Rule(label, align="left", style="cyan"))
        if brief:
            parts += [Padding(brief_table(members), (0, 0, 0, 1), expand=False), Text()]
        else:
            parts += [part for c in members for part in concept_parts(c, pack)]
    return Group(*parts)  # one flat Group: each level of nesting costs every line a step


def brief_table(concepts: Sequence[Concept]) -> Table:
    from rich.table import Table

    table = Table.grid(padding=(0, 2), pad_edge=True)
    table.add_column(
        style="cyan", no_wrap=True, min_width=max((len(c.id) for c in concepts), default=0)
    )
    table.add_column()  # titles wrap; ids, which people type, never do
    for concept in concepts:
        table.add_row(Text(concept.id), Text(concept.title))
    return table


def concepts_table(pack: Pack) -> Table:
    """Concepts in reading order, each section introduced by a heading row."""
    from rich.table import Table

    table = Table(title=Text(pack.title, style="bold"), header_style=ACCENT, expand=False)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("title · section")
    table.add_column("quiz", justify="right")
    table.add_column("prompts", justify="right")
    tally = pack.tally()
    for number, section, members in sections_of(pack, pack.concepts):
        if section:
            if number > 1:
                table.add_section()
            table.add_row("", Text(f"{number} · {section}", style="italic " + ACCENT))
        for c in members:
            questions, prompts = tally[c.id]
            table.add_row(Text(c.id), Text(c.title), str(questions), str(prompts))
    return table


def glossary_table(terms: Sequence[Term]) -> Table:
    from rich.table import Table

    table = Table(header_style=ACCENT, show_lines=True, expand=False)
    table.add_column("term", style="bold", no_wrap=True)
    table.add_column("definition", ratio=1)
    table.add_column("also", style="dim")
    for term in terms:
        table.add_row(Text(term.term), Text(term.definition), Text(", ".join(term.aliases)))
    return table


def term_view(term: Term) -> RenderableType:
    body = Text(term.definition)
    if term.aliases:
        body.append("\n\nAlso: " + ", ".join(term.aliases), style="dim")
    title = Text(term.term, style="bold")
    return Panel(body, title=title, title_align="left", border_style="cyan", expand=False)


# The quiz.


def question_view(asked: Asked, total: int) -> RenderableType:
    """A question as the player sees it: never its concept, which could give it away."""
    q = asked.question
    header = Text(f"Question {asked.number} of {total}", style=ACCENT)
    parts: list[RenderableType] = [
        Text(),
        Rule(header, align="left", style="cyan"),
        Text(q.question, style="bold"),
    ]
    lead = asked.kind.lead(asked)
    if lead:
        parts += [Hanging([(Text(f"{key}.", style="bold"), Text(item)) for key, item in lead], 2)]
        parts.append(Text())
    parts.append(Hanging([(Text(key, style=ACCENT), Text(o)) for key, o in asked.choices()], 2))
    return Group(*parts)


def answer_block(label: str, asked: Asked, texts: Sequence[str], style: str) -> RenderableType:
    """`Answer: B  Work` on one line, or the label above the lines of a longer answer."""
    lines = asked.kind.answer_lines(asked, texts)
    if len(lines) == 1:
        return Text(f"{label} ", style=style) + Text(lines[0])
    rows = [(Text(" "), Text(line)) for line in lines]
    return Group(Text(label, style=style), Hanging(rows, 0))


def outcome_view(outcome: Outcome, pack: Pack) -> RenderableType:
    """The verdict, how much was right, the answer, the concept and why."""
    asked = outcome.asked
    q = asked.question
    if outcome.correct:
        verdict = Text("✓ Right.", style="bold green")
    elif not outcome.given:
        verdict = Text("✗ Not answered.", style="bold red")
    else:
        verdict = Text("✗ Not this time.", style="bold red")
    parts: list[RenderableType] = [verdict]
    if not outcome.correct and outcome.given:
        parts.append(answer_block("You answered:", asked, outcome.given, "red"))
        if outcome.partly:
            parts.append(Text(outcome.partly[:1].upper() + outcome.partly[1:] + ".", style="red"))
    parts.append(answer_block("Answer:", asked, q.answer, "bold"))
    concept = Text("On ", style="dim") + Text(concept_title(pack, q.concept), style="bold")
    parts += [concept, Text(q.explanation)]
    for option, words in outcome.feedback:
        parts.append(Text(f"On “{option}”: ", style="bold yellow") + Text(words, style="yellow"))
    return Padding(Group(*parts), (1, 0, 1, 2), expand=False)


def bar(right: int, asked: int, width: int = 10) -> RichText:
    filled = round(width * right / asked) if asked else 0
    style = "green" if right == asked else ("yellow" if right else "red")
    return Text("█" * filled, style=style) + Text("░" * (width - filled), style="dim")


def result_view(quiz: Quiz, pack: Pack) -> RenderableType:
    """The final report: the score, a bar per concept (or per section, when most concepts
    had one question, so that the bars mean something), and one command to read again
    what was missed."""
    if not quiz.total:
        return Text("No questions were answered.", style="bold")
    from rich.table import Table

    style = (
        "bold green"
        if quiz.percent >= 80
        else ("bold yellow" if quiz.percent >= 50 else "bold red")
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
    parts: list[RenderableType] = [Rule(style="cyan"), score, Text(), table]
    revisit = quiz.to_revisit(pack)
    if revisit:
        parts.append(Text("\nRead again:", style="bold"))
        rows = [(Text("•", style=ACCENT), Text(concept_title(pack, c))) for c in revisit]
        parts.append(Hanging(rows, 2))
        parts.append(Text("place summary " + " ".join(revisit), style="cyan"))
    else:
        parts.append(Text("\nEvery concept answered right. Well done.", style="green"))
    return Group(*parts)


def answer_key_view(asked: Sequence[Asked], pack: Pack, heading: str) -> RenderableType:
    """Each question as the quiz shows it, the right options ticked, and why."""
    parts: list[RenderableType] = [Text(heading, style="bold"), Text()]
    for a in asked:
        q = a.question
        question = Text(q.question, style="bold")
        question.append(f"  {q.id} · {concept_title(pack, q.concept)}", style="dim")
        parts.append(Hanging([(Text(f"{a.number}.", style=ACCENT), question)]))
        lead = a.kind.lead(a)
        if lead:
            parts.append(Hanging([(Text(f"  {k}."), Text(item)) for k, item in lead], 1))
        rows = []
        for key, option in a.choices():
            right = a.kind.ticks and option in q.answer
            mark = Text("✓", style="bold green") if right else Text(" ")
            rows.append((mark + Text(f" {key}", style=ACCENT), Text(option)))
        parts.append(Hanging(rows, 1))
        why = [
            (Text("Answer:", style="bold"), Text("\n".join(a.kind.answer_lines(a, q.answer)))),
            (Text("Why:", style="bold"), Text(q.explanation, style="dim")),
        ]
        parts += [Hanging(why, 3), Text()]
    return Group(*parts)


# Reflection.


def prompt_tag(prompt: Prompt) -> Text:
    label = prompt.audience + (f" · {prompt.minutes} min" if prompt.minutes else "")
    return Text(f" {label} ", style="reverse cyan")


def prompt_body(prompt: Prompt) -> RenderableType:
    rows = [(Text("↳", style=ACCENT), Text(f)) for f in prompt.follow_ups]
    parts: list[RenderableType] = [prompt_tag(prompt), Text(prompt.prompt, style="bold")]
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
            title = Text(concept_title(pack, prompt.concept), style=ACCENT)
            if prompt.concept:
                title.append(f"  {prompt.concept}", style="dim")
            parts.append(Rule(title, align="left", style="cyan"))
        parts.append(prompt_body(prompt))
    return Group(*parts)


def prompt_view(prompt: Prompt, pack: Pack, number: int, total: int) -> RenderableType:
    header = Text(f"Prompt {number} of {total}", style=ACCENT)
    header.append("  ·  " + concept_title(pack, prompt.concept), style="dim")
    return Group(Text(), Rule(header, align="left", style="cyan"), prompt_body(prompt))

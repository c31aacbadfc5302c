"""A workshop plan as a slide deck (Markdown that presenterm and patat present, one
slide per step, the notes as speaker notes) or a printable run-sheet (HTML). Pure:
plan in, text out. Not in `FORMATS`, which holds the exports of a pack's concepts: a
plan is exported by `place run PLAN --export`."""

from __future__ import annotations

from html import escape

from placecli.packs.model import Pack
from placecli.views.plain import md
from placecli.views.text import concept_title, quiz_command, quiz_words, show_line
from placecli.words import plural
from placecli.workshop.plan import Plan, Step, prompts_of


def step_lines(step: Step, pack: Pack) -> list[str]:
    """What a step shows as plain lines of Markdown (escaped): for the slide deck."""
    show = step.show
    if show.kind == "summary":
        lines = []
        for c in show.concepts:
            lines += [f"- **{md(concept_title(pack, c))}**: {md(pack.concept(c).summary)}"]
        return lines
    if show.kind == "quiz":
        return [f"Quiz: {md(quiz_words(show))}", "", f"`{quiz_command(show)}`"]
    if show.kind == "reflect":
        prompts = prompts_of(show, pack)
        lines = [f"- {md(p.prompt)}" for p in prompts]
        if show.timer:
            lines += ["", f"*Discuss for {plural(show.timer, 'minute')}.*"]
        return lines
    if show.kind == "break":
        return [f"**Break**{': ' + md(show.text) if show.text else ''}"]
    return [md(show.text or "")]


def markdown_deck(plan: Plan, pack: Pack) -> str:
    """One slide per step, with its notes as speaker notes: patat takes every HTML
    comment as speaker notes; presenterm reads `speaker_note:` and `end_slide`."""
    lines = ["---", f"title: {yaml_string(plan.title)}", "---", ""]
    for number, step in enumerate(plan.steps, start=1):
        lines += [
            f"# {md(step.title)}",
            "",
            f"*Step {number} of {len(plan.steps)} · {step.minutes} min*",
            "",
        ]
        lines += step_lines(step, pack)
        lines.append("")
        if step.notes:
            notes = step.notes.replace("-->", "-- >")  # `-->` would end the comment early
            lines += [
                "<!--",
                "speaker_note: |",
                *[f"  {n}".rstrip() for n in notes.splitlines()],
                "-->",
                "",
            ]
        if number < len(plan.steps):
            lines += ["<!-- end_slide -->", ""]
    return "\n".join(lines).rstrip() + "\n"


def yaml_string(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string


def html_sheet(plan: Plan, pack: Pack, start: str | None = None) -> str:
    """A printable run-sheet: each step's start, length, what it shows and its notes."""
    begin = minutes_of_day(start) if start else 0
    rows = []
    at = 0
    for number, step in enumerate(plan.steps, start=1):
        when = day_time(begin + at) if start else f"+{at // 60}:{at % 60:02d}"
        notes = "".join(
            f"<p>{escape(p)}</p>" for p in (step.notes or "").split("\n\n") if p.strip()
        )
        rows.append(
            f"<tr><td>{number}</td><td>{when}</td><td>{step.minutes} min</td>"
            f"<td><strong>{escape(step.title)}</strong><br>"
            f"{escape(show_line(step.show, pack))}</td>"
            f"<td>{notes}</td><td class=done></td></tr>"
        )
        at += step.minutes
    total = f"{plan.minutes // 60}:{plan.minutes % 60:02d}"
    return HTML_PAGE.format(
        title=escape(plan.title),
        total=total,
        steps=plural(len(plan.steps), "step"),
        rows="\n".join(rows),
    )


def minutes_of_day(hh_mm: str) -> int:
    hours, minutes = hh_mm.split(":")
    return int(hours) * 60 + int(minutes)


def day_time(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}: run-sheet</title>
<style>
body {{ font: 11pt/1.4 system-ui, sans-serif; margin: 2em; color: #111; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #999; padding: 0.4em; vertical-align: top; text-align: left; }}
th {{ background: #eee; }}
td.done {{ width: 3em; }}
tr {{ page-break-inside: avoid; }}
@media print {{ body {{ margin: 0; }} }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>{steps}, {total} in all. Tick each step when done.</p>
<table>
<thead><tr><th>#</th><th>Start</th><th>Length</th><th>Step</th><th>Notes</th><th>Done</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</body>
</html>
"""

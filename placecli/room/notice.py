"""`place room notice`: the privacy notice for the information-governance lead, as
Markdown or as a printable HTML page. One text, two renderings."""

from __future__ import annotations

import html

KEEP_DAYS = 30  # a session's log is deleted this long after it began

TITLE = "place room: privacy notice"


def sections(folder: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The notice, naming the folder the logs are kept in on this laptop."""
    return (
        (
            "What it is",
            (
                "During a workshop, the facilitator's laptop runs a small web server on the "
                "venue's local network. Participants scan a QR code and answer quiz questions, "
                "rank, rate and write short texts from their phones' browsers. No account, app "
                "or internet connection is needed, and nothing is sent to any other company or "
                "service: the laptop is the only place the answers go.",
            ),
        ),
        (
            "What is collected",
            (
                "- A random device number for each phone, for that session only, set in a "
                "cookie that holds a random value and nothing else.",
                "- Each answer: the question or activity, the option or options chosen, whether "
                "it was right, and when.",
                "- Each short text a participant sends (at most 280 characters), and whether the "
                "facilitator approved or discarded it. Texts are shown to the room only once "
                "approved, in a shuffled order, without times or any sign of who sent them.",
                "- What the facilitator did and when: opening and closing questions, revealing "
                "results, removing a phone.",
            ),
        ),
        (
            "What is not collected",
            (
                "- No names, e-mail addresses, phone numbers, accounts or device details.",
                "- IP addresses are used only while a phone is connected (to limit how many "
                "connections one address may open) and are never written down.",
                "- No analytics, no advertising, and nothing loaded from the internet: the page "
                "uses no fonts, scripts or images from elsewhere.",
            ),
        ),
        (
            "Please do not type personal details",
            (
                "Responses are anonymous. Do not type patients' details, names or anything else "
                "that identifies a person into the texts: the facilitator cannot tell who sent "
                "a text, so it cannot be found and removed for one person afterwards.",
            ),
        ),
        (
            "Plain HTTP, said plainly",
            (
                "The page is served over plain HTTP on the local network, not HTTPS. Someone "
                "else on the same network who sets out to capture its traffic could read the "
                "answers and texts as they are sent. This is one more reason to keep the texts "
                "free of personal details. A network the facilitator controls (their own "
                "hotspot, or a meeting-room network that keeps guests apart from staff systems) "
                "narrows who could.",
            ),
        ),
        (
            "Where it is kept",
            (
                "On the facilitator's laptop only: one file per session, `SESSION.jsonl` in "
                f"`{folder}`, readable by the facilitator's user account alone (the folder is "
                "0700, each file 0600).",
            ),
        ),
        (
            "For how long",
            (
                f"A session's log is deleted {KEEP_DAYS} days after the session began, the next "
                "time `place room` runs. The facilitator can delete it sooner: "
                "`place room forget SESSION`, or `place room forget --all`. "
                "`place room export SESSION` writes the answers (without the session's keys) "
                "for analysis; a copy made that way is the facilitator's to look after.",
            ),
        ),
        (
            "Who is responsible",
            (
                "The facilitator who runs the session, and their organisation's usual rules for "
                "workshop feedback. Ask the facilitator if you have a question; a participant "
                "who changes their mind about a text during the session can ask for it to be "
                "discarded.",
            ),
        ),
    )


def markdown(folder: str) -> str:
    parts = [f"# {TITLE}"]
    for heading, paragraphs in sections(folder):
        joiner = "\n" if paragraphs[0].startswith("- ") else "\n\n"
        parts.append(f"## {heading}\n\n" + joiner.join(paragraphs))
    return "\n\n".join(parts) + "\n"


def inline(text: str) -> str:
    """Escaped, with `code` marked up."""
    pieces = html.escape(text, quote=False).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(pieces))


def html_page(folder: str) -> str:
    body = [f"<h1>{html.escape(TITLE)}</h1>"]
    for heading, paragraphs in sections(folder):
        body.append(f"<h2>{html.escape(heading)}</h2>")
        if paragraphs[0].startswith("- "):
            items = "".join(f"<li>{inline(p[2:])}</li>" for p in paragraphs)
            body.append(f"<ul>{items}</ul>")
        else:
            body.extend(f"<p>{inline(p)}</p>" for p in paragraphs)
    style = (
        "body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;"
        "padding:0 1rem;line-height:1.5;color:#111}h1{font-size:1.5rem}h2{font-size:1.15rem;"
        "margin-top:1.5rem}@media print{body{margin:0}}"
    )
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(TITLE)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )

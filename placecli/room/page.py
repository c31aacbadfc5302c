"""The phone's page, drawn on the server from a phone's view: the same HTML with or
without JavaScript.

Without JavaScript, the page is plain forms, and it reloads itself every 5 seconds
while there is nothing to answer (never while a form is waiting, which would lose what
was chosen). With it, `room.js` takes the parts of each event (`parts`) and swaps in
the ones that changed. Everything from a pack or a phone is escaped here; the page has
no inline script or style (its CSP allows neither).
"""

from __future__ import annotations

import functools
import html
from importlib import resources
from typing import Any

from placecli.room.items import TEXT_LIMIT, WORDS_CHARACTERS, ordinal

View = dict[str, Any]
ASSETS = ("page.html", "room.css", "room.js")


@functools.cache
def asset(name: str) -> bytes:
    return resources.files("placecli.room").joinpath("assets").joinpath(name).read_bytes()


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def page(view: View, token: str, nonce: str) -> str:
    """The whole page for a phone, with its token and a nonce in the forms."""
    waiting = not answerable(view)
    refresh = '<noscript><meta http-equiv="refresh" content="5"></noscript>' if waiting else ""
    chunks = parts(view, token, nonce)
    body = f'<div id="item">{chunks["item"]}</div>\n<div id="board">{chunks["board"]}</div>'
    return template(title(view), view["code"], refresh, body)


def template(heading: str, code: str, refresh: str, body: str) -> str:
    text = asset("page.html").decode("utf-8")
    for key, value in (("title", e(heading)), ("code", e(code)), ("refresh", refresh)):
        text = text.replace("{" + key + "}", value)
    return text.replace("{main}", body)


def message(heading: str, words: str, code: str = "", join: bool = False) -> str:
    """A page that says one thing (an error, the end), with the code form if it helps."""
    body = f"<h1>{e(heading)}</h1>\n<p>{e(words)}</p>\n"
    if join:
        body += (
            '<p><a href="/">Continue to the room</a> if you scanned the code already.</p>\n'
            '<form method="post" action="/J">\n<label for="code">The room\'s code, as '
            "the facilitator says it</label>\n"
            '<input id="code" name="code" autocomplete="off" autocapitalize="characters" '
            'maxlength="12" required>\n<button>Join</button>\n</form>\n'
        )
    elif heading != "Thank you":
        body += '<p><a href="/">Back to the room</a></p>\n'
    return template(heading, code, "", body)


def answerable(view: View) -> bool:
    item = view["question"] or view["activity"]
    if view.get("teams") and not view.get("team"):
        return True
    return bool(item and item["open"] and (view["you"] is None or item["shape"] in TEXTS))


TEXTS = ("text", "words")


def title(view: View) -> str:
    item = view["question"] or view["activity"]
    if view["ended"]:
        return "Thank you"
    if item is None:
        return "Waiting for the first question"
    noun = "Question" if view["question"] else "Activity"
    return f"{noun} {item['number']} of {item['of']}"


def parts(view: View, token: str = "", nonce: str = "") -> dict[str, str]:
    """The page's two parts: the item (with its form) and the board (tally, texts)."""
    return {"item": item_part(view, token, nonce), "board": board_part(view)}


def item_part(view: View, token: str, nonce: str) -> str:
    item = view["question"] or view["activity"]
    if view.get("kicked"):
        return "<h1>Removed</h1>\n<p>The facilitator has removed this phone from the room.</p>"
    if view["ended"]:
        return "<h1>Thank you</h1>\n<p>The session has ended. You can close this page.</p>"
    out = [f"<h1>{e(title(view))}</h1>"]
    if view.get("teams"):
        out.append(team_part(view, token, nonce))
    if item is None:
        out.append("<p>The facilitator will start soon. This page follows along.</p>")
        return "\n".join(out)
    out.append(paragraphs(item["text"], "stem"))
    out.append(answer_part(view, item, token, nonce))
    return "\n".join(out)


def paragraphs(text: str, css: str) -> str:
    return "".join(f'<p class="{css}">{e(line)}</p>' for line in text.split("\n") if line)


def answer_part(view: View, item: View, token: str, nonce: str) -> str:
    you = view["you"]
    seconds = view.get("seconds")
    timer = ""
    if seconds is not None:
        timer = f'<p id="timer" data-seconds="{seconds:.0f}">{seconds:.0f} seconds left</p>'
    if item["shape"] in TEXTS:
        return timer + texts_part(item, you, token, nonce)
    if you is not None:
        return timer + given_part(item, you)
    if not item["open"]:
        return "<p>Answering is closed.</p>" if item.get("answer") is None else given_part(item, {})
    return timer + form(item, token, nonce)


def form(item: View, token: str, nonce: str) -> str:
    hidden = (
        hidden_fields(token, nonce)
        + f'<input type="hidden" name="version" value="{e(item["version"])}">'
    )
    shape = item["shape"]
    if shape == "sequence":
        fields = sequence_fields(item)
        hidden = choices_list(item) + hidden
    else:
        kind = "checkbox" if shape == "many" else "radio"
        required = "" if shape == "many" else " required"
        fields = "".join(
            f'<div class="option"><input type="{kind}" id="o{e(o["key"])}" name="choice" '
            f'value="{e(o["key"])}"{required}><label for="o{e(o["key"])}">'
            f"{label(item, o)}</label></div>"
            for o in item["options"]
        )
    legend = "Your answer: choose every one that applies" if shape == "many" else "Your answer"
    return (
        f'<form method="post" action="/a" class="answer">{hidden}<fieldset>'
        f"<legend>{legend}</legend>{fields}</fieldset><button>Send</button></form>"
    )


def label(item: View, option: View) -> str:
    if item["shape"] == "one" and option["key"] in ("t", "f"):
        return e(option["text"])
    return f'<span class="key">{e(option["key"])}</span> {e(option["text"])}'


def choices_list(item: View) -> str:
    """A sequence's options, shown before the choices that take their letters."""
    rows = "".join(
        f'<li><span class="key">{e(o["key"])}</span> {e(o["text"])}</li>' for o in item["options"]
    )
    return f'<ul class="choices">{rows}</ul>'


def sequence_fields(item: View) -> str:
    choices = "".join(
        f'<option value="{e(o["key"])}">{e(o["key"])}. {e(o["text"])}</option>'
        for o in item["options"]
    )
    rows = []
    for number, row in enumerate(item["rows"], 1):
        rows.append(
            f'<div class="row"><label for="r{number}">{e(row["text"])}</label>'
            f'<select id="r{number}" name="choice" required>'
            f'<option value="">Choose</option>{choices}</select></div>'
        )
    return "".join(rows)


def hidden_fields(token: str, nonce: str) -> str:
    return (
        f'<input type="hidden" name="token" value="{e(token)}">'
        f'<input type="hidden" name="nonce" value="{e(nonce)}">'
    )


def given_part(item: View, you: View) -> str:
    keys = you.get("answer", [])
    out = []
    if keys:
        out.append("<p>Your answer is counted:</p>" + listed(item, keys))
    if item.get("answer") is not None:
        if "correct" in you:
            verdict = "Right." if you["correct"] else "Not quite."
            out.append(f'<p class="verdict">{verdict}</p>')
        out.append("<p>The answer:</p>" + listed(item, item["answer"]))
        out.append(paragraphs(item.get("explanation") or "", "why"))
    return "\n".join(out)


def listed(item: View, keys: list[str]) -> str:
    """Chosen options as a list: in order for a sequence, each beside its row when the
    rows are more than places (a match question's items)."""
    shown = {o["key"]: o["text"] for o in item["options"]}
    if item["shape"] != "sequence":
        return "<ul>" + "".join(f"<li>{e(shown.get(k, k))}</li>" for k in keys) + "</ul>"
    rows = [r["text"] for r in item.get("rows", [])]
    places = [ordinal(n) for n in range(1, len(rows) + 1)]
    if rows == places:
        return "<ol>" + "".join(f"<li>{e(shown.get(k, k))}</li>" for k in keys) + "</ol>"
    pairs = zip(rows, keys, strict=False)
    return "<ul>" + "".join(f"<li>{e(r)}: {e(shown.get(k, k))}</li>" for r, k in pairs) + "</ul>"


def texts_part(item: View, you: View | None, token: str, nonce: str) -> str:
    out = []
    for sent in (you or {}).get("texts", []):
        out.append(f'<p class="sent">You sent: {e(sent["text"])} ({e(sent["status"])})</p>')
    if not item["open"]:
        out.append("<p>This activity is closed.</p>")
        return "\n".join(out)
    words = item["shape"] == "words"
    limit = WORDS_CHARACTERS if words else TEXT_LIMIT
    what = "One to three words" if words else "Your answer"
    box = (
        f'<input id="text" name="text" maxlength="{limit}" autocomplete="off" required>'
        if words
        else f'<textarea id="text" name="text" maxlength="{limit}" rows="4" required></textarea>'
    )
    out.append(
        f'<form method="post" action="/t" class="text">{hidden_fields(token, nonce)}'
        f'<input type="hidden" name="activity" value="{e(item["id"])}">'
        f'<label for="text">{what} (at most {limit} characters; the facilitator reads it '
        f"before anyone sees it)</label>{box}<button>Send</button></form>"
    )
    return "\n".join(out)


def team_part(view: View, token: str, nonce: str) -> str:
    if view.get("team"):
        return f'<p class="team">Your team: {e(view["team"])}</p>'
    options = "".join(f'<option value="{e(t)}">{e(t)}</option>' for t in view["teams"])
    return (
        f'<form method="post" action="/team" class="team">{hidden_fields(token, nonce)}'
        f'<label for="team">Your team</label><select id="team" name="team" required>'
        f'<option value="">Choose</option>{options}</select><button>Join the team</button></form>'
    )


def board_part(view: View) -> str:
    item = view["question"] or view["activity"]
    if item is None or view["ended"]:
        return ""
    if item["shape"] in TEXTS:
        return approved_part(item)
    if view.get("withheld"):
        return f"<p>The answers stay hidden until at least {view['withheld']} have answered.</p>"
    tally = view["tally"]
    if tally is None:
        return ""
    return tally_part(item, tally)


def tally_part(item: View, tally: dict[str, int]) -> str:
    shown = {o["key"]: o["text"] for o in item["options"]}
    right = item.get("answer") or []
    total = max(sum(tally.values()), 1)
    rows = []
    for key, count in tally.items():
        if item["shape"] == "sequence" and item.get("kind") != "rank":
            name = " → ".join(key)
            mark = " (the answer)" if key == "".join(right) else ""
        else:
            name = f"{key}. {shown.get(key, key)}" if key not in ("t", "f") else shown[key]
            mark = " (right)" if key in right else ""
        rows.append(
            f"<li><span>{e(name)}{mark}: {count}</span>"
            f'<progress max="{total}" value="{count}">{count}</progress></li>'
        )
    heading = "Points" if item.get("kind") == "rank" else "How the room answered"
    return f'<h2>{heading}</h2><ul class="tally">{"".join(rows)}</ul>'


def approved_part(item: View) -> str:
    texts = item.get("approved", [])
    if not texts:
        return ""
    if item["shape"] == "words":
        words = "".join(
            f'<li class="w{min(t["count"], 4)}">{e(t["text"])}'
            f'<span class="count"> ({t["count"]})</span></li>'
            for t in texts
        )
        return f'<h2>The room\'s words</h2><ul class="cloud">{words}</ul>'
    listed = "".join(f"<li>{e(t['text'])}</li>" for t in texts)
    return f'<h2>What the room said</h2><ul class="texts">{listed}</ul>'

"""Text is data, never terminal control: the one home for what pack text may hold and show.

A pack travels by email, USB and git, so its text is untrusted. Three layers:

- `unsafe_problem` is how the loader refuses, in every text field and key, the characters
  that could drive a terminal or disguise text: C0 and C1 controls other than newline and
  tab (an ESC starts a sequence that can set the clipboard or the window title), the
  bidirectional overrides and isolates (they make text read differently from what it
  holds), and invisible characters (they make two options look alike).
- `neutral` turns any such character that still reaches an output into a visible stand-in
  (ESC -> ␛, U+202E -> <U+202E>), for defence in depth: every view, export and message
  passes it.
- `json_escaped` escapes them as \\uXXXX in JSON text, which keeps the data exact.

Light: imports only `re` (unicodedata only to name a character in an error).
"""

from __future__ import annotations

import re

# C0 controls but tab and newline; DEL; C1 controls.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# Bidirectional marks, embeddings, overrides and isolates.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Characters that show as nothing (or as a blank) in most terminals and fonts: soft
# hyphen, combining grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian
# vowel separator, zero-width space/joiners, line and paragraph separators, word joiner
# and invisible operators, deprecated format controls, byte order mark, interlinear
# annotations, and the tag characters.
_INVISIBLE = (
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200d\u2028\u2029\u2060-\u2065"
    "\u206a-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb\U000e0000-\U000e007f"
)
# Surrogates (no character on their own; they cannot even be written as UTF-8) and the
# noncharacters U+FFFE and U+FFFF.
_NOT_TEXT = "\ud800-\udfff\ufffe\uffff"
UNSAFE = re.compile(f"[{_CONTROLS}{_BIDI}{_INVISIBLE}{_NOT_TEXT}]")
_BIDI_CHARS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

QUOTE_LIMIT = 80

# Controls have no character name in Unicode, only aliases; these are the usual ones.
_C0_NAMES = [
    "NULL",
    "START OF HEADING",
    "START OF TEXT",
    "END OF TEXT",
    "END OF TRANSMISSION",
    "ENQUIRY",
    "ACKNOWLEDGE",
    "BELL",
    "BACKSPACE",
    "CHARACTER TABULATION",
    "LINE FEED",
    "LINE TABULATION",
    "FORM FEED",
    "CARRIAGE RETURN",
    "SHIFT OUT",
    "SHIFT IN",
    "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO",
    "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK",
    "CANCEL",
    "END OF MEDIUM",
    "SUBSTITUTE",
    "ESCAPE",
    "FILE SEPARATOR",
    "GROUP SEPARATOR",
    "RECORD SEPARATOR",
    "UNIT SEPARATOR",
]
_C1_NAMES = [
    "PADDING CHARACTER",
    "HIGH OCTET PRESET",
    "BREAK PERMITTED HERE",
    "NO BREAK HERE",
    "INDEX",
    "NEXT LINE",
    "START OF SELECTED AREA",
    "END OF SELECTED AREA",
    "CHARACTER TABULATION SET",
    "CHARACTER TABULATION WITH JUSTIFICATION",
    "LINE TABULATION SET",
    "PARTIAL LINE FORWARD",
    "PARTIAL LINE BACKWARD",
    "REVERSE LINE FEED",
    "SINGLE SHIFT TWO",
    "SINGLE SHIFT THREE",
    "DEVICE CONTROL STRING",
    "PRIVATE USE ONE",
    "PRIVATE USE TWO",
    "SET TRANSMIT STATE",
    "CANCEL CHARACTER",
    "MESSAGE WAITING",
    "START OF GUARDED AREA",
    "END OF GUARDED AREA",
    "START OF STRING",
    "SINGLE GRAPHIC CHARACTER INTRODUCER",
    "SINGLE CHARACTER INTRODUCER",
    "CONTROL SEQUENCE INTRODUCER",
    "STRING TERMINATOR",
    "OPERATING SYSTEM COMMAND",
    "PRIVACY MESSAGE",
    "APPLICATION PROGRAM COMMAND",
]


def name(char: str) -> str:
    """`U+001B ESCAPE`: the code point and its name, as a person can look it up."""
    code = ord(char)
    if code < 0x20:
        label = _C0_NAMES[code]
    elif code == 0x7F:
        label = "DELETE"
    elif 0x80 <= code <= 0x9F:
        label = _C1_NAMES[code - 0x80]
    else:
        import unicodedata  # only to explain a refused character

        label = unicodedata.name(char, "")  # surrogates and noncharacters have none
    return f"U+{code:04X} {label}".rstrip()


def unsafe_problem(text: str) -> str | None:
    """Why `text` cannot be pack text (naming its first bad character), or None if it can."""
    found = UNSAFE.search(text)
    if found is None:
        return None
    char = found.group()
    if ord(char) < 0xA0:
        why = "a control character, which a terminal would obey rather than show"
    elif "\ud800" <= char <= "\udfff" or char in "\ufffe\uffff":
        why = "not a character"
    elif char in _BIDI_CHARS:
        why = "a bidirectional control, which makes text read differently from what it holds"
    else:
        why = "an invisible character, which can make two texts look alike"
    return f"contains {name(char)} ({why}); remove it"


_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}


def _stand_in(found: re.Match[str]) -> str:
    code = ord(found.group())
    return _PICTURES.get(code) or f"<U+{code:04X}>"


def neutral(text: str) -> str:
    """`text` with every unsafe character made visible: ESC -> ␛, U+202E -> <U+202E>.

    Newline and tab are kept: they are layout, not control.
    """
    return UNSAFE.sub(_stand_in, text) if UNSAFE.search(text) else text


def one_line(text: str) -> str:
    """`neutral`, and newline and tab shown too (␊ ␉): for one line of a message."""
    text = neutral(text)
    return (
        text.replace("\n", "\u240a").replace("\t", "\u2409")
        if "\n" in text or "\t" in text
        else text
    )


def clip(text: str, limit: int = QUOTE_LIMIT) -> str:
    """At most `limit` characters, with … when cut."""
    return text if len(text) <= limit else text[:limit] + "…"


def quoted(text: str, limit: int = QUOTE_LIMIT) -> str:
    """A value quoted in a message: clipped, on one line, nothing left to control."""
    return f'"{one_line(clip(text, limit))}"'


def _json_escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    if code > 0xFFFF:  # JSON spells a character beyond the BMP as a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_escaped(json_text: str) -> str:
    """JSON text (from json.dumps) with unsafe characters as \\uXXXX escapes.

    `json.dumps(..., ensure_ascii=False)` escapes C0 controls but writes C1 controls,
    bidirectional and invisible characters raw. They can only occur inside strings, where
    \\uXXXX means the same character, so the data read back is unchanged.
    """
    return UNSAFE.sub(_json_escape, json_text) if UNSAFE.search(json_text) else json_text

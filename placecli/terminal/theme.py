"""Every style `place` uses, by name, for a light, a dark and an unknown background.

The views name what a thing is (`place.id`, `place.bad`), never a colour; the Console
is given the theme that says what each name looks like. No single colour of the
standard 16-colour palettes reads well on both black and white (tests/test_theme.py
computes the WCAG contrast of each against the xterm, macOS Terminal and Windows
Terminal palettes), so the background decides:

- `PLACE_THEME=light|dark|plain|contrast` (contrast: white and yellow on black, at
  least 7:1, for a washed-out projector; chosen, never guessed), else
- `COLORFGBG` (`15;0`: white on black), which many terminals set, else
- `plain`: no colour at all, only bold, italic and reverse, in the terminal's own colours,
  which are readable on whatever background it has.

Colours are the 16 standard ones or the fixed 256-colour cube (the same in all three
terminals). Bold text in one of the 8 normal colours is drawn bright by many terminals, so
the light theme takes its colours from the cube, which bold leaves alone. Nothing is
`dim`: how dim looks depends on the terminal, and on a projector it is often unreadable.
Choosing a theme is pure; `output.py` passes in the environment.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from rich.theme import Theme

ThemeName = Literal["light", "dark", "plain", "contrast"]
THEMES: tuple[ThemeName, ...] = ("light", "dark", "plain", "contrast")

# Names for large things (headings, rules, bars, the timer's digits): WCAG asks 3:1 of
# them; of everything else, text, 4.5:1.
LARGE = frozenset(
    {"place.heading", "place.rule", "place.bar.empty", "place.timer", "place.timer.warn"}
)

# light (on white), dark (on black), plain, contrast (on black)
STYLES: dict[str, tuple[str, str, str, str]] = {
    "place.heading": ("bold blue3", "bold bright_cyan", "bold", "bold color(231)"),
    "place.accent": ("bold blue3", "bold bright_cyan", "bold", "bold color(226)"),
    # bullets, arrows, the quote's bar
    "place.mark": ("blue3", "bright_cyan", "none", "color(226)"),
    # what a person types: ids, commands
    "place.id": ("blue3", "bright_cyan", "bold", "bold color(51)"),
    "place.rule": ("blue3", "cyan", "none", "color(231)"),  # rules and panel borders
    "place.strong": ("bold", "bold", "bold", "bold color(231)"),
    "place.muted": ("grey35", "white", "italic", "color(231)"),  # notes, links, sources
    "place.quote": ("italic", "italic", "italic", "italic color(231)"),
    "place.tag": (
        "reverse blue3",
        "reverse bright_cyan",
        "reverse",
        "bold color(16) on color(226)",
    ),
    "place.good": ("bold dark_green", "bold bright_green", "bold", "bold color(46)"),
    # the room's own place
    "place.local": ("bold dark_green", "bold bright_green", "bold", "bold color(46)"),
    "place.bad": ("bold red3", "bold bright_red", "bold", "bold color(210)"),
    # the wrong answer, quieter than the verdict
    "place.wrong": ("red3", "bright_red", "none", "color(210)"),
    "place.warn": ("orange4", "bright_yellow", "bold", "bold color(226)"),
    "place.bar.good": ("dark_green", "bright_green", "none", "color(46)"),
    "place.bar.part": ("orange4", "bright_yellow", "none", "color(226)"),
    "place.bar.bad": ("red3", "bright_red", "none", "color(210)"),
    "place.bar.empty": ("grey42", "white", "none", "color(250)"),
    "place.timer": ("bold blue3", "bold bright_cyan", "bold", "bold color(231)"),
    "place.timer.warn": ("bold red3", "bold bright_yellow", "bold", "bold color(226)"),
    # present mode's bottom line
    "place.progress": ("reverse blue3", "reverse cyan", "reverse", "bold color(16) on color(231)"),
}


def detect(env: Mapping[str, str]) -> ThemeName:
    """The theme for this environment: PLACE_THEME, else COLORFGBG's background, else plain."""
    wanted = env.get("PLACE_THEME", "").strip().lower()
    for name in THEMES:
        if wanted == name:
            return name
    background = env.get("COLORFGBG", "").split(";")[-1]
    if background.isdigit():
        number = int(background)
        return "dark" if number in (0, 1, 2, 3, 4, 5, 6, 8) else "light"
    return "plain"


def styles(name: ThemeName) -> dict[str, str]:
    column = THEMES.index(name)
    return {style: looks[column] for style, looks in STYLES.items()}


def rich_theme(name: ThemeName) -> Theme:
    from rich.theme import Theme

    return Theme(styles(name))

"""Every style is readable on its background: the WCAG contrast, computed, not eyeballed.

Each colour of the light theme is measured against white, each of the dark theme against
black and Windows Terminal's near-black, in the 16-colour palettes of xterm, macOS
Terminal and Windows Terminal (Campbell); a 256-colour cube colour has the same value in
all three. Text needs 4.5:1, large things (headings, rules, bars, the timer) 3:1.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.color import Color, ColorType
from rich.style import Style

from placecli.terminal.theme import LARGE, STYLES, THEMES, ThemeName, detect, styles

RGB = tuple[int, int, int]
# fmt: off
PALETTES: dict[str, list[RGB]] = {
    "xterm": [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205),
        (0, 205, 205), (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0),
        (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ],
    "macOS Terminal": [
        (0, 0, 0), (194, 54, 33), (37, 188, 36), (173, 173, 39), (73, 46, 225), (211, 56, 211),
        (51, 187, 200), (203, 204, 205), (129, 131, 131), (252, 57, 31), (49, 231, 34),
        (234, 236, 35), (88, 51, 255), (249, 53, 248), (20, 240, 240), (233, 235, 235),
    ],
    "Windows Terminal": [
        (12, 12, 12), (197, 15, 31), (19, 161, 14), (193, 156, 0), (0, 55, 218),
        (136, 23, 152), (58, 150, 221), (204, 204, 204), (118, 118, 118), (231, 72, 86),
        (22, 198, 12), (249, 241, 165), (59, 120, 255), (180, 0, 158), (97, 214, 214),
        (242, 242, 242),
    ],
}
# fmt: on
BACKGROUNDS: dict[ThemeName, list[RGB]] = {
    "light": [(255, 255, 255)],
    "dark": [(0, 0, 0), (12, 12, 12)],
    "contrast": [(0, 0, 0), (12, 12, 12)],
}
# The high-contrast look asks WCAG's enhanced level of everything: 7:1 (4.5:1 if large).
ENHANCED: dict[ThemeName, float] = {"contrast": 7.0}


def luminance(rgb: RGB) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else float(((c + 0.055) / 1.055) ** 2.4)

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rgb_in(color: Color, palette: list[RGB]) -> RGB:
    """The colour as this terminal shows it: its own palette for the 16 standard colours."""
    if color.type is ColorType.STANDARD or (
        color.type is ColorType.EIGHT_BIT and color.number is not None and color.number < 16
    ):
        assert color.number is not None
        return palette[color.number]
    triplet = color.get_truecolor()
    return (triplet.red, triplet.green, triplet.blue)


def test_the_measure_matches_wcag_s_own_figures() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)
    assert contrast((205, 205, 0), (255, 255, 255)) == pytest.approx(1.71, abs=0.01)


CASES = [
    (theme, name, palette, background)
    for theme, backgrounds in BACKGROUNDS.items()
    for name in STYLES
    for palette in PALETTES
    for background in backgrounds
]


@pytest.mark.parametrize(
    ("theme", "name", "palette", "background"),
    CASES,
    ids=[f"{t}-{n}-{p}-{b}" for t, n, p, b in CASES],
)
def test_every_style_is_readable_on_its_background(
    theme: ThemeName, name: str, palette: str, background: RGB
) -> None:
    style = Style.parse(styles(theme)[name])
    needed = 3.0 if name in LARGE else 4.5
    if theme in ENHANCED:
        needed = ENHANCED[theme] - (2.5 if name in LARGE else 0.0)
    if style.bgcolor is not None:  # text on its own background: measured against that
        assert style.color is not None
        fore, back = (rgb_in(c, PALETTES[palette]) for c in (style.color, style.bgcolor))
        assert contrast(fore, back) >= needed, f"{name}: {contrast(fore, back):.2f}:1"
        return
    colours = [c for c in (style.color,) if c is not None and not c.is_default]
    for colour in colours:
        shown = [rgb_in(colour, PALETTES[palette])]
        if style.bold and colour.type is ColorType.STANDARD and (colour.number or 0) < 8:
            shown.append(PALETTES[palette][(colour.number or 0) + 8])  # bold drawn bright
        for rgb in shown:
            ratio = contrast(rgb, background)
            assert ratio >= needed, f"{name} = {colour.name} {rgb}: {ratio:.2f}:1 in {palette}"


@pytest.mark.parametrize("theme", THEMES)
def test_nothing_is_dim_and_plain_has_no_colour(theme: ThemeName) -> None:
    for name, looks in styles(theme).items():
        style = Style.parse(looks)
        assert not style.dim, name
        if theme == "plain":
            assert style.color is None and style.bgcolor is None, name


def test_the_old_colours_fail_on_white_as_the_issue_measured() -> None:
    """Bold cyan letters and yellow scores, as they were, on a white background."""
    for old in ("cyan", "yellow"):
        colour = Color.parse(old)
        worst = min(contrast(rgb_in(colour, p), (255, 255, 255)) for p in PALETTES.values())
        assert worst < 3.5


STYLE_ARGUMENT = re.compile(r"""(?:style|border_style|header_style)=("[^"]*"|'[^']*')""")
MARKUP = re.compile(r"\[([a-z._ ]+)\]")


def test_every_style_the_program_uses_is_a_name_in_the_theme() -> None:
    source = Path(__file__).resolve().parent.parent / "placecli"
    used: set[str] = set()
    for module in source.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        used |= {m.group(1)[1:-1] for m in STYLE_ARGUMENT.finditer(text)}
        used |= {m for m in MARKUP.findall(text) if m.startswith("place.")}
    assert used, "the scan found nothing"
    assert used <= set(STYLES) | {"none"}, sorted(used - set(STYLES))


COLOUR_MARKUP = re.compile(
    r"(?<!`)\[(?:(?:bold|italic|dim) )*(?:black|red|green|yellow|blue|magenta|cyan|white)"
)


def test_no_markup_names_a_colour() -> None:
    """Rich markup in help texts and messages is bold or italic, never a colour: the
    help is printed by Typer, without the theme."""
    source = Path(__file__).resolve().parent.parent / "placecli"
    for module in source.glob("**/*.py"):
        found = COLOUR_MARKUP.findall(module.read_text(encoding="utf-8"))
        assert not found, (module.name, found)


@pytest.mark.parametrize(
    ("env", "theme"),
    [
        ({}, "plain"),
        ({"PLACE_THEME": "light"}, "light"),
        ({"PLACE_THEME": "Dark"}, "dark"),
        ({"PLACE_THEME": "plain", "COLORFGBG": "15;0"}, "plain"),
        ({"COLORFGBG": "15;0"}, "dark"),
        ({"COLORFGBG": "0;15"}, "light"),
        ({"COLORFGBG": "0;default;15"}, "light"),
        ({"COLORFGBG": "7;8"}, "dark"),
        ({"COLORFGBG": "default;default"}, "plain"),
        ({"PLACE_THEME": "purple"}, "plain"),
    ],
    ids=str,
)
def test_the_background_decides_the_theme(env: dict[str, str], theme: str) -> None:
    assert detect(env) == theme

"""The exporters without their consumers: the registry, escaping for each target,
determinism, what each skips and why. The consumers' own checks are in
test_export_consumers.py (marked `consumer`)."""

from __future__ import annotations

import pytest

from placecli.exporters import FORMATS, Format, Skipped, anki, gift, kahoot, qti, stable_id
from placecli.exporters.markdown import answer_key_markdown
from placecli.packs.model import Question
from placecli.packs.qtypes import keyed
from placecli.views.plain import md

from .exportkit import (
    TEXT_FORMATS,
    export,
    load_pack,
    match_question,
    order_question,
    with_order_and_match,
)

PACK_NAMES = ["builtin", "hostile", "facilitator"]


def test_the_registry_names_every_format_once_with_its_kind() -> None:
    assert [(f.name, f.binary, f.extension, f.extra) for f in FORMATS.values()] == [
        ("html", False, "html", None),
        ("pdf", True, "pdf", "pdf"),
        ("gift", False, "gift", None),
        ("anki", False, "txt", None),
        ("qti", False, "txt", None),
        ("kahoot", True, "xlsx", "kahoot"),
        ("markdown", False, "md", None),
    ]
    assert all(name == f.name for name, f in FORMATS.items())


def test_a_missing_extra_says_how_to_install_it() -> None:
    absent = Format("pdf", "pdf", True, "application/pdf", "pdf", "", "pdf", "no_such_module_x")
    assert absent.missing_extra() == (
        'place export pdf needs no_such_module_x: pip install "placecli[pdf]"'
    )
    assert FORMATS["gift"].missing_extra() is None


@pytest.mark.parametrize("name", TEXT_FORMATS)
@pytest.mark.parametrize("pack_name", PACK_NAMES)
def test_text_exports_are_deterministic_utf8_with_a_final_newline(
    name: str, pack_name: str
) -> None:
    pack = with_order_and_match(load_pack(pack_name))
    first, again = export(name, pack).data, export(name, load_pack(pack_name)).data
    assert isinstance(first, str)
    assert first == export(name, pack).data
    assert again == export(name, load_pack(pack_name)).data
    assert first.endswith("\n") and not first.endswith("\n\n")
    assert "\r" not in first
    assert not [line for line in first.splitlines() if line.endswith((" ", "\t"))]
    first.encode("utf-8")


def test_kahoot_is_byte_for_byte_the_same_each_time() -> None:
    pack = load_pack("hostile")
    assert export("kahoot", pack).data == export("kahoot", pack).data


# GIFT


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a ~ b = c # d { e } f : g \\ h", r"a \~ b \= c \# d \{ e \} f \: g \\ h"),
        ("<b>x</b> & 'y' \"z\"", "&lt;b&gt;x&lt;/b&gt; &amp; 'y' \"z\""),
        ("one\ntwo\r\nthree\tfour", "one<br>two<br>three four"),
        ("&#35;", r"&amp;\#35;"),
    ],
    ids=["specials", "html", "breaks", "entity"],
)
def test_gift_text_is_html_then_gift_escaped(text: str, escaped: str) -> None:
    assert gift.text(text) == escaped


def test_gift_category_is_one_line_with_slashes_doubled() -> None:
    assert gift.category("a/b\n c") == "a//b c"


def question(**fields: object) -> Question:
    base: dict[str, object] = {
        "id": "q",
        "concept": "alpha",
        "type": "single",
        "question": "Q?",
        "answer": ("A",),
        "explanation": "Why.",
        "options": ("A", "B"),
    }
    return Question(**(base | fields))  # type: ignore[arg-type]


def test_gift_true_false_puts_wrong_answer_feedback_first() -> None:
    q = question(
        type="true-false",
        options=("True", "False"),
        answer=("False",),
        feedback={"True": "No", "False": "Yes"},
    )
    assert gift.true_false(q) == "{FALSE#No#Yes####Why.}"
    assert gift.true_false(q._replace(feedback={"False": "Yes"})) == "{FALSE##Yes####Why.}"
    assert gift.true_false(q._replace(feedback={})) == "{FALSE####Why.}"


def test_gift_multiple_uses_moodle_weights_and_skips_what_moodle_cannot_grade() -> None:
    q = question(type="multiple", options=("A", "B", "C", "D"), answer=("A", "B", "C"))
    assert (
        gift.multiple(q)
        == "{\n~%33.33333%A\n~%33.33333%B\n~%33.33333%C\n~%-33.33333%D\n####Why.\n}"
    )
    many = tuple(f"o{n}" for n in range(12))
    out = gift.export(*pack_with(question(type="multiple", options=many, answer=many[:11])))
    assert out.skipped == (Skipped("q", "Moodle has no grade for 1 of 11 right answers"),)


def pack_with(*questions: Question) -> tuple:  # type: ignore[type-arg]
    from placecli.exporters import Options

    pack = load_pack("facilitator")
    pack = pack._replace(questions=questions)
    return pack, [pack.concepts[0]._replace(id="alpha")], Options()


def test_gift_writes_order_as_matching_and_skips_short_matches() -> None:
    items = ("x", "y ~", "z")
    assert gift.order(order_question("alpha", items)) == (
        "{\n=1 -> x\n=2 -> y \\~\n=3 -> z\n####Why \\~ \\{\\}\n}"
    )
    short = match_question("alpha", ("a", "b"), ("1", "2"))
    out = gift.export(*pack_with(short))
    assert out.skipped == (Skipped("matched", "Moodle's matching needs 3 pairs, it has 2"),)
    arrow = match_question("alpha", ("a->", "b", "c"), ("1", "2", "3"))
    assert gift.export(*pack_with(arrow)).skipped == (
        Skipped("matched", "a left text holds '->', which GIFT cannot escape"),
    )


def test_gift_has_one_category_per_concept_in_order() -> None:
    pack = load_pack("builtin")
    data = export("gift", pack).data
    assert isinstance(data, str)
    categories = [line for line in data.splitlines() if line.startswith("$CATEGORY:")]
    assert categories == [
        f"$CATEGORY: $course$/top/{pack.title}/{gift.category(c.title)}" for c in pack.concepts
    ]


# Anki


def test_anki_fields_are_html_with_no_tab_line_break_or_quote_left() -> None:
    assert anki.field("a\tb\nc \"d\" <e> & 'f'") == (
        "a b<br>c &quot;d&quot; &lt;e&gt; &amp; &#x27;f&#x27;"
    )


def test_anki_header_and_one_note_per_concept_term_and_question() -> None:
    pack = load_pack("facilitator")
    data = export("anki", pack).data
    assert isinstance(data, str)
    lines = data.splitlines()
    assert lines[:6] == [
        "#separator:tab",
        "#html:true",
        "#notetype:Basic",
        "#deck:Working together in our borough",
        "#guid column:1",
        "#tags column:4",
    ]
    rows = [line.split("\t") for line in lines[6:]]
    assert all(len(row) == 4 for row in rows)
    assert len(rows) == len(pack.concepts) + len(pack.terms) + len(pack.questions)
    assert rows[0][0] == stable_id(pack, "concept", "partnership-board")
    assert rows[-1][1:] == [
        "How many neighbourhood teams are there?<br><b>A</b> Four<br><b>B</b> Six<br><b>C</b> Ten",
        "<b>B</b> Six<br><br>There are six, each around a natural community.<br><br>"
        "<i>Neighbourhood teams</i>",
        "place::question place::neighbourhood-teams",
    ]


def test_anki_guids_follow_pack_and_record_ids_only() -> None:
    pack = load_pack("facilitator")
    reworded = pack._replace(title="Another title")
    assert stable_id(pack, "term", "icb") == stable_id(reworded, "term", "icb")
    assert stable_id(pack, "term", "icb") != stable_id(pack, "concept", "icb")
    assert stable_id(pack, "term", "icb") != stable_id(pack._replace(id="other"), "term", "icb")
    assert len({stable_id(pack, "term", str(n)) for n in range(1000)}) == 1000


def test_anki_writes_order_and_match_answers() -> None:
    q = order_question("alpha", ("b1", "a2", "c3"))
    assert anki.answer_html(q) == "<ol><li>b1</li><li>a2</li><li>c3</li></ol>"
    assert anki.shown_options(q) == anki.shown_options(q)
    m = match_question("alpha", ("l1", "l2"), ("r1", "r2"))
    assert anki.answer_html(m) == "<ul><li>l1 → r1</li><li>l2 → r2</li></ul>"


# text2qti


def test_qti_text_escapes_markdown_latex_and_html() -> None:
    assert qti.text("a*b_c [d](e) #f $g$ <h> & i\nj") == (
        r"a\*b\_c \[d\]\(e\) \#f \$g\$ &lt;h&gt; &amp; i<br />j"
    )
    assert qti.title("A\ttitle\n*here*") == "A title *here*"


def test_qti_skips_order_and_match() -> None:
    out = qti.export(*pack_with(order_question("alpha", ("a", "b")), question()))
    assert out.skipped == (Skipped("in-order", "text2qti has no order question"),)
    assert "1.  Q?\n... Why\\.\n*a) A\nb) B\n" in str(out.data)


# Kahoot!


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_kahoot_cells_never_start_like_a_formula(start: str) -> None:
    assert kahoot.cell(f"{start}SUM(A1)") == f"'{start}SUM(A1)"
    assert kahoot.cell(f"  {start}x\t y") == f"'{start}x y"


def test_kahoot_skips_what_its_template_cannot_hold() -> None:
    long = question(id="long", question="x" * 121)
    wide = question(id="wide", options=("A", "b" * 76))
    five = question(id="five", options=("A", "B", "C", "D", "E"))
    several = question(id="several", type="multiple", answer=("A", "B"))
    fits = question(id="fits", question="=1+1?", options=("=2", "3"), answer=("=2",))
    out = kahoot.export(*pack_with(long, wide, five, several, fits))
    assert out.skipped == (
        Skipped("long", "the question is over 120 characters"),
        Skipped("wide", "an answer is over 75 characters"),
        Skipped("five", "Kahoot takes 2 to 4 answers"),
        Skipped("several", "only single-choice and true/false questions go to Kahoot"),
    )
    assert kahoot.row(fits) == ["'=1+1?", "'=2", "3", "", "", 30, 1]
    assert kahoot.TIME_LIMIT in kahoot.TIME_LIMITS


# Markdown


def test_markdown_escapes_whatever_markdown_would_read_as_syntax() -> None:
    assert md("a *b* [c] _d_ #e !f ~g") == r"a \*b\* \[c\] \_d\_ \#e \!f \~g"
    assert md("-x") == r"\-x"
    assert md("12. y") == r"12\. y"
    assert md("=== z") == r"\=== z"
    assert md("&amp; & b") == r"\&amp; & b"
    assert md("one\n\ttwo") == "one two"


def test_markdown_answer_key_ticks_the_answer() -> None:
    pack = load_pack("facilitator")
    q = pack.questions[2]
    assert answer_key_markdown([(7, q, keyed(q))], pack) == (
        "## Quiz and answers\n\n"
        "### 7. How many neighbourhood teams are there?\n\n"
        "*Neighbourhood teams* (`teams-count`)\n\n"
        "- · **A** Four\n- ✓ **B** Six\n- · **C** Ten\n\n**Answer:** B\n\n"
        "**Why:** There are six, each around a natural community.\n"
    )


def test_markdown_handout_holds_every_part_only_with_the_answer_key_the_quiz() -> None:
    pack = load_pack("facilitator")
    plain, keyed_out = (
        export("markdown", pack, answer_key=False).data,
        export("markdown", pack).data,
    )
    assert isinstance(plain, str) and isinstance(keyed_out, str)
    headings = [line for line in keyed_out.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Who we are",
        "## How we work",
        "## Glossary",
        "## Reflection",
        "## Quiz and answers",
    ]
    assert "## Quiz and answers" not in plain
    assert keyed_out.startswith(plain.rstrip("\n"))


def test_chosen_concepts_limit_every_part() -> None:
    from placecli.exporters import Options

    pack = load_pack("facilitator")
    data = FORMATS["markdown"].load()(pack, [pack.concepts[0]], Options(answer_key=True)).data
    assert isinstance(data, str)
    assert "Neighbourhood teams" not in data
    assert "your service work" not in data  # the other concept's prompt
    assert "ICB" in data  # the term the chosen concept uses
    assert "How many neighbourhood" not in data


# HTML


def test_html_escapes_every_pack_text() -> None:
    data = export("html", load_pack("hostile")).data
    assert isinstance(data, str)
    assert "<script>" not in data and "<h1>Markup" not in data
    assert "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;" in data

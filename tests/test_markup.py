"""The shortcut for simple Markdown gives exactly what the Markdown engine gives, or steps aside."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shopgen.markup import MarkdownRenderer, simple_markdown

_md = MarkdownRenderer()
_fast = MarkdownRenderer()
_md._patterns_for = lambda text: _md._md.inlinePatterns  # the reference: every inline pattern, every time


def engine(text: str) -> str:
    """Python-Markdown as configured for shopgen, with no shortcut taken."""
    _md._md.reset()
    _md._inline.inlinePatterns = _md._md.inlinePatterns
    return _md._md.convert(text)


def assert_same_or_declined(text: str) -> None:
    """The shortcut gives the engine's HTML for `text`, or leaves `text` to the engine."""
    fast = simple_markdown(text)
    if fast is not None:
        assert fast == engine(text)


# Letters, CJK, digits, spaces and every character Markdown gives a meaning to, in lines and blank lines.
_alphabet = st.sampled_from(list("ab 1.)-+=:#*_`[]!<>&|~\\\t \u3000中文。，\"'") + ["\n", "\n\n", "  \n", "    "])


@settings(max_examples=600, deadline=None)
@given(st.lists(_alphabet, max_size=30).map("".join))
def test_shortcut_matches_markdown_or_declines(text):
    assert_same_or_declined(text)


@pytest.mark.parametrize(
    "text",
    [
        "Yes, it fits a 60 cm desk.",
        "带的，全系标配SPF50。",
        "One line\nand the next",
        "First.\n\nSecond.\n",
        "100% cotton: yes",
    ],
)
def test_plain_answers_take_the_shortcut(text):
    assert simple_markdown(text) == engine(text)


@pytest.mark.parametrize(
    "text",
    [
        "### Why you'll love it\n\n- Backed by a 3-year warranty\n- *Slim-Fit* design\n\nPara **bold text** end.",
        "## Care\nWipe clean.\nDry flat.\n### Size\nFits 60 cm.",
        "* **Battery:** 30 h\n+ 2*3*4 mm\n- C# tips",
        "3.5 kg, 2) spare",
        "- a\n- b\n\nThen text.\n\n- c",
        "规格\n\n- 重量 1.2 kg\n- **防水**等级 IPX7",
        "1. first\n2. then\n\n- AT&T",
        "| Spec | Value |\n| --- | --- |\n| Weight | 1.2 kg |\n| *Colour* |  |",
    ],
)
def test_simple_copy_takes_the_shortcut(text):
    fast = simple_markdown(text)
    assert fast is not None
    assert fast == engine(text)


@pytest.mark.parametrize(
    "text",
    [
        "a  \nb",
        "    code",
        "a\n---",
        "AT&copy;T",
        "<b>x</b>",
        "| A | B |\n| :-- | --- |\n| 1 | 2 |",  # aligned columns
        "| A | B |\n| --- | --- |\n| 1 |",  # a short row
        "a | b",
        "[a](b)",
        "- a\n\n- b",  # a loose list
        "Intro:\n- a",  # list lines after text are text
        "- - -",
        "***",
        "***x***",
        "### T ###",
        "#T",
        "- a\n  more",
        "a * b",
        "_u_",
        "*word**word*",
    ],
)
def test_markup_goes_to_the_engine(text):
    assert simple_markdown(text) is None


# Product copy's building blocks, in any order: what the shortcut handles and its near misses.
_copy = st.sampled_from(
    [
        "word",
        " ",
        "中文",
        "3.5",
        "2)",
        "C#",
        "*",
        "**",
        "***",
        "-",
        "+",
        "=",
        ":",
        "#",
        "### ",
        "# ",
        "- ",
        "* ",
        "+ ",
        "1. ",
        "01. ",
        "3. ",
        "| ",
        " |",
        "|",
        "| --- ",
        "&",
        "&amp;",
        "&x",
        "\n",
        "\n\n",
        "  \n",
        "  ",
        "\u3000",
    ]
)


_words = st.lists(
    st.sampled_from(
        ["word", "中文", "3.5", "C#", "*em*", "**strong words**", "*", "**", "a*b*c", "x**y**", "+", "-", "&", "|"]
    ),
    min_size=1,
    max_size=4,
).map(" ".join)
_line = st.tuples(st.sampled_from(["", "", "", "### ", "# ", "- ", "* ", "+ ", "-", "1. ", "2. ", "01. "]), _words).map(
    "".join
)
_row = st.lists(st.sampled_from(["", "x", "*em*", "a & b", "---", "--"]), min_size=1, max_size=3).map(
    lambda cells: "|" + "|".join(f" {c} " for c in cells) + "|"
)
_table = st.tuples(_row, st.sampled_from(["| --- | --- |", "| --- |", "|---|---|", "| :-- | --- |"]), _row).map(
    "\n".join
)
_lines = st.one_of(st.lists(_line, min_size=1, max_size=4).map("\n".join), _table)
_copy_text = st.lists(_lines, min_size=1, max_size=5).flatmap(
    lambda blocks: st.lists(st.sampled_from(["\n", "\n\n", "\n\n\n"]), min_size=len(blocks), max_size=len(blocks)).map(
        lambda seps: "".join(b + sep for b, sep in zip(blocks, seps, strict=True))
    )
)


@settings(max_examples=1500, deadline=None)
@given(_copy_text)
def test_shortcut_matches_markdown_on_copy_shaped_text_or_declines(text):
    assert_same_or_declined(text)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_copy, max_size=24).map("".join))
def test_shortcut_matches_markdown_on_product_copy_or_declines(text):
    assert_same_or_declined(text)


_rich = st.sampled_from(
    [
        "word ",
        "**bold** ",
        "*em* ",
        "_u_ ",
        "`code` ",
        "[link](https://x.y) ",
        "![alt](a.png) ",
        "<https://a.b> ",
        "<me@x.y> ",
        "&amp; ",
        "&copy; ",
        "a\\*b ",
        "  \n",
        "\n",
        "\n\n",
        "- item\n",
        "1. one\n",
        "# H\n",
        "| a | b |\n| --- | --- |\n| 1 | 2 |\n",
        "```\ncode\n```\n",
        "[ref]: https://r.s\n",
        "[ref] ",
        "中文 ",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_rich, max_size=25).map("".join))
def test_offering_only_the_patterns_a_text_can_match_gives_the_same_html(text):
    assert _fast.render(text).html == engine(text)

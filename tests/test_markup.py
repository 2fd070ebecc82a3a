"""The plain-paragraph shortcut gives exactly what the Markdown engine gives, or steps aside."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shopgen.markup import MarkdownRenderer, plain_paragraphs

_md = MarkdownRenderer()
_fast = MarkdownRenderer()
_md._patterns_for = lambda text: _md._md.inlinePatterns  # the reference: every inline pattern, every time


def engine(text: str) -> str:
    """Python-Markdown as configured for shopgen, with no shortcut taken."""
    _md._md.reset()
    _md._inline.inlinePatterns = _md._md.inlinePatterns
    return _md._md.convert(text)


# Letters, CJK, digits, spaces and every character Markdown gives a meaning to, in lines and blank lines.
_alphabet = st.sampled_from(list("ab 1.)-+=:#*_`[]!<>&|~\\\t \u3000中文。，\"'") + ["\n", "\n\n", "  \n", "    "])


@settings(max_examples=600, deadline=None)
@given(st.lists(_alphabet, max_size=30).map("".join))
def test_shortcut_matches_markdown_or_declines(text):
    fast = plain_paragraphs(text)
    if fast is not None:
        assert fast == engine(text)


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
    assert plain_paragraphs(text) == engine(text)


@pytest.mark.parametrize(
    "text",
    ["1. first", "- item", "a  \nb", "    code", "# heading", "a\n---", "AT&T", "<b>x</b>", "x *y*", "[a](b)"],
)
def test_markup_goes_to_the_engine(text):
    assert plain_paragraphs(text) is None


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

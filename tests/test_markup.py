"""The plain-paragraph shortcut gives exactly what the Markdown engine gives, or steps aside."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shopgen.markup import MarkdownRenderer, plain_paragraphs

_md = MarkdownRenderer()


def engine(text: str) -> str:
    _md._md.reset()
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

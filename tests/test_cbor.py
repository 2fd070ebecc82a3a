"""The CBOR subset Pagefind's index files use: values survive a round trip, encoding is the shortest form."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shopgen.cbor import CBORError, decode, encode

values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.text() | st.binary(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5), inner, max_size=5),
    max_leaves=20,
)


@given(values)
def test_round_trip(value):
    assert decode(encode(value)) == value


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        (0, b"\x00"),
        (23, b"\x17"),
        (24, b"\x18\x18"),
        (1000, b"\x19\x03\xe8"),
        (-1, b"\x20"),
        ("a", b"\x61a"),
        ([1, [2]], b"\x82\x01\x81\x02"),
        ({"a": 1}, b"\xa1\x61a\x01"),
        (None, b"\xf6"),
        (True, b"\xf5"),
    ],
)
def test_shortest_form_as_rfc_8949_examples(value, encoded):
    assert encode(value) == encoded


@pytest.mark.parametrize("data", [b"", b"\x82\x01", b"\x61", b"\x00\x00", b"\x1c", b"\xc0\x00"])
def test_damaged_or_unsupported_input_is_an_error(data):
    with pytest.raises(CBORError):
        decode(data)

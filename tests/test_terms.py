"""Term patterns skip a text only when it cannot match: checked against the re module itself."""

from __future__ import annotations

import re
import string
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.terms import compile_terms, fold_for_keys, term_keys


def test_fold_covers_every_character_re_ignorecase_equates_with_an_ascii_character():
    ascii_chars = [c for c in string.printable if not c.isspace()]
    for code in range(128, sys.maxunicode + 1):
        char = chr(code)
        if char.lower() == char and char.upper() == char and char.casefold() == char:
            continue  # an uncased character only matches itself
        for a in ascii_chars:
            if re.fullmatch(re.escape(a), char, re.IGNORECASE):
                assert fold_for_keys(char) == a.lower(), (hex(code), a)


def test_keys_come_only_from_ascii_literal_terms():
    assert term_keys(["Northern Alliance", "NRF"]) == ("northern", "nrf")
    assert term_keys(["Taliban", "re:Panjshir (?:has|had) fallen"]) is None
    assert term_keys(["Ахмад Масуд"]) is None
    assert term_keys([]) == ()
    assert not compile_terms([]).may_occur_in("anything at all")


def test_a_sentence_without_any_key_is_skipped_and_one_with_a_key_is_searched():
    pattern = compile_terms(["Northern Alliance", "resistance fighters"])
    sentence = "Fighters of the NORTHERN   alliance held the valley."
    assert pattern.may_occur_in(fold_for_keys(sentence))
    assert pattern.search(sentence).group() == "NORTHERN   alliance"
    assert not pattern.may_occur_in(fold_for_keys("The Taliban said the valley had fallen."))


_TERMS = ["Taliban", "Northern Alliance", "NRF", "al-Qaeda", "U.S.", "Panjshir's fall", "ISIS-K", "kill"]
_PIECES = [
    *_TERMS,
    "TALIBAN",
    "taliban",
    "Ta\u0130liban",
    "\u212aill",
    "ki\u0131l",
    "northern\nalliance",
    "Northern  Alliance",
    "nrfs",
    "us",
    "İstanbul",
    "ſtate",
    "“",
    "”",
    " ",
    ",",
    "-",
    "valley",
]


@settings(max_examples=500, deadline=None, derandomize=True)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=10), st.lists(st.sampled_from(_TERMS), min_size=1, max_size=4)
)
def test_may_occur_in_never_rejects_a_text_the_pattern_matches(pieces, terms):
    text = "".join(pieces)
    pattern = compile_terms(terms)
    if pattern.search(text):
        assert pattern.may_occur_in(fold_for_keys(text))

"""Term patterns skip a text only when it cannot match: checked against the re module itself."""

from __future__ import annotations

import re
import string
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.terms import compile_terms, fold_for_keys, key_words, term_keys


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


def test_folding_keeps_length_and_word_characters_for_every_character():
    """What word keys rely on: a whole word of a match stays a whole word once folded."""
    word = re.compile(r"\w")
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        folded = fold_for_keys(char)
        assert len(folded) == 1, hex(code)
        assert (word.match(char) is None) == (word.match(folded) is None), hex(code)


def test_word_keys_are_only_keys_every_match_holds_as_a_whole_word():
    assert compile_terms(["Northern Alliance", "NRF"]).word_keys == {"northern", "nrf"}
    # "al-qaeda" is not one word; "u.s." neither; a term ending in punctuation has no right edge
    assert compile_terms(["al-Qaeda", "U.S.", "Taliban"]).word_keys == {"taliban"}
    assert compile_terms(["Taliban"]).text_keys == ()
    assert compile_terms(["al-Qaeda"]).text_keys == ("al-qaeda",)
    assert compile_terms(["re:Panjshir"]).word_keys == frozenset()
    # a term padded with a space has no word boundary on that side: "xMassoud" matches it
    padded = compile_terms([" Massoud"])
    assert padded.word_keys == frozenset()
    folded = fold_for_keys("AhmadMASSOUD")
    assert padded.search("AhmadMASSOUD") and padded.may_occur(folded, key_words(folded))


_WORD_TERMS = [*_TERMS, "so-called", "fighters'", "(NRF)", "Ahmad Massoud", "2021", "_x", " Massoud"]
_WORD_PIECES = [
    *_PIECES,
    *_WORD_TERMS,
    "xnrf",
    "nrf_",
    "Taliban2",
    "2021",
    "_",
    "'",
    "(",
    ")",
    "ahmad",
    "MASSOUD",
    "\u00a0",
    "\n",
    "é",
]


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(
    st.lists(st.sampled_from(_WORD_PIECES), max_size=10),
    st.lists(st.sampled_from(_WORD_TERMS), min_size=1, max_size=4),
    st.integers(0, 3),
    st.integers(0, 3),
)
def test_may_occur_agrees_with_may_occur_in_and_never_rejects_a_match(pieces, terms, cut_left, cut_right):
    """Also when the pattern is searched within a slice of a longer text (pos/endpos), as the
    pipeline searches sentences in their article."""
    text = "".join(pieces)
    pattern = compile_terms(terms)
    start, end = min(cut_left, len(text)), max(min(cut_left, len(text)), len(text) - cut_right)
    folded = fold_for_keys(text[start:end])
    words = key_words(folded)
    if pattern.search(text, start, end):
        assert pattern.may_occur(folded, words)
    assert pattern.may_occur(folded, words) <= pattern.may_occur_in(folded)

"""Term patterns skip a text only when it cannot match: checked against the re module itself."""

from __future__ import annotations

import re
import string
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.terms import (
    TermIndex,
    compile_terms,
    fold_for_keys,
    fold_text,
    key_words,
    regex_keys,
    term_keys,
)


def test_fold_covers_every_character_re_ignorecase_equates_with_an_ascii_character():
    ascii_chars = [c for c in string.printable if not c.isspace()]
    for code in range(128, sys.maxunicode + 1):
        char = chr(code)
        if char.lower() == char and char.upper() == char and char.casefold() == char:
            continue  # an uncased character only matches itself
        for a in ascii_chars:
            if re.fullmatch(re.escape(a), char, re.IGNORECASE):
                assert fold_for_keys(char) == a.lower(), (hex(code), a)


def test_keys_come_from_ascii_literals_every_match_contains():
    assert term_keys(["Northern Alliance", "NRF"]) == ("northern", "nrf")
    # an expression's longest run of literal characters (its parser shares the "ha" of has/had)
    assert term_keys(["Taliban", "re:Panjshir (?:has|had) fallen"]) == ("panjshir ha", "taliban")
    assert term_keys(["re:\\w+\\d"]) is None
    assert term_keys(["Taliban", "re:(?:x)?"]) is None
    assert term_keys(["Ахмад Масуд"]) is None
    # a term with non-ASCII letters: its longest ASCII run inside a word, never a whole word
    assert term_keys(["communiqué", "Ахмад Massoud"]) == ("communiqu", "massoud")
    assert compile_terms(["communiqué", "statement"]).word_keys == {"statement"}
    assert term_keys(["\u212aabul"]) == ("abul",)  # the Kelvin sign is not ASCII, whatever it lowers to
    assert term_keys([]) == ()
    assert not compile_terms([]).may_occur_in("anything at all")


def test_a_sentence_without_any_key_is_skipped_and_one_with_a_key_is_searched():
    pattern = compile_terms(["Northern Alliance", "resistance fighters"])
    sentence = "Fighters of the NORTHERN   alliance held the valley."
    assert pattern.may_occur_in(fold_for_keys(sentence))
    assert pattern.search(sentence).group() == "NORTHERN   alliance"
    assert not pattern.may_occur_in(fold_for_keys("The Taliban said the valley had fallen."))


_TERMS = [
    "Taliban",
    "Northern Alliance",
    "NRF",
    "al-Qaeda",
    "U.S.",
    "Panjshir's fall",
    "ISIS-K",
    "kill",
    "communiqué",
    "Taliban’s fighters",
    "İstanbul",
    "\u212aabul",
]
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
    "COMMUNIQUÉ",
    "communiqu",
    "taliban’s FIGHTERS",
    "istanbul",
    "ISTANBUL",
    "kabul",
    "\u212aABUL",
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


def test_regex_keys_of_the_codebook_expressions():
    assert regex_keys("(?:have|has|had) captured(?! by)") == (" captured",)
    assert regex_keys("Panjshir's (?:complete )?(?:takeover|fall|capture)") == ("panjshir's ",)
    assert regex_keys("taken (?:control of )?Panjshir(?![’']s)") == ("panjshir",)
    # an alternation whose every branch has keys gives their union; a repeat of at least once counts
    assert regex_keys("(?:seized|conquered) [a-z]+") == ("conquered", "seized")
    assert regex_keys("x(?:ab)+y") == ("ab",)
    # nothing every match contains: an optional part, a class, an empty branch, a non-ASCII letter
    for source in ("(?:Panjshir)?", "[abc]+", "Kabul|", "é", "\\w+", "(?:x){0,3}"):
        assert regex_keys(source) is None, source
    assert regex_keys("(unbalanced") is None


_REGEX_TERMS = [
    "re:(?:have|has|had) captured(?! by)",
    "re:Panjshir's (?:complete )?(?:takeover|fall|capture)",
    "re:taken (?:control of )?Panjshir(?![’']s)",
    "re:(?:seized|conquered) [a-z]+",
    "re:x(?:ab)+y",
    "re:(?-i:NRF) forces?",
    "re:(?>atomic) group",
    "re:(a)\\1 b",
    "re:fall\\s+of\\s+Kabul",
    "re:\\bkill(?:ed|s)?\\b",
    "re:U\\.S\\. troops",
    "re:(?<=the )valley",
    "re:war(?:lords? of Kabul)?",
    "re:(?:Mazar-i-Sharif|\\d+) fell",
    "re:\u017feized",
    "Taliban",
]
_REGEX_PIECES = [
    "have captured",
    "HAS CAPTURED",
    "had captured by",
    "Panjshir's fall",
    "PANJSHIR'S COMPLETE TAKEOVER",
    "taken control of Panjshir",
    "taken Panjshir's",
    "seized ",
    "conquered",
    "Kabul",
    "xababy",
    "XABY",
    "NRF force",
    "nrf forces",
    "atomic group",
    "aa b",
    "AA B",
    "fall \n of  Kabul",
    "\u212aill",
    "KILLED",
    "u.s. troops",
    "the valley",
    "Ta\u0130liban",
    "ſeized",
    " ",
    "'",
    "’",
    "valley",
    "WAR",
    "warlords of kabul",
    "2021 fell",
    "Mazar-i-Sharif fell",
]


def test_regex_keys_never_reject_a_match_of_one_or_two_pieces():
    """Every expression above alone, on every piece and every pair of pieces."""
    texts = [*_REGEX_PIECES, *(a + b for a in _REGEX_PIECES for b in _REGEX_PIECES)]
    for term in _REGEX_TERMS:
        pattern = compile_terms([term])
        assert pattern.keys is not None, term  # so each one is put to the test
        for text in texts:
            if pattern.search(text):
                assert pattern.may_occur(*fold_text(text)), (term, text)


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(
    st.lists(st.sampled_from(_REGEX_PIECES), max_size=8),
    st.lists(st.sampled_from(_REGEX_TERMS), min_size=1, max_size=3),
    st.integers(0, 3),
)
def test_regex_keys_never_reject_a_text_the_expression_matches(pieces, terms, cut):
    text = "".join(pieces)
    pattern = compile_terms(terms)
    start = min(cut, len(text))
    folded = fold_text(text[start:])
    if pattern.search(text, start):
        assert pattern.may_occur_in(folded.folded), (terms, text)
        assert pattern.may_occur(*folded), (terms, text)


@settings(max_examples=800, deadline=None, derandomize=True)
@given(
    st.lists(st.sampled_from([*_WORD_PIECES, *_REGEX_PIECES]), max_size=10),
    st.lists(
        st.lists(st.sampled_from([*_WORD_TERMS, *_REGEX_TERMS, "re:\\w+", "Ахмад"]), min_size=1, max_size=3),
        min_size=1,
        max_size=8,
    ),
)
def test_term_index_finds_exactly_the_patterns_that_may_occur(pieces, term_lists):
    patterns = [compile_terms(terms) for terms in term_lists]
    folded = fold_text("".join(pieces))
    expected = [i for i, p in enumerate(patterns) if p.may_occur(*folded)]
    assert TermIndex(patterns).candidates(folded) == expected

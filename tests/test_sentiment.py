"""The fast tone scorers give exactly what TextBlob and VADER give.

``sentiment.textblob_scores`` re-implements TextBlob's assessment loop over a plain-dict copy of
its lexicon, and ``sentiment.vader_compound`` skips VADER for texts without a single lexicon
word. Both shortcuts are only allowed because they change no number; these tests hold them to
that on every sentence of the corpus, on the ugly fixture texts and on generated word salads
built from the lexicons' own tricky entries (negations, intensifiers, "!", emoticons).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis.normalize import normalize_for_tone
from analysis.parse import parse_text
from analysis.sentiment import target_rows, textblob_scores, vader_compound

_VADER = SentimentIntensityAnalyzer()


def _reference(text: str) -> tuple[float, float, float]:
    normalized = normalize_for_tone(text)
    blob = TextBlob(normalized).sentiment
    return (
        float(blob.polarity),
        float(blob.subjectivity),
        float(_VADER.polarity_scores(normalized)["compound"]),
    )


def _fast(text: str) -> tuple[float, float, float]:
    return (*textblob_scores(text), vader_compound(text))


def _corpus_sentences(corpus) -> list[str]:
    texts = []
    for article in corpus.values():
        parsed = parse_text(article.text)
        texts.extend(article.text[s.start : s.end] for s in parsed.sentences)
    return texts


def test_every_corpus_sentence_scores_exactly_as_textblob_and_vader(corpus):
    sentences = _corpus_sentences(corpus)
    assert len(sentences) > 100
    mismatches = [
        (text, _fast(text), _reference(text)) for text in sentences if _fast(text) != _reference(text)
    ]
    assert mismatches == []


def test_the_shortcut_is_exercised_on_both_sides(corpus):
    """Some corpus sentences carry no VADER word (scored 0 without VADER), others do."""
    compounds = [vader_compound(text) for text in _corpus_sentences(corpus)]
    assert 0.0 in compounds
    assert any(c != 0.0 for c in compounds)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Not good. Not very good! Never bad (!) :-) :(",
        "He was not at all happy, but very, very proud!!!",
        "“Resistance continues,” he said — isn't it great? :D",
        "<script>alert('x')</script> terrible &amp; awful",
        "The fighters weren't defeated; they didn't surrender.",
        "😀 a happy emoji-only line 💔",
        "NO WAY this is GREAT",
        "kinda sorta ok lol",
    ],
)
def test_edge_texts_score_exactly_as_textblob_and_vader(text):
    assert _fast(text) == _reference(text)


_TRICKY_WORDS = [
    "not",
    "never",
    "no",
    "very",
    "really",
    "extremely",
    "good",
    "bad",
    "great",
    "terrible",
    "happy",
    "sad",
    "!",
    "(!)",
    ":)",
    ":-(",
    ";-)",
    "<3",
    "but",
    "kind",
    "of",
    "isn't",
    "don't",
    "won't",
    "fall",
    "captured",
    "victory",
    "resistance",
    "brutal",
    "peaceful",
    "at",
    "all",
    "most",
    "least",
    "more",
    "less",
    "too",
    "hardly",
    "barely",
    "Taliban",
    "Panjshir",
    "killed",
    "😀",
    "ok",
    "LOL",
    "GREAT",
    ",",
    ".",
    "?",
    "—",
    "“",
    "”",
    "'",
]


_TRICKY_WORDS += [
    *"least this so without doubt or nor sort shit bus stop bomb the die for to uh-uh".split(),
    *"wasn't nothing despite BAD love kill war peace hate AWFUL !! ?? ??? hope fear".split(),
    # VADER's idioms and multi-word boosters, boosters in capitals, negation triggers in capitals
    *"kiss death yeah right bad ass beating heart just enough sort VERY EXTREMELY SO THIS NEVER".split(),
]


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_TRICKY_WORDS), max_size=14))
def test_generated_word_salads_score_exactly_as_textblob_and_vader(words):
    text = " ".join(words)
    assert _fast(text) == _reference(text)


def test_whole_corpus_articles_score_exactly_as_textblob_and_vader(corpus):
    """Long, multi-paragraph texts: sentence ends, paragraph breaks and "but" far from the
    lexicon words, where the word-skipping shortcuts matter most."""
    texts = [article.text for article in corpus.values()]
    texts.append("\n\n".join(texts))
    assert [_fast(text) for text in texts] == [_reference(text) for text in texts]


# Pieces of emoticons, sarcasm marks, end-of-sentence marks, contractions in every case, and
# characters whose case mapping depends on context: what the tokenizer's and the normaliser's
# shortcuts must recognise to fall back to the full rules.
_EDGE_PIECES = [
    *": ) ( - D X x o O 8 = > < 3 ; ' ^ * ° . , ! ? ... _ / \\ c p P b s S [ ] { } |".split(),
    *":) :-) :( :'( o.O XD x-D >:D <3 ;-) 8-) (!) ( !) ... U.S. e.g. a. T.".split(),
    "END-OF-SENTENCE",
    "\n\n",
    "\n",
    "\r\n",
    "\u00a0",
    "\u2009",
    *"can't CAN'T Can't ain't won't Won't shan't don't DON'T isn't n't N'T nt don'tn't".split(),
    *"‘ ’ “ ” ` « » „ ′ ″ ΟΔΟΣ Σ İ ı ſ".split(),
    *"good bad not never very really but BUT kind of no least at so happy terrible".split(),
]


@settings(max_examples=2500, deadline=None, derandomize=True)
@given(
    st.lists(st.sampled_from(_EDGE_PIECES), max_size=18),
    st.lists(st.sampled_from(["", " ", "  "]), max_size=18),
)
def test_generated_edge_texts_score_exactly_as_textblob_and_vader(pieces, gaps):
    """Pieces joined with no space, one or two, so that emoticons and contractions form across
    them ("( !", ": )", "don'tn't")."""
    text = "".join(piece + (gaps[i] if i < len(gaps) else " ") for i, piece in enumerate(pieces))
    assert _fast(text) == _reference(text)


def _normalize_reference(text: str) -> str:
    """The normalisation as first written: translate every character, each negation pattern
    over the whole text, regex whitespace collapse."""
    import re

    from analysis.normalize import _QUOTES

    text = text.translate(_QUOTES)
    if "'" in text:
        for pattern, replacement in (
            (r"\b([Cc])an't\b", r"\1an not"),
            (r"\b([Ww])on't\b", r"\1ill not"),
            (r"\b([Ss])han't\b", r"\1hall not"),
            (r"\b([Aa])in't\b", r"\1m not"),
        ):
            text = re.sub(pattern, replacement, text)
        text = re.sub(r"\b(\w+)n't\b", lambda m: f"{m.group(1)} not", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip()


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(st.text(alphabet="aNnTtcwsi’'‘`“”\u00a0 \n\tx-_.İ", max_size=40))
def test_normalisation_shortcuts_change_nothing(text):
    assert normalize_for_tone(text) == _normalize_reference(text)


def test_normalisation_on_corpus_articles(corpus):
    for article in corpus.values():
        assert normalize_for_tone(article.text) == _normalize_reference(article.text)


def test_str_split_and_the_regex_whitespace_agree_on_every_character():
    """What the normaliser and TextBlob's tokenizer rely on when they split with ``str.split()``
    where TextBlob and the first normaliser collapsed ``\\s+``."""
    import re
    import sys

    space = re.compile(r"\s")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert (space.match(char) is not None) == char.isspace(), hex(code)


def test_sentence_distribution_means_do_not_depend_on_row_order_or_neighbouring_groups():
    import pandas as pd

    from analysis.sentiment import TONE_COLUMNS, sentence_distribution

    values = [0.1, 0.2, 0.3, 1e-17, 0.7, 0.123457, 0.333333]
    rows = [("a", "o", i, 0, 1, v, v, v) for i, v in enumerate(values)]
    rows += [("b", "o", i, 0, 1, -v, v, v) for i, v in enumerate(values[:3])]
    tone = pd.DataFrame(rows, columns=list(TONE_COLUMNS))
    forward = sentence_distribution(tone, "article_id")
    backward = sentence_distribution(tone.iloc[::-1], "article_id")
    alone = sentence_distribution(tone[tone["article_id"] == "a"], "article_id")
    columns = ["mean_polarity", "mean_subjectivity", "mean_vader", "share_positive"]
    assert forward[columns].to_numpy().tobytes() == backward[columns].to_numpy().tobytes()
    assert forward[columns].iloc[:1].to_numpy().tobytes() == alone[columns].to_numpy().tobytes()


def _spaced_emoticon_reference():
    """The spaced-emoticon pattern as first written: one alternative per emoticon and gap."""
    import re

    from analysis.tone_lexicons import EMOTICONS

    variants = []
    for face in sorted({face for group in EMOTICONS.values() for face in group}):
        chars = [re.escape(c) for c in face]
        for gap in range(1, len(chars)):
            variants.append(" ?".join(chars[:gap]) + " " + " ?".join(chars[gap:]))
    return re.compile("|".join(variants))


_SPACED_REFERENCE = _spaced_emoticon_reference()


@settings(max_examples=4000, deadline=None, derandomize=True)
@given(st.text(alphabet=":;=<>*8xXoO°♥-'()[]{}/\\^.,_3DPSbcps \n", max_size=14))
def test_the_spaced_emoticon_tree_finds_what_the_alternation_finds(text):
    from analysis.tone_lexicons import _SPACED_EMOTICON

    found = _SPACED_EMOTICON.search(text)
    expected = _SPACED_REFERENCE.search(text)
    assert (found is None) == (expected is None)
    if found is not None:  # the same language: the reference matches the tree's match whole
        assert _SPACED_REFERENCE.fullmatch(found.group()) is not None


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(
    st.lists(st.sampled_from(_EDGE_PIECES), max_size=18),
    st.lists(st.sampled_from(["", " ", "  "]), max_size=18),
)
def test_remembered_piece_splits_change_no_token(pieces, gaps):
    """Tokens with the memo of punctuation splits off, being filled, and full."""
    from analysis import tone_lexicons

    text = "".join(piece + (gaps[i] if i < len(gaps) else " ") for i, piece in enumerate(pieces))
    text = normalize_for_tone(text)
    saved = tone_lexicons._PIECES_LIMIT
    tone_lexicons._PIECES.clear()
    try:
        tone_lexicons._PIECES_LIMIT = 0
        cold = tone_lexicons.textblob_tokens(text)
        assert tone_lexicons._PIECES == {}
    finally:
        tone_lexicons._PIECES_LIMIT = saved
    assert tone_lexicons.textblob_tokens(text) == cold
    assert tone_lexicons.textblob_tokens(text) == cold


def test_an_actor_named_again_in_brackets_is_one_target_mention(corpus, codebook):
    """Republic World's "Afghanistan's National Resistance Front (NRF)": one mention of the NRF in
    that sentence for target tone, not two; a later bare "NRF" is its own mention."""
    from analysis.narration import NO_VOICES

    article = next(a for a in corpus.values() if a.article_id.startswith("002"))
    text = article.text
    sentences = [
        s for s in parse_text(text).sentences if "National Resistance Front (NRF)" in text[s.start : s.end]
    ]
    assert len(sentences) == 1
    rows = target_rows("a", "o", text, sentences, NO_VOICES, codebook, set())
    nrf = [
        (start, end)
        for _, _, _, actor, _, _, _, start, end, _, _ in rows
        if actor == "National Resistance Front"
    ]
    assert [text[s:e] for s, e in nrf] == ["Afghanistan's National Resistance Front", "NRF"]
    assert text[nrf[1][0] - 1] != "("

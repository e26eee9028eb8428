"""The three voices on the Panjshir articles: narration, reported speech and direct quotes."""

from __future__ import annotations

import pytest

from analysis.attribution import attribution_rows
from analysis.narration import NARRATION, QUOTED, REPORTED, split_by_voice, voice_of, voice_spans
from analysis.parse import parse_text

from .conftest import article_text


@pytest.fixture(scope="module")
def voiced(codebook):
    """Per article prefix: (text, its VoiceSpans)."""
    out = {}
    for prefix in ("000", "001", "002", "003", "004"):
        text = article_text(prefix)
        rows = attribution_rows(prefix, "o", text, parse_text(text), codebook)
        out[prefix] = (text, voice_spans(text, rows))
    return out


def _voice_of_words(text, spans, words):
    start = text.index(words)
    return voice_of(spans, start, start + len(words))


def test_quoted_fragments_inside_reported_speech_are_quoted_and_the_rest_reported(voiced):
    """004: "… saying that that the resistance force is present at "strategic positions" and added
    that fight against the Taliban in Panjshir Valley 'will continue'."""
    text, spans = voiced["004"]
    sentence_start = text.index("The Resistance Front, however, denied complete fall")
    sentence_end = text.index("'will continue'.", sentence_start) + len("'will continue'.")
    runs = [(text[a:b], v) for a, b, v in split_by_voice(text, sentence_start, sentence_end, spans)]
    assert ('"strategic positions"', QUOTED) in runs
    assert ("'will continue'", QUOTED) in runs
    assert runs[0] == ("The Resistance Front, however, denied", NARRATION)
    assert any(v == REPORTED and t.startswith("complete fall of Panjshir Valley") for t, v in runs)
    assert any(v == REPORTED and t.startswith("and added that fight against the Taliban") for t, v in runs)


def test_a_direct_quote_keeps_the_outlets_words_before_the_marks_as_reported(voiced):
    """001: "Amrullah Saleh … refuted the claims, saying "resistance is continuing and will
    continue"." The hedge "claims" is the outlet's wording, the quote the speaker's."""
    text, spans = voiced["001"]
    assert _voice_of_words(text, spans, "the claims, saying") == REPORTED
    assert _voice_of_words(text, spans, '"resistance is continuing and will continue"') == QUOTED
    assert _voice_of_words(text, spans, "However, Amrullah Saleh") == NARRATION


def test_an_embedded_post_is_quoted_whole_with_the_statements_inside_it(voiced):
    """004's AFP tweet, whose text reports the NRF: all of it is the account holder's words."""
    text, spans = voiced["004"]
    assert _voice_of_words(text, spans, "#UPDATES National Resistance Front") == QUOTED
    assert _voice_of_words(text, spans, "after Taliban say they captured the area") == QUOTED


def test_an_outlet_that_only_paraphrases_has_no_quoted_words(voiced):
    """003 (Anadolu Agency) reports every statement in its own words."""
    text, spans = voiced["003"]
    assert spans.quoted == [] and len(spans.attributed) >= 8
    assert _voice_of_words(text, spans, "several rounds of talks had been held") == REPORTED


def test_an_unbalanced_mark_never_makes_narration_quoted(voiced):
    """004's "… take practical steps."" closes a quote that never opened; the sentences after it
    stay narration."""
    text, spans = voiced["004"]
    after = text.index("Ahmad Massoud is the son of the legendary")
    assert voice_of(spans, after, after + 60) == NARRATION
    for quoted_start, quoted_end in spans.quoted:
        assert any(s <= quoted_start and quoted_end <= e for s, e in spans.attributed)

"""Attribution on the five real articles: the hand-coded fixture and one test per construction."""

from __future__ import annotations

import pytest

from analysis.attribution import ATTRIBUTION_COLUMNS, attribution_rows, extract_text
from analysis.evaluation import load_gold, match

from .conftest import article_text


@pytest.fixture(scope="module")
def predicted(corpus, codebook):
    rows = []
    for article in corpus.values():
        from analysis.parse import parse_text

        rows += [
            dict(zip(ATTRIBUTION_COLUMNS, r, strict=True))
            for r in attribution_rows(
                article.article_id, article.outlet, article.text, parse_text(article.text), codebook
            )
        ]
    return rows


@pytest.fixture(scope="module")
def scored(corpus, predicted):
    texts = {a.article_id[:3]: a.text for a in corpus.values()}
    return match(load_gold(texts), predicted)


def test_speaker_precision_and_recall_against_the_hand_coding(scored):
    assert scored.precision >= 0.95 and scored.recall >= 0.95, scored.report()


def test_platform_accuracy_against_the_hand_coding(scored):
    assert scored.accuracy("platform") >= 0.95, scored.report()


def test_side_and_kind_agree_with_the_hand_coding(scored):
    assert scored.accuracy("side") >= 0.95, scored.report()
    assert scored.accuracy("kind") >= 0.90, scored.report()


def test_offsets_slice_back_to_the_reported_text(corpus, predicted):
    for row in predicted:
        text = corpus[row["article_id"]].text
        assert text[row["quote_start"] : row["quote_end"]] == row["quote"]
        assert row["start"] <= row["quote_start"] and row["quote_end"] <= row["end"]
        if row["speaker_start"] is not None and row["speaker_start"] == row["speaker_start"]:
            assert text[row["speaker_start"] : row["speaker_end"]] == row["speaker_as_written"]


def find(prefix, codebook, quote_contains, speaker=None):
    """The attribution in article ``prefix`` whose content contains ``quote_contains``."""
    text = article_text(prefix)
    hits = [
        a
        for a in extract_text(text, codebook)
        if quote_contains in text[a.content[0] : a.content[1]]
        and (speaker is None or a.speaker.name == speaker)
    ]
    assert hits, f"no attribution with {quote_contains!r} in {prefix}"
    a = hits[0]
    return {
        "speaker": a.speaker.name,
        "side": a.speaker.side,
        "kind": a.kind,
        "platform": a.platform,
        "via": a.via,
        "construction": a.construction,
        "cue": text[a.cue[0] : a.cue[1]] if a.cue else "",
        "as_written": text[a.speaker.start : a.speaker.end],
        "quote": text[a.content[0] : a.content[1]],
    }


# --- one test per construction, on real sentences of the corpus ------------------------------


def test_quote_then_said_speaker(codebook):
    a = find("001", codebook, "we lost two dear brothers")
    assert (a["speaker"], a["kind"], a["platform"], a["cue"]) == (
        "National Resistance Front",
        "direct",
        "facebook",
        "said",
    )
    assert a["quote"].startswith('"With deep touch') and a["quote"].endswith('martyrdom,"')


def test_quote_then_speaker_tweeted_after_an_exclamation(codebook):
    a = find("002", codebook, "My leader and brother")
    assert (a["speaker"], a["as_written"], a["kind"], a["platform"]) == (
        "Ali Nazary",
        "Nazary",
        "direct",
        "twitter",
    )


def test_quote_then_tweeted_speaker(codebook):
    a = find("002", codebook, "the last stronghold of the mercenary enemy")
    assert (a["speaker"], a["as_written"], a["cue"], a["platform"]) == (
        "Zabihullah Mujahid",
        "Zabihullah",
        "tweeted",
        "twitter",
    )


def test_a_quote_spanning_two_sentences(codebook):
    a = find("001", codebook, "About 600 Taliban have been liquidated")
    assert (a["speaker"], a["kind"], a["platform"]) == ("Fahim Dashti", "direct", "twitter")
    assert "More than 1,000 Taliban have been captured" in a["quote"]


def test_speaker_said_content_without_that(codebook):
    a = find("000", codebook, "resistance forces are ready to cease fighting")
    assert (a["speaker"], a["kind"], a["cue"]) == ("Ahmad Massoud", "indirect", "said")


def test_speaker_said_that(codebook):
    a = find("004", codebook, "the country will turn into an ethnicity-based")
    assert (a["speaker"], a["side"], a["kind"]) == ("Abdul Qader Qanet", "other", "indirect")


def test_according_to_at_the_end_names_the_source(codebook):
    a = find("003", codebook, "The Taliban have taken Paryan district")
    assert (a["speaker"], a["side"], a["cue"]) == ("Fahim Fetrat", "media", "according to")
    assert a["quote"].endswith("the seat of Panjshir province")


def test_according_to_at_the_start(codebook):
    a = find("002", codebook, "resistance forces are positioned at all important sites")
    assert (a["speaker"], a["as_written"], a["construction"]) == (
        "National Resistance Front",
        "NRF",
        "according_to",
    )


def test_said_on_twitter(codebook):
    a = find("003", codebook, "the Panjshir group attacked Taliban fighters")
    assert (a["speaker"], a["platform"]) == ("Zabihullah Mujahid", "twitter")
    assert a["quote"].startswith("the Panjshir group")  # "on Twitter that" is frame, not content


def test_taking_to_twitter(codebook):
    a = find("000", codebook, "Fahim Dashty has been killed in Panjshir")
    assert (a["speaker"], a["side"], a["platform"], a["cue"]) == (
        "Frud Bezhan",
        "media",
        "twitter",
        "confirmed",
    )


def test_in_a_facebook_post_with_a_pronoun_speaker(codebook):
    a = find("004", codebook, "he is ready to talk once the Taliban withdraw")
    assert (a["speaker"], a["as_written"], a["platform"]) == ("Ahmad Massoud", "He", "facebook")


def test_corroborated_in_a_facebook_post(codebook):
    a = find("003", codebook, "Dashti’s death")
    assert (a["speaker"], a["platform"], a["quote"]) == (
        "Noor Rahman Akhlaqi",
        "facebook",
        "Dashti’s death",
    )


def test_in_a_statement(codebook):
    a = find("004", codebook, "their fight against the Taliban in Panjshir Valley will continue")
    assert (a["speaker"], a["platform"], a["cue"]) == (
        "National Resistance Front",
        "statement",
        "said",
    )


def test_issued_a_statement_claiming(codebook):
    a = find("004", codebook, "Panjshir was now under the control of the Taliban fighters")
    assert (a["speaker"], a["platform"]) == ("Zabihullah Mujahid", "statement")


def test_in_an_audio_message_released_to_the_media(codebook):
    a = find("003", codebook, "several rounds of talks had been held")
    assert (a["speaker"], a["side"], a["platform"]) == (
        "Amir Khan Muttaqi",
        "taliban",
        "audio_message",
    )


def test_a_video_message_is_its_own_channel_unless_a_platform_is_named(codebook):
    text = "Saleh, in a video message, said he was still in Panjshir."
    assert _statements(text, codebook)[0][0::3] == ("Amrullah Saleh", "video_message")
    text = "In a video posted on Twitter, Saleh said he was in Panjshir."
    assert _statements(text, codebook)[0][0::3] == ("Amrullah Saleh", "twitter")


def test_on_social_media_offered(codebook):
    a = find("003", codebook, "end the clashes and engage in negotiation")
    assert (a["speaker"], a["platform"], a["cue"]) == ("Ahmad Massoud", "social_media", "offered")


def test_outlet_reported_at_the_end_becomes_the_via(codebook):
    a = find("000", codebook, "resistance forces are ready to cease fighting")
    assert (a["via"], a["platform"]) == ("Sputnik", "news_agency")
    assert "Sputnik" not in a["quote"]


def test_reported_outlet_citing_a_source(codebook):
    a = find("000", codebook, "was killed in fighting in the province on Sunday")
    assert (a["speaker"], a["via"], a["platform"]) == ("unnamed source", "TOLOnews", "tv")


def test_local_media_have_reported(codebook):
    a = find("003", codebook, "Rukha district")
    assert (a["speaker"], a["side"], a["platform"]) == ("local media", "media", "media_report")


def test_outlet_quoted_a_source_claiming(codebook):
    a = find("003", codebook, "their fighters had entered Bazarak")
    assert (a["speaker"], a["side"], a["via"], a["platform"]) == (
        "unnamed source",
        "taliban",
        "TOLOnews",
        "tv",
    )


def test_told_an_outlet_is_an_interview_via_that_outlet(codebook):
    text = "Ali Nazary told Sputnik that the resistance still held every pass in the valley."
    (a,) = extract_text(text, codebook)
    assert (a.speaker.name, a.via, a.platform) == ("Ali Nazary", "Sputnik", "interview")


def test_told_an_outlet_at_the_end_of_the_sentence_is_an_interview_via_that_outlet(codebook):
    text = "The valley has fallen, a Taliban commander told AFP on Sunday."
    (a,) = extract_text(text, codebook)
    assert (a.speaker.name, a.via, a.platform) == ("Taliban", "AFP", "interview")
    assert text[a.content[0] : a.content[1]] == "The valley has fallen"
    # An addressee that is no outlet is no via.
    (a,) = extract_text("The valley has fallen, Massoud told reporters.", codebook)
    assert (a.via, a.platform) == ("", "unspecified")


def test_a_quotation_told_to_an_outlet_is_an_interview_via_that_outlet(codebook):
    text = 'Ali Nazary told Sputnik: "Panjshir is not under their control."'
    (a,) = extract_text(text, codebook)
    assert (a.speaker.name, a.kind, a.via, a.platform) == ("Ali Nazary", "direct", "Sputnik", "interview")
    assert text[a.content[0] : a.content[1]] == '"Panjshir is not under their control."'
    text = '"The Taliban have not captured Panjshir," a resistance commander told the BBC by phone.'
    (a,) = extract_text(text, codebook)
    assert (a.kind, a.via, a.platform) == ("direct", "BBC", "interview")


def test_an_inverted_speaker_ends_before_a_relative_clause(codebook):
    # "said Mujahid, who told AFP": Mujahid speaks; AFP belongs to the relative clause.
    text = '"It is over," said Zabihullah Mujahid, who later told AFP the same.'
    assert _speakers(text, codebook)[0] == ("Zabihullah Mujahid", "said")


def test_an_opening_speaking_to_an_outlet_is_an_interview_via_that_outlet(codebook):
    text = "Speaking to Tolo News, a Taliban commander said the fighting had ended."
    (a,) = extract_text(text, codebook)
    assert (a.speaker.name, a.via, a.platform) == ("Taliban", "TOLOnews", "interview")
    assert text[a.content[0] : a.content[1]] == "the fighting had ended"
    # Reporters are no outlet: nothing is added.
    (a,) = extract_text("Speaking to reporters, a Taliban commander said the fighting had ended.", codebook)
    assert (a.via, a.platform) == ("", "unspecified")


@pytest.mark.parametrize(
    ("text", "via", "platform"),
    [
        ("Residents told the BBC that phone lines had been cut for days.", "BBC", "interview"),
        ("Mujahid told Al Jazeera the fighting was over.", "Al Jazeera", "interview"),
        ("The Taliban have taken Bazarak, said Xinhua, citing a Taliban source.", "Xinhua", "news_agency"),
    ],
)
def test_the_story_codebook_knows_the_agencies_and_broadcasters_that_covered_it(
    codebook, text, via, platform
):
    (a,) = extract_text(text, codebook)
    assert (a.via, a.platform) == (via, platform)


def test_a_colon_introduced_quote(codebook):
    text = 'Ahmad Massoud said in a Facebook post: "We are ready to end the war."'
    (a,) = extract_text(text, codebook)
    assert (a.speaker.name, a.kind, a.platform) == ("Ahmad Massoud", "direct", "facebook")
    assert text[a.content[0] : a.content[1]] == '"We are ready to end the war."'


def test_headline_style_attribution(codebook):
    a = find(
        "004",
        codebook,
        "Fight against Taliban 'will continue'",
        speaker="National Resistance Front",
    )
    assert (a["kind"], a["construction"]) == ("mixed", "headline_colon")


def test_headline_says_spokesperson_names_the_spokesperson_introduced_before(codebook):
    a = find("002", codebook, "Ahmad Massoud safe")
    assert (a["speaker"], a["as_written"]) == ("Ali Nazary", "spokesperson")


def test_embedded_tweets_are_attributed_to_the_account_holder(codebook):
    bezhan = find("000", codebook, "Major blow", speaker="Frud Bezhan")
    assert (bezhan["kind"], bezhan["platform"]) == ("embedded_post", "twitter")
    afp = find("004", codebook, "#BREAKING", speaker="AFP")
    assert (afp["side"], afp["kind"], afp["platform"]) == ("media", "embedded_post", "twitter")
    assert "(@AFP)" not in afp["quote"]


def test_attributions_inside_an_embedded_tweet_come_via_its_account(codebook):
    a = find("004", codebook, "they captured the area", speaker="Taliban")
    assert (a["via"], a["platform"], a["kind"]) == ("AFP", "twitter", "indirect")


def test_partial_quotes_inside_indirect_speech_are_mixed(codebook):
    a = find("004", codebook, "complete fall of Panjshir Valley")
    assert (a["speaker"], a["kind"]) == ("National Resistance Front", "mixed")
    assert "'will continue'" in a["quote"]  # "saying that …" and "added that …" fold in
    b = find("001", codebook, "resolve differences")
    assert (b["speaker"], b["kind"], b["cue"]) == ("Ahmad Massoud", "mixed", "sought talks")


def test_a_full_quote_after_saying_is_direct(codebook):
    a = find("001", codebook, "resistance is continuing and will continue")
    assert (a["speaker"], a["kind"]) == ("Amrullah Saleh", "direct")


def test_the_unbalanced_quote_in_004_does_not_abort_the_article(codebook):
    a = find("004", codebook, "the resistance front has agreed to certain measures")
    assert (a["speaker"], a["kind"]) == ("Ahmad Massoud", "mixed")
    assert a["quote"].endswith('take practical steps."')


def test_pronoun_speakers_resolve_to_the_last_compatible_speaker(codebook):
    he = find("000", codebook, "committed to peacefully resolving")
    assert (he["speaker"], he["as_written"]) == ("Ahmad Massoud", "He")
    they = find("002", codebook, "would continue")
    assert (they["speaker"], they["as_written"]) == ("National Resistance Front", "They")


def test_group_speakers_resolve_through_the_codebook(codebook):
    assert find("000", codebook, "such claims")["speaker"] == "National Resistance Front"
    scholars = find("004", codebook, "a ceasefire between the Taliban")
    assert (scholars["speaker"], scholars["side"]) == ("religious scholars", "other")
    nested = find("004", codebook, "an end to the fighting", speaker="religious scholars")
    assert nested["as_written"] == "clerics in Kabul"  # "… clerics in Kabul who have called for"


def test_unnamed_reports(codebook):
    a = find("000", codebook, "the valley may collapse soon")
    assert (a["speaker"], a["platform"]) == ("unnamed reports", "media_report")
    b = find("004", codebook, "thousands of Taliban fighters took eight districts")
    assert (b["speaker"], b["cue"]) == ("unnamed reports", "As per")


def test_boilerplate_and_cross_links_never_yield_attributions(codebook):
    text = article_text("000")
    link_start = text.index("Also Read")
    link_end = text.index("Amrullah Saleh") + len("Amrullah Saleh")
    for a in extract_text(text, codebook):
        assert not (link_start <= a.content[0] < link_end)
        assert a.speaker.name != "Amrullah Saleh"
    for prefix, credit in (("002", "(with inputs from ANI)"), ("003", "Source: Anadolu Agency")):
        t = article_text(prefix)
        position = t.index(credit)
        assert all(not (position <= a.start < position + len(credit)) for a in extract_text(t, codebook))


def test_an_unresolvable_speaker_gives_no_attribution(codebook):
    assert extract_text("The situation continues to deteriorate, it said vaguely.", codebook) == []


# --- a capitalised opening word is not a name just because it opens the sentence ---------------


def _speakers(text, codebook):
    return [(a.speaker.name, text[a.cue[0] : a.cue[1]]) for a in extract_text(text, codebook)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Fahim Dashti, a spokesman who had spoken for the front since August, said Massoud's offer was a trick.",
            [("Fahim Dashti", "said")],
        ),
        # An inverted speaker may still have its own clause after a comma or a relative pronoun.
        ("The offer was serious, said Ali Nazary, who speaks for the front.", [("Ali Nazary", "said")]),
        (
            "The valley will never fall, said a commander who asked not to be named.",
            [("unnamed source", "said")],
        ),
    ],
)
def test_a_clause_after_a_cue_is_content_not_an_inverted_speaker(codebook, text, expected):
    assert _speakers(text, codebook) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Many commanders say the fighters have withdrawn to the mountains.", [("Many commanders", "say")]),
        ("Most analysts said the valley could not hold out for long.", [("Most analysts", "said")]),
        ("Both commanders said the fighters had withdrawn.", [("Both commanders", "said")]),
    ],
)
def test_a_quantified_common_noun_subject_is_a_speaker(codebook, text, expected):
    assert _speakers(text, codebook) == expected


def test_a_sentence_adverb_before_the_subject_is_an_introduction(codebook):
    text = "Overall, the fund predicted that the economy of Afghanistan would shrink by a third."
    assert _speakers(text, codebook) == [("the fund", "predicted")]
    text = "Initially, Taliban spokesman Zabihullah Mujahid said the valley had been taken."
    assert _speakers(text, codebook) == [("Zabihullah Mujahid", "said")]
    text = "Worse, the fighters kept saying that the roads were open."
    assert [s for s, _ in _speakers(text, codebook)] == ["the fighters"]


def test_an_opening_adverb_or_verb_is_never_the_speaker(codebook):
    for text in (
        "Keeps saying the valley will never fall, whatever the maps show.",
        'Once in the valley, I laughed and said, "The Taliban will never take it."',
        'To which she replied, "We will never surrender."',
        "Seriously, please ask yourself that question.",
    ):
        assert not {"Keeps", "Once", "To", "Seriously"} & {s for s, _ in _speakers(text, codebook)}, text


def test_surnames_that_are_also_common_words_stay_names(codebook):
    # The lexicon's capitalised entries keep "Price" (NNP) a name, though "price" is a noun.
    assert _speakers("Price said the talks in Doha had failed.", codebook) == [("Price", "said")]
    assert _speakers("Young told reporters the fighting had stopped.", codebook)[0][0] == "Young"


def test_a_passive_cue_has_no_speaker_in_its_subject(codebook):
    for text in (
        "While a curfew was announced in Kabul, fighters did not enforce it on Friday.",
        "A different account of the battle was widely reported by local media on Monday.",
        "The commanders were also told to leave the valley by nightfall.",
    ):
        assert extract_text(text, codebook) == [], text


def test_quoted_as_saying_is_not_passive(codebook):
    text = "Ahmad Massoud was quoted as saying the resistance would fight on."
    assert [s for s, _ in _speakers(text, codebook)] == ["Ahmad Massoud"]
    text = "Ahmad Massoud said the resistance was told to surrender."
    assert [s for s, _ in _speakers(text, codebook)] == ["Ahmad Massoud"]


def test_a_relative_aside_before_the_cue_leaves_the_subject_before_it(codebook):
    # The aside's own "as" and "until" are not clause boundaries of the sentence.
    text = (
        "Bilal Sarwary, who worked as a reporter in Kabul until the city fell, said the valley "
        "had been surrounded."
    )
    assert _speakers(text, codebook) == [("Bilal Sarwary", "said")]
    text = "The ministry, which oversees the border posts, said it had closed the crossings."
    assert _speakers(text, codebook) == [("The ministry", "said")]
    text = "Bilal Sarwary, the reporter that broke the story, said the valley had been surrounded."
    assert _speakers(text, codebook) == [("Bilal Sarwary", "said")]


def _statements(text, codebook):
    return [
        (a.speaker.name, text[a.cue[0] : a.cue[1]], text[a.content[0] : a.content[1]], a.platform)
        for a in extract_text(text, codebook)
    ]


def test_which_with_a_verb_cue_makes_the_antecedent_the_speaker(codebook):
    text = "The statement came from the NRF, which said on Twitter that Panjshir had not fallen."
    assert _statements(text, codebook) == [
        ("National Resistance Front", "said", "Panjshir had not fallen", "twitter")
    ]
    # "which" before a plural noun is a determiner: "which claims" is not a cue.
    text = "The NRF, which claims to control the valley, rejected the report."
    assert "claims" not in [cue for _, cue in _speakers(text, codebook)]


def test_a_relative_clause_between_commas_ends_where_the_main_clause_resumes(codebook):
    text = "Taliban spokesman Zabihullah Mujahid, who said the valley had fallen, did not give details."
    assert [content for _, _, content, _ in _statements(text, codebook)] == ["the valley had fallen"]
    # One mention, two statements: the relative clause's and the main clause's.
    text = "The NRF, which said on Twitter that Panjshir had not fallen, vowed to fight."
    assert [(cue, content) for _, cue, content, _ in _statements(text, codebook)] == [
        ("said", "Panjshir had not fallen"),
        ("vowed", "to fight"),
    ]


def test_a_relative_clause_before_the_cue_is_not_a_trailing_speaker(codebook):
    # "…, who told AFP that the fighting continued": "continued" is no cue with AFP as speaker.
    text = "Reporters spoke to Fahim Dashti, who told AFP that the fighting continued."
    assert _speakers(text, codebook) == [("Fahim Dashti", "told")]
    # "A commander, who asked not to be named, told Reuters that …": the commander speaks.
    text = (
        "A Taliban commander, who asked not to be named, told Reuters that the group had seized "
        "the district centres."
    )
    assert [(speaker, content) for speaker, _, content, _ in _statements(text, codebook)] == [
        ("Taliban", "the group had seized the district centres")
    ]


def test_a_cue_of_several_words_after_a_comma_is_never_inverted(codebook):
    # "…, called for X" does not make X the speaker: the subject stands before the aside.
    text = (
        "Opposition leader Ahmad Massoud, in an audio recording sent to the media, called for a "
        "national uprising."
    )
    assert _statements(text, codebook) == [
        ("Ahmad Massoud", "called for", "a national uprising", "audio_message")
    ]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The Taliban said Monday they had seized the province.", "they had seized the province"),
        ("The Taliban said late on Sunday they had seized it.", "they had seized it"),
        ("Massoud said today the valley would hold.", "the valley would hold"),
        ("Ahmad Massoud vowed on Monday to continue the fight.", "to continue the fight"),
        # A time followed by a verb is the clause's subject; a possessive is part of the content.
        ("The Taliban said Sunday night was the worst of the war.", "Sunday night was the worst of the war"),
        ("The NRF said Monday's attack had failed.", "Monday's attack had failed"),
    ],
)
def test_a_time_right_after_the_cue_is_frame_not_content(codebook, text, content):
    (a,) = extract_text("Panjshir\n\n" + text, codebook)
    assert ("Panjshir\n\n" + text)[a.content[0] : a.content[1]] == content


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("A statement from the NRF said the claims were false.", "National Resistance Front"),
        ("The statement of the Taliban said the war was over.", "Taliban"),
        ("A post by Amrullah Saleh said he was in the valley.", "Amrullah Saleh"),
        # No codebook actor right after "from": the document stays the subject.
        ("A statement from a local elder said the road was closed.", "A statement"),
    ],
)
def test_a_document_from_an_actor_is_that_actor_speaking(codebook, text, speaker):
    assert [s for s, _ in _speakers(text, codebook)] == [speaker]


def test_a_cue_word_after_a_verb_is_its_object_not_a_cue(codebook):
    text = (
        "Pakistan's foreign ministry rejected reports, circulated on social media, that its air "
        "force had supported the Taliban."
    )
    assert "reports" not in [cue for _, cue in _speakers(text, codebook)]


def test_content_without_a_word_is_no_attribution(codebook):
    # In a paragraph (a headline's elided content is the cue itself, see above).
    text = "Panjshir after the fighting\n\nWhich reports did the Taliban deny? None, it seems."
    assert extract_text(text, codebook) == []


def test_a_transcript_label_after_an_opening_quote_mark(codebook):
    # Transcripts quoted paragraph by paragraph open each paragraph with a quote mark only.
    text = (
        "The interview, broadcast on Sunday, went as follows.\n\n"
        '"HOST: Will the resistance leave the valley?\n\n'
        '"MASSOUD: We will never surrender. The valley stands.\n\n'
        "The Taliban did not respond."
    )
    found = [
        (a.speaker.name, a.kind, text[a.content[0] : a.content[1]]) for a in extract_text(text, codebook)
    ]
    assert ("Host", "direct", "Will the resistance leave the valley?") in found
    assert ("Ahmad Massoud", "direct", "We will never surrender. The valley stands") in found


def test_a_progressive_cue_takes_the_subject_before_its_auxiliary(codebook):
    text = "The Taliban are saying that the last district of Panjshir has fallen."
    assert _speakers(text, codebook) == [("Taliban", "saying")]
    text = "The resistance front isn’t saying whether its leaders have left the valley."
    assert [s for s, _ in _speakers(text, codebook)] == ["National Resistance Front"]


def test_a_pronoun_contracted_with_is_before_an_ing_cue_is_a_subject(codebook):
    text = (
        "Ahmad Massoud said on Sunday that talks were possible. "
        "He’s claiming that the Taliban “have no legitimacy” in Panjshir."
    )
    found = [(a.speaker.name, text[a.cue[0] : a.cue[1]]) for a in extract_text(text, codebook)]
    assert ("Ahmad Massoud", "claiming") in found
    # After a name the "’s" is a possessive: "Zabihullah Mujahid’s saying so" is not a cue.
    text = "Zabihullah Mujahid’s saying so did not make the valley fall."
    assert _speakers(text, codebook) == []


def test_a_name_right_before_an_ing_cue_is_its_speaker(codebook):
    text = "The group published a video with Ahmad Massoud saying the resistance would fight on."
    assert _speakers(text, codebook) == [("Ahmad Massoud", "saying")]
    # Not after "in" (a place), and not a capitalised common word.
    text = "Taliban fighters paraded through the streets of Bazarak in Panjshir saying the war was over."
    assert [s for s, _ in _speakers(text, codebook)] == ["Taliban"]
    text = "The dispatch from Kabul closed with its credits Additional reporting by Fahim Fetrat."
    assert "Additional" not in {s for s, _ in _speakers(text, codebook)}


def test_a_subject_after_where_is_the_speaker_not_the_place_before_it(codebook):
    text = (
        "The fighters withdrew to Bazarak, Panjshir, where local elders say the Taliban "
        "promised not to enter homes."
    )
    assert _speakers(text, codebook) == [("local elders", "say")]
    text = "Reporters were taken to Rukha, where Zabihullah Mujahid said the war was over."
    assert _speakers(text, codebook) == [("Zabihullah Mujahid", "said")]


def _constructions(text, codebook):
    """(speaker, construction, content) of each attribution in ``text``."""
    return [
        (a.speaker.name, a.construction, text[a.content[0] : a.content[1]])
        for a in extract_text(text, codebook)
    ]


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        # A title's or an initial's period between the comma and the cue is not a sentence end.
        (
            "The valley is surrounded and supplies are running low, Mr. Massoud said in an audio message.",
            "Ahmad Massoud",
            "The valley is surrounded and supplies are running low",
        ),
        (
            "Shifting monsoon patterns could affect a billion people, Sen. Lindsey Graham said.",
            "Lindsey Graham",
            "Shifting monsoon patterns could affect a billion people",
        ),
        (
            "The talks had stalled, a U.S. envoy said on Sunday.",
            "a U.S. envoy",
            "The talks had stalled",
        ),
    ],
)
def test_a_trailing_cue_after_a_title_with_a_period_keeps_the_content_before_the_comma(
    codebook, text, speaker, content
):
    assert _constructions(text, codebook) == [(speaker, "trailing_cue", content)]


@pytest.mark.parametrize(
    "text",
    [
        "The valley will never surrender, Ahmad Massoud told Reuters.",
        "The valley will never surrender, Ahmad Massoud told reporters on Sunday.",
        "The valley will never surrender, Ahmad Massoud told the BBC in an interview.",
        "The valley will never surrender, Sen. Ahmad Massoud (NRF) told The Huffington Post on Thursday.",
    ],
)
def test_a_trailing_told_takes_its_addressee_as_part_of_the_frame_not_as_content(codebook, text):
    assert _constructions(text, codebook) == [
        ("Ahmad Massoud", "trailing_cue", "The valley will never surrender")
    ]


def test_told_with_an_addressee_and_a_clause_after_it_is_not_a_trailing_cue(codebook):
    text = "In Kabul, Zabihullah Mujahid told reporters the war was over."
    assert [(a.speaker.name, a.construction) for a in extract_text(text, codebook)] == [
        ("Zabihullah Mujahid", "cue_then_content")
    ]


@pytest.mark.parametrize(
    ("text", "content", "via"),
    [
        ("In Kabul, Zabihullah Mujahid told reporters the war was over.", "the war was over", ""),
        ("Ahmad Massoud told local media on Sunday the valley would hold.", "the valley would hold", ""),
        ("Ahmad Massoud told them to hold the line.", "to hold the line", ""),
        (
            "Ali Nazary told Sputnik on Monday the passes were still held.",
            "the passes were still held",
            "Sputnik",
        ),
        # A capitalised word that is not a known outlet may open the clause: left in the content.
        (
            "A Taliban spokesman told Massoud would not survive the week.",
            "Massoud would not survive the week",
            "",
        ),
    ],
)
def test_told_without_that_leaves_its_addressee_out_of_the_content(codebook, text, content, via):
    (a,) = extract_text(text, codebook)
    assert (text[a.content[0] : a.content[1]], a.via) == (content, via)


@pytest.mark.parametrize(
    "text",
    ["Ahmad Massoud told Sputnik.", "Ahmad Massoud told reporters on Sunday.", "Ali Nazary told them."],
)
def test_told_with_only_an_addressee_after_it_reports_nothing(codebook, text):
    """No content follows the addressee, so there is no statement; the outlet was the content."""
    assert extract_text(text, codebook) == []


@pytest.mark.parametrize(
    "text",
    [
        "Fighting spread to six districts, an analysis of local media reports shows.",
        "Everything the Taliban says is propaganda, the villagers believe.",
        "The number of fighters the NRF reported was never confirmed.",
    ],
)
def test_a_cue_word_followed_by_a_finite_verb_is_a_noun_not_a_reporting_verb(codebook, text):
    assert all(a.construction != "cue_then_content" for a in extract_text(text, codebook))


def test_a_speaker_counted_as_one_of_a_group(codebook):
    text = "Everything the Taliban says is propaganda, one villager said."
    assert _constructions(text, codebook) == [
        ("one villager", "trailing_cue", "Everything the Taliban says is propaganda")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ahmad Massoud said Wednesday night that the valley would hold.",
        "Ahmad Massoud said last week that the valley would hold.",
        "Ahmad Massoud said on Sunday that the valley would hold.",
    ],
)
def test_a_time_before_that_is_frame_not_content(codebook, text):
    (a,) = extract_text(text, codebook)
    assert text[a.content[0] : a.content[1]] == "the valley would hold"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Theresa May said the country would not send troops.", "Theresa May"),
        ("The country will not send troops, Theresa May said.", "Theresa May"),
        ("USA TODAY reported on Friday that the valley had fallen.", "USA TODAY"),
        ("Massoud may say the valley will hold.", "Ahmad Massoud"),
        ("Massoud in May said the valley would hold.", "Ahmad Massoud"),
    ],
)
def test_a_calendar_word_inside_a_name_stays_in_the_name(codebook, text, speaker):
    (a,) = extract_text(text, codebook)
    assert a.speaker.name == speaker


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            'In an interview on CBS\'s "Face the Nation," Ahmad Massoud said the valley would hold.',
            "the valley would hold",
        ),
        (
            "On Sunday's broadcast of “Fox News Sunday,” Ahmad Massoud said the valley would hold.",
            "the valley would hold",
        ),
    ],
)
def test_a_quoted_title_before_the_speaker_is_not_the_quote(codebook, text, content):
    (a,) = extract_text(text, codebook)
    assert (a.speaker.name, a.construction, text[a.content[0] : a.content[1]]) == (
        "Ahmad Massoud",
        "cue_then_content",
        content,
    )


def test_a_short_quotation_in_capitals_is_still_speech_without_a_title_word_before_it(codebook):
    text = "“We Will Fight On,” Ahmad Massoud said."
    (a,) = extract_text(text, codebook)
    assert (a.construction, text[a.content[0] : a.content[1]]) == ("quote_then_cue", "“We Will Fight On,”")


def test_quote_spans_drop_exactly_the_single_quotes_inside_double_quotes():
    from analysis.quotes import double_quote_spans, quote_spans, single_quote_spans

    texts = [article_text(n) for n in ("000", "001", "002", "003", "004")]
    texts.append("He said \"the 'so-called' front\" and 'Victory' was near; \"A 'b' c\" 'd'.")
    for text in texts:
        doubles = double_quote_spans(text, 0, len(text))
        singles = [
            q
            for q in single_quote_spans(text, 0, len(text))
            if not any(d[0] <= q[0] and q[1] <= d[1] for d in doubles)
        ]
        assert quote_spans(text, 0, len(text)) == sorted(doubles + singles)


def test_a_very_long_block_sees_the_quotations_that_matter(codebook, monkeypatch):
    """Past LONG_BLOCK_CHARS a sentence is given only the quotations within QUOTE_REACH of it.
    On real prose run into one block, that finds what giving it every quotation finds."""
    from analysis import attribution

    paragraphs = [p.strip() for n in ("001", "002") for p in article_text(n).split("\n") if p.strip()]
    # A quotation that opens a sentence before its cue: the cue's sentence needs it.
    paragraphs.append(
        '"The valley is not lost. Our fighters still hold every pass and every road into the valley '
        'and will hold them," Ahmad Massoud said on Facebook.'
    )
    text = " ".join(paragraphs * 8)
    assert len(text) > attribution.LONG_BLOCK_CHARS + 2 * attribution.QUOTE_REACH

    def found():
        return [(a.speaker.name, a.kind, a.content, a.construction) for a in extract_text(text, codebook)]

    near = found()
    monkeypatch.setattr(attribution, "LONG_BLOCK_CHARS", len(text) + 1)
    assert found() == near

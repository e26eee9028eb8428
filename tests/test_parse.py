"""The parser on the five real articles (hand-annotated), on hard sentences, and on any text."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.parse import (
    BLOCK_KINDS,
    BOILERPLATE,
    DATELINE,
    EMBEDDED_POST,
    PARAGRAPH,
    SUBHEAD,
    WORD_RE,
    count_words,
    parse_text,
)

from .conftest import article_text

P, S, E, B, D = PARAGRAPH, SUBHEAD, EMBEDDED_POST, BOILERPLATE, DATELINE

# Hand annotation of every block, in order: (kind, how the block starts, how it ends).
EXPECTED_BLOCKS = {
    "000": [
        (D, "date 2021-09-06", "date 2021-09-06"),
        (D, "Kabul:", "Kabul:"),
        (P, "Fahim Dashti, the spokesperson", "Federation of Afghan Journalists."),
        (B, "Also Read - Don't Want to Surrender", "If I Get Wounded: Amrullah Saleh"),
        (P, "In a statement on Facebook,", 'Congratulations on your martyrdom!"'),
        (P, "Taking to Twitter, Frud Bezhan", "has been killed in Panjshir."),
        (E, "Fahim Dashti, spokesman of National", "(@FrudBezhan) September 5, 2021"),
        (P, "Dashty’s killing comes as the war", "in a matter of months."),
        (P, "Earlier on Sunday, Ahmad Massoud said", "principles of religion and morality"),
    ],
    "001": [
        (D, "date 2021-09-06", "date 2021-09-06"),
        (S, "Afghanistan Conflict:", "Afghanistan Conflict:"),
        (P, "Heavy fighting is underway", "killed in clashes on Sunday."),
        (P, '"With deep touch and regret,', "in a Facebook post."),
        (P, "Dashty's death is a massive setback", 'resolve differences "amicably".'),
        (P, "His appeal comes days after", "all passes and entrances in the region."),
        (
            P,
            "A day later, the resistance forces",
            "spokesperson of the resistance forces, tweeted.",
        ),
        (P, "The Panjshir Valley lies in the Hindu Kush", "in a matter of months."),
    ],
    "002": [
        (D, "date 2021-09-06", "date 2021-09-06"),
        (P, "Afghanistan's National Resistance Front (NRF)", 'very soon!" Nazary tweeted.'),
        (P, "This comes just hours after the NRF", "throughout the valley to continue the fight."),
        (S, "Ahmad Massoud safe, says spokesperson", "Ahmad Massoud safe, says spokesperson"),
        (P, "They also told the Afghan people", "was unverified."),
        (P, "\"Taliban's claim of occupying Panjshir is false.", '," NRF tweeted.'),
        (
            S,
            "Senior Taliban commander killed in Panjshir by resistance forces",
            "Senior Taliban commander killed in Panjshir by resistance forces",
        ),
        (P, "Meanwhile, a prominent Taliban commander", "declared victory earlier in the day."),
        (P, "Reportedly, Fassihuddin, the notorious", "resistance troops in Panjshir Valley."),
        (
            S,
            "Taliban claims victory in Panjshir; Northern Alliance denies",
            "Taliban claims victory in Panjshir; Northern Alliance denies",
        ),
        (P, "On Monday, the Taliban declared victory", "with their flag raised."),
        (B, "(with inputs from ANI)", "(with inputs from ANI)"),
        (B, "Picture Credit: @AhmadMassoud/Twitter", "Picture Credit: @AhmadMassoud/Twitter"),
    ],
    "003": [
        (P, "The leader of a group in Afghanistan", "resolve the conflict through dialogue."),
        (P, "The offer came from Ahmad Massoud", "after 20 years on Aug. 31."),
        (P, "On social media, Massoud offered", "neighboring district of Andarab."),
        (P, "The Taliban have yet to respond", "earlier in the evening."),
        (P, "The two groups have undertaken", "unable to reach an agreement."),
        (P, "In an audio message released to the media", "from the Panjshir resistance group."),
        (P, "The resistance group is backed by", "and Bismillah Mohammadi, its defense minister."),
        (P, "Taliban spokesman Zabihullah Mujahid", "prompting them to counterattack."),
        (P, "The Taliban have taken Paryan district", "Fahim Fetrat, a journalist in the region."),
        (P, "Local media have reported", "Panjshir’s Rukha district."),
        (
            S,
            "Panjshir resistance group’s spokesman reportedly killed by Taliban",
            "Panjshir resistance group’s spokesman reportedly killed by Taliban",
        ),
        (P, "Fahim Dashti, the spokesman for the Panjshir", "a close friend of Dashti."),
        (P, "Akhlaqi corroborated Dashti’s death", "in a Facebook post."),
        (P, "Local media outlet Tolo News also quoted", "north of the capital Kabul."),
        (
            B,
            "* Bilal Guler contributed to this story from Kabul.",
            "* Bilal Guler contributed to this story from Kabul.",
        ),
        (B, "Source: Anadolu Agency", "Source: Anadolu Agency"),
    ],
    "004": [
        (D, "date 2021-09-06", "date 2021-09-06"),
        (S, "Panjshir Valley Resistance:", "Panjshir Valley Resistance:"),
        (P, "The Taliban on September 6, 2021 claimed", "a nephew of Ahmad Shah Massoud."),
        (P, "The head of the Afghanistan resistance force", "moved to an undisclosed location."),
        (P, "The Resistance Front, however, denied", "Panjshir Valley 'will continue'."),
        (E, "#UPDATES National Resistance Front", "(@AFP) September 6, 2021"),
        (S, "Panjshir Valley Resistance", "Panjshir Valley Resistance"),
        (
            P,
            "Panjshir province, which lies to the north",
            "amid the Taliban's takeover of Afghanistan.",
        ),
        (P, "The Taliban spokesman Zabihullah Mujahid issued", "provincial governor’s compound."),
        (
            S,
            "Fight against Taliban 'will continue': National Resistance Front",
            "Fight against Taliban 'will continue': National Resistance Front",
        ),
        (P, "The National Resistance Front in its latest", "after heavy losses."),
        (P, "The Resistance Front has proposed", 'operations in Panjshir and Andarab."'),
        (E, "#BREAKING Fight against Taliban", "(@AFP) September 6, 2021"),
        (P, "Various religious scholars had earlier", "region-based conflict."),
        (
            S,
            "Resistance leader Ahmad Massoud ready to talk to Taliban?",
            "Resistance leader Ahmad Massoud ready to talk to Taliban?",
        ),
        (P, "The Resistance leader, Ahmad Massoud, said", "neighboring district of Andarab."),
        (P, "Ahmad Massoud said that the resistance front", 'take practical steps."'),
        (S, "What is the National Resistance Front", "What is the National Resistance Front"),
        (P, "The National Resistance Front is made up", "after the fall of Kabul."),
        (S, "Background", "Background"),
        (P, "Panjshir's complete takeover comes as", "more inclusive than its first rule."),
    ],
}


def blocks_of(prefix):
    text = article_text(prefix)
    parsed = parse_text(text)
    return text, parsed


@pytest.mark.parametrize("prefix", sorted(EXPECTED_BLOCKS))
def test_blocks_match_the_hand_annotation(prefix):
    text, parsed = blocks_of(prefix)
    got = [(b.kind, text[b.start : b.end]) for b in parsed.blocks]
    expected = EXPECTED_BLOCKS[prefix]
    assert len(got) == len(expected), [g[0] + ": " + g[1][:40] for g in got]
    for (kind, body), (want_kind, head, tail) in zip(got, expected, strict=True):
        assert kind == want_kind, body[:60]
        assert body.startswith(head), body[:60]
        assert body.endswith(tail), body[-60:]


def test_the_three_embedded_posts_keep_author_handle_and_date():
    posts = []
    for prefix in ("000", "004"):
        _, parsed = blocks_of(prefix)
        posts += [(b.author, b.handle, b.posted) for b in parsed.blocks if b.kind == EMBEDDED_POST]
    assert posts == [
        ("Frud Bezhan فرود بيژن", "FrudBezhan", "September 5, 2021"),
        ("AFP News Agency", "AFP", "September 6, 2021"),
        ("AFP News Agency", "AFP", "September 6, 2021"),
    ]


def test_the_glued_cross_link_is_cut_from_its_sentence():
    text, parsed = blocks_of("000")
    paragraph, link = parsed.blocks[2], parsed.blocks[3]
    assert text[paragraph.end - 12 : paragraph.end] == "Journalists."
    assert link.start == paragraph.end  # "Journalists.Also Read": no space between them
    assert text[link.start : link.end].startswith("Also Read - ")
    sentences = [text[s.start : s.end] for s in parsed.sentences if s.block_id == 2]
    assert sentences[-1].endswith("Federation of Afghan Journalists.")


def test_the_date_prefix_becomes_the_text_date():
    for prefix in ("000", "001", "002", "004"):
        assert blocks_of(prefix)[1].text_date == "2021-09-06"
    assert blocks_of("003")[1].text_date == ""


def test_the_unbalanced_quote_in_004_stays_inside_its_paragraph():
    text, parsed = blocks_of("004")
    block = next(b for b in parsed.blocks if text[b.start : b.end].startswith("Ahmad Massoud said that"))
    body = text[block.start : block.end]
    assert body.count('"') == 3
    inside = [s for s in parsed.sentences if s.block_id == block.block_id]
    assert len(inside) == 1 and text[inside[0].start : inside[0].end] == body
    following = parsed.blocks[block.block_id + 1]
    assert (following.kind, text[following.start : following.end]) == (
        SUBHEAD,
        "What is the National Resistance Front",
    )


def test_curly_apostrophes_in_003_survive_with_their_offsets():
    text, parsed = blocks_of("003")
    sentences = [text[s.start : s.end] for s in parsed.sentences]
    assert (
        "Local media have reported that the Taliban have also taken control of Panjshir’s Rukha district."
        in sentences
    )
    assert "Akhlaqi corroborated Dashti’s death in a Facebook post." in sentences


def test_arabic_script_in_000_is_kept_in_its_own_signature_sentence():
    text, parsed = blocks_of("000")
    post = next(b for b in parsed.blocks if b.kind == EMBEDDED_POST)
    inside = [text[s.start : s.end] for s in parsed.sentences if s.block_id == post.block_id]
    assert inside[-1] == "— Frud Bezhan فرود بيژن (@FrudBezhan) September 5, 2021"
    assert inside[0].endswith("Major blow.")


def sentences_of(text):
    return [text[s.start : s.end] for s in parse_text(text).sentences]


@pytest.mark.parametrize(
    ("prefix", "sentence"),
    [
        (
            "002",
            '"My leader and brother Ahmad Massoud is safe and will be giving a message to our people very soon!" Nazary tweeted.',
        ),
        (
            "002",
            '"Panjshir province, the last stronghold of the mercenary enemy, was completely conquered," tweeted Zabihullah.',
        ),
        (
            "003",
            "The offer came from Ahmad Massoud, the leader of the resistance group in Panjshir, where the Taliban launched an offensive shortly after US forces left Afghanistan after 20 years on Aug. 31.",
        ),
        (
            "001",
            '"About 600 Taliban have been liquidated in various districts of Panjshir since morning. More than 1,000 Taliban have been captured or surrendered themselves," Fahim Dashti, spokesperson of the resistance forces, tweeted.',
        ),
        (
            "000",
            "Fahim Dashti, spokesman of National Resistance Front of #Afghanistan, has been killed in Panjshir Three other key figures of the anti-Taliban group in Panjshir, last pocket of resistance to Taliban, have been killed tonight during clashes with the militants Major blow.",
        ),
    ],
)
def test_real_sentences_are_split_whole(prefix, sentence):
    assert sentence in sentences_of(article_text(prefix))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"We will fight," Nazary tweeted. The valley is calm.',
            ['"We will fight," Nazary tweeted.', "The valley is calm."],
        ),
        (
            '"Is it over?" he asked. Nobody answered.',
            ['"Is it over?" he asked.', "Nobody answered."],
        ),
        (
            "The U.S. left on Aug. 31 after 20 years. The Taliban took Kabul.",
            ["The U.S. left on Aug. 31 after 20 years.", "The Taliban took Kabul."],
        ),
        (
            "Follow @FrudBezhan and #Panjshir at https://twitter.com/a/status/1.2?x=y for news. Then more.",
            [
                "Follow @FrudBezhan and #Panjshir at https://twitter.com/a/status/1.2?x=y for news.",
                "Then more.",
            ],
        ),
        (
            "فرود بیژن درباره پنجشیر نوشت. The valley fell.",
            ["فرود بیژن درباره پنجشیر نوشت.", "The valley fell."],
        ),
        (
            'They met twice. "It is a kind of magic when they are on stage together," Ms. Moore said.',
            ["They met twice.", '"It is a kind of magic when they are on stage together," Ms. Moore said.'],
        ),
        (
            "The council said it would send Ms. Martin to Kabul. She refused.",
            ["The council said it would send Ms. Martin to Kabul.", "She refused."],
        ),
    ],
)
def test_hard_sentence_boundaries(text, expected):
    assert sentences_of(text) == expected


def test_word_counts_ignore_punctuation_and_keep_handles():
    assert count_words("Taliban's claim is false — @AFP, pic.twitter.com/x!") == 6


WORD_PIECES = st.sampled_from(
    ["a", "Z", "7", "_", "'", "’", ".", "@", "#", "/", "-", " ", "é", "٣", ",", "\n"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(WORD_PIECES, st.text(max_size=5)), max_size=40).map("".join))
def test_count_words_counts_the_words_word_re_finds(text):
    assert count_words(text) == len(WORD_RE.findall(text))


# --- properties on any text -------------------------------------------------------------------

NEWSY = st.sampled_from(
    [
        " date 2021-09-06 ",
        "Kabul: ",
        "Also Read - ",
        "(with inputs from ANI)",
        "\n",
        "\n\n",
        "— AFP News Agency (@AFP) September 6, 2021",
        "pic.twitter.com/Nn2rYw1rQ7 ",
        '"',
        "’",
        "What is the NRF The NRF is ",
        "Background\n",
        "Source: AA\n",
        "* X contributed to this story",
        "Nazary tweeted. ",
        "Aug. 31 ",
        "U.S. ",
        "فرود بیژن ",
        ". ",
        "! ",
        "? ",
        "\r\n",
        "\u00a0",
        " ",
    ]
)
ANY_TEXT = st.lists(st.one_of(NEWSY, st.text(max_size=40)), max_size=30).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT)
def test_parsing_never_raises_and_offsets_slice_back(text):
    parsed = parse_text(text)
    for unit in (*parsed.blocks, *parsed.sentences):
        piece = text[unit.start : unit.end]
        assert unit.start < unit.end
        assert piece == piece.strip()
    for block in parsed.blocks:
        assert block.kind in BLOCK_KINDS


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT)
def test_blocks_never_overlap_and_cover_every_visible_character(text):
    parsed = parse_text(text)
    covered = [False] * len(text)
    previous_end = -1
    for block in parsed.blocks:
        assert block.start >= previous_end
        previous_end = block.end
        for i in range(block.start, block.end):
            covered[i] = True
    assert all(covered[i] for i, ch in enumerate(text) if not ch.isspace())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT)
def test_sentences_stay_inside_their_block_and_never_overlap(text):
    parsed = parse_text(text)
    blocks = {b.block_id: b for b in parsed.blocks}
    previous_end = -1
    for sentence in parsed.sentences:
        block = blocks[sentence.block_id]
        assert block.start <= sentence.start < sentence.end <= block.end
        assert sentence.start >= previous_end
        previous_end = sentence.end


@pytest.mark.parametrize(
    "join",
    [
        lambda paragraphs: " ".join(paragraphs),  # one line: one block
        lambda paragraphs: " ".join(p.replace(".", "") for p in paragraphs),  # and no full stops
        lambda paragraphs: "x" * 5_000 + " " + " ".join(paragraphs),  # an unbroken token
    ],
)
def test_a_run_without_sentence_ends_is_cut_into_bounded_pieces_that_cover_it(join):
    from analysis.parse import MAX_SENTENCE_CHARS

    paragraphs = [p.strip() for n in ("000", "002", "004") for p in article_text(n).split("\n") if p.strip()]
    text = join(paragraphs * 6)
    parsed = parse_text(text)
    spans = [(s.start, s.end) for s in parsed.sentences]
    assert max(e - s for s, e in spans) <= MAX_SENTENCE_CHARS
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    covered = bytearray(len(text))
    for s, e in spans:
        covered[s:e] = b"\x01" * (e - s)
    for block in parsed.blocks:  # every character of every block is in a sentence, but spaces
        assert all(covered[i] or text[i].isspace() for i in range(block.start, block.end))


def test_edited_prose_is_never_cut_for_length():
    from analysis.parse import MAX_SENTENCE_CHARS

    for n in ("000", "001", "002", "003", "004"):
        text = article_text(n)
        assert max(s.end - s.start for s in parse_text(text).sentences) < MAX_SENTENCE_CHARS / 2

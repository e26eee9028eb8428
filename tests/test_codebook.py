"""The codebook: the default one covers the corpus; malformed ones fail with a clear message."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import codebook as codebook_module
from analysis import config
from analysis.codebook import load_codebook
from analysis.errors import InputError
from analysis.parse import parse_text

ACTORS_IN_THE_ARTICLES = [
    "Fahim Dashti",
    "Fahim Dashty",
    "Dashty",
    "Ahmad Massoud",
    "Masoud",
    "Ali Nazary",
    "Zabihullah",
    "Zabihullah Mujahid",
    "Amrullah Saleh",
    "Amir Khan Muttaqi",
    "Maulvi Fassihuddin",
    "Fasihudin",
    "Noor Rahman Akhlaqi",
    "Fahim Fetrat",
    "Frud Bezhan",
    "Abdul Qader Qanet",
    "Ahmad Shah Massoud",
    "Abdul Wadood Zhor",
    "Gul Haider Khan",
    "Munib Amiri",
    "Bismillah Mohammadi",
    "Ashraf Ghani",
    "NRF",
    "National Resistance Front of Afghanistan",
    "Resistance Front",
    "resistance forces",
    "Northern Alliance Resistance Front",
    "Taliban",
    "TOLO news",
    "Tolo News",
    "Sputnik",
    "AFP News Agency",
    "ANI",
    "Anadolu Agency",
    "local media",
    "religious scholars",
    "clerics",
    "Jamiat-e-Islami",
    "Pakistani forces",
]


@pytest.mark.parametrize("name", ACTORS_IN_THE_ARTICLES)
def test_every_actor_of_the_five_articles_is_in_the_codebook(codebook, name):
    assert codebook.actor_for(name) is not None


def test_name_variants_map_to_one_actor(codebook):
    assert codebook.actor_for("Dashty") is codebook.actor_for("Fahim Dashti")
    assert codebook.actor_for("Zabihullah").name == "Zabihullah Mujahid"
    assert codebook.actor_for("resistance forces").name == "National Resistance Front"


def test_longest_name_wins(codebook):
    text = "a nephew of Ahmad Shah Massoud and The Resistance Front"
    names = [(text[s:e], a.name) for s, e, a in codebook.actor_mentions(text)]
    assert names == [
        ("Ahmad Shah Massoud", "Ahmad Shah Massoud"),
        ("Resistance Front", "National Resistance Front"),
    ]


def test_a_name_inside_a_compound_is_found_whatever_else_the_text_says(codebook):
    # "Taliban-led", alone and after a standalone mention: the compound's mention must not
    # depend on whether the name also occurs on its own elsewhere in the text.
    compound = "A Taliban-led interim government will be announced."
    alone = [(compound[s:e], a.name) for s, e, a in codebook.actor_mentions(compound)]
    assert alone == [("Taliban", "Taliban")]
    text = "Taliban fighters entered. " + compound
    both = [(text[s:e], a.name) for s, e, a in codebook.actor_mentions(text)]
    assert both == [("Taliban fighters", "Taliban"), ("Taliban", "Taliban")]
    # 004: "Ahmad Massoud is the son of the legendary anti-Taliban leader" is not a mention of the
    # Taliban; "anti-Taliban forces" is a name of the NRF.
    text = "Ahmad Massoud is the son of the legendary anti-Taliban leader. anti-Taliban forces held."
    names = [(text[s:e], a.name) for s, e, a in codebook.actor_mentions(text)]
    assert names == [
        ("Ahmad Massoud", "Ahmad Massoud"),
        ("anti-Taliban forces", "National Resistance Front"),
    ]


def write_variant(tmp_path, edit):
    data = yaml.safe_load(config.DEFAULT_CODEBOOK.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "book.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.pop("actors"), "missing section 'actors'"),
        (lambda d: d["actors"][0].update(side="talibn"), "side 'talibn' is not one of the sides"),
        (
            lambda d: d["actors"].append({"name": "Someone", "side": "other", "aliases": ["NRF"]}),
            "name 'NRF' is used by both",
        ),
        (lambda d: d["capture"].update(claim=["re:(unclosed"]), "bad regular expression"),
        (lambda d: d["events"][0]["all"][0].append("@Nobody Known"), "names no actor"),
        (lambda d: d["actors"][0].update(colour="red"), "unknown field(s) ['colour']"),
        (lambda d: d["platforms"][0].update(id="Twitter X"), "must be a lower-case identifier"),
        (lambda d: d["platforms"][0].update(self_published="yes"), "self_published must be true or false"),
        (lambda d: d["story"].update(slug="Not a slug"), "story.slug"),
        (lambda d: d.update(sides={}), "must name at least one side"),
        (lambda d: d["reporting"].update(verbs=[]), "reporting.verbs: must not be empty"),
    ],
)
def test_a_malformed_codebook_names_the_entry(tmp_path, edit, message):
    with pytest.raises(InputError) as info:
        load_codebook(write_variant(tmp_path, edit))
    assert message in str(info.value) and "book.yaml" in str(info.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "codebook is empty"),
        ("actors: [\n", "is not valid YAML"),
        ("- a\n- b\n", "must be a mapping"),
        (b"\xff\xfe", "is not UTF-8"),
    ],
)
def test_unreadable_codebooks(tmp_path, content, message):
    path = tmp_path / "book.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(InputError, match=message):
        load_codebook(path)


def test_self_published_platforms_are_the_ones_the_codebook_marks(codebook, tmp_path):
    assert codebook.self_published_platforms == (
        "twitter",
        "facebook",
        "audio_message",
        "video_message",
        "social_media",
    )

    def rename_twitter_and_mark_only_it(data):
        for platform in data["platforms"]:
            platform.pop("self_published", None)
        data["platforms"][0].update(id="x", label="X (Twitter)", self_published=True)

    assert load_codebook(
        write_variant(tmp_path, rename_twitter_and_mark_only_it)
    ).self_published_platforms == ("x",)


def test_a_codebook_that_marks_no_platform_takes_the_usual_self_published_ids(tmp_path):
    def unmark_and_drop_facebook(data):
        data["platforms"] = [p for p in data["platforms"] if p["id"] != "facebook"]
        for platform in data["platforms"]:
            platform.pop("self_published", None)

    book = load_codebook(write_variant(tmp_path, unmark_and_drop_facebook))
    assert book.self_published_platforms == ("twitter", "audio_message", "video_message", "social_media")

    def mark_all_false(data):
        for platform in data["platforms"]:
            platform["self_published"] = False

    assert load_codebook(write_variant(tmp_path, mark_all_false)).self_published_platforms == ()


def test_a_missing_codebook(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_codebook(tmp_path / "none.yaml")


def test_actor_mentions_inside_compounds_and_after_anti(codebook):
    text = "Taliban-led forces met anti-Taliban fighters of the NRF-backed front and Massoud's men."
    names = [(text[s:e], a.name) for s, e, a in codebook.actor_mentions(text)]
    assert ("Taliban", "Taliban") in names and ("NRF", "National Resistance Front") in names
    assert ("Massoud", "Ahmad Massoud") in names
    assert text.index("anti-Taliban") + 5 not in [s for s, _, _ in codebook.actor_mentions(text)]


def _first_words_by_tokens(codebook, lowered):
    """Names' first words found the plain way: split the text into tokens (word characters
    joined by dots, hyphens or ampersands) and try every run of a compound token's pieces."""
    keys = codebook._alias_index.keys()
    longest = max(len(re.split(r"[.&-]+", key)) for key in keys)
    found = set()
    for token in set(re.findall(r"\w+(?:[.&-]+\w+)*", lowered)):
        parts = re.split(r"([.&-]+)", token)
        for i in range(0, len(parts), 2):
            for j in range(i, min(len(parts), i + 2 * longest), 2):
                if "".join(parts[i : j + 1]) in keys:
                    found.add("".join(parts[i : j + 1]))
    return found


PIECES = ["u", "s", "u.s", "us", "taliban", "led", "jamiat", "e", "islami", "anti", "a", "the"]
PIECES += ["ali", "political", "million", "nrf", "_", "1", "é", "ı", "-", ".", "&", "..", " ", "\n", "'"]


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_first_words_of_names_match_the_token_rule(codebook, text):
    lowered = text.lower()
    exact = codebook._first_words_in(lowered)
    assert exact == _first_words_by_tokens(codebook, lowered)
    assert codebook._first_words_maybe_in(lowered) >= exact


def test_first_words_among_keeps_names_glued_by_an_apostrophe_and_drops_absent_ones(codebook):
    words = codebook.vocabulary_in("The Taliban’s claim was denied by Massoud's political allies in the U.S.")
    among = codebook.first_words_among(words)
    assert {"taliban", "massoud", "u.s"} <= among  # "u.s" is not letters only: always kept
    assert "ali" not in among and "nrf" not in among  # "ali" is inside "political" only


def test_cue_spans_find_verbs_and_phrases_next_to_apostrophes_and_across_line_breaks(codebook):
    text = "The Taliban's spokesman said,\naccording\nto Tolo, that 'Massoud's men' had fled; he didn't say more."
    found = [text[s:e] for s, e in codebook.cue_spans(text)]
    assert found == ["said", "according\nto", "say"]
    assert {"taliban", "said", "according", "to", "say"} <= codebook.vocabulary_in(text)
    assert "denied" not in codebook.vocabulary_in(text)


def test_cue_spans_find_a_verb_form_spelled_with_an_apostrophe(tmp_path):
    book = load_codebook(write_variant(tmp_path, lambda d: d["reporting"]["phrases"].append("y'all said")))
    text = "Officials, y'all said, would come. Y’all said so."
    assert [text[s:e] for s, e in book.cue_spans(text)] == ["y'all said", "said"]


MENTION_PIECES = ["Taliban", "-led", "anti-", "U.S.", "NRF", "Ali", " Nazary", "political", "Jamiat-e-Islami"]
MENTION_PIECES += ["a Taliban source", "the", " ", ", ", "Massoud", "'s", "é", "Resistance Front", "K", "İ"]
MENTION_PIECES += ["ΑΣ", "’s", "o'"]  # a capital sigma lowers by its context


def _mentions(codebook, text, windows):
    return [codebook.actor_mentions(text, s, e) for s, e in windows]


@settings(max_examples=600, deadline=None, derandomize=True)
@given(
    st.lists(
        st.sampled_from(MENTION_PIECES),
        max_size=10,
    ).map("".join)
)
def test_actor_mentions_are_the_same_with_either_first_word_search_or_per_window(codebook, text):
    windows = [(0, len(text)), (0, len(text) // 2), (len(text) // 3, len(text))]
    quick = _mentions(codebook, text, windows)
    assert codebook.window_mentions(text, windows) == quick
    among = codebook.first_words_among(codebook.vocabulary_in(text))
    assert codebook.actor_mentions(text, among=among) == quick[0]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(codebook_module, "_SCAN_LIMIT", 0)
        assert _mentions(codebook, text, windows) == quick


@settings(max_examples=800, deadline=None, derandomize=True)
@given(
    st.lists(
        st.sampled_from([*MENTION_PIECES, "  ", "\n", " Ahmad Massoud ", "Ahmad", "Taliban "]), max_size=14
    ).map("".join)
)
def test_windows_between_whitespace_have_the_mentions_of_their_own_search(codebook, text):
    """Windows from word to word, as sentences are: most are answered from one search of the
    whole text, those that a match crosses (or next to a capital sigma) by their own."""
    words = [m.span() for m in re.finditer(r"\S+", text)]
    windows = [(a[0], b[1]) for i, a in enumerate(words) for b in words[i : i + 4]]
    assert codebook.window_mentions(text, windows) == _mentions(codebook, text, windows)


def test_sentence_windows_of_the_articles_have_the_mentions_of_their_own_search(codebook):
    texts = [p.read_text(encoding="utf-8") for p in sorted(config.RAW_DIR.rglob("*.txt"))]
    for text in texts:
        windows = [(s.start, s.end) for s in parse_text(text).sentences]
        found = codebook.window_mentions(text, windows)
        assert found == _mentions(codebook, text, windows)
        assert sum(map(len, found)) > 10


def test_actor_mentions_of_the_articles_are_the_same_with_either_first_word_search_or_per_window(
    codebook, monkeypatch
):
    texts = [p.read_text(encoding="utf-8") for p in sorted(config.RAW_DIR.rglob("*.txt"))]
    assert len(texts) == 5
    windows = [[(0, len(t))] + [(m.start(), m.end()) for m in re.finditer(r"[^.\n]+", t)] for t in texts]
    quick = [_mentions(codebook, t, w) for t, w in zip(texts, windows, strict=True)]
    assert sum(len(m) for article in quick for m in article) > 100
    assert [codebook.window_mentions(t, w) for t, w in zip(texts, windows, strict=True)] == quick
    whole = [
        codebook.actor_mentions(t, among=codebook.first_words_among(codebook.vocabulary_in(t))) for t in texts
    ]
    assert whole == [article[0] for article in quick]
    monkeypatch.setattr(codebook_module, "_SCAN_LIMIT", 0)
    assert [_mentions(codebook, t, w) for t, w in zip(texts, windows, strict=True)] == quick


TITLE_WORDS = "spokesman Sen. sen MR. Dr. vice senıor SENIOR ı İ i K k ſ s x".split()


@settings(max_examples=800, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(TITLE_WORDS), min_size=1, max_size=3).map("".join))
def test_is_title_answers_as_the_title_pattern(codebook, word):
    assert codebook.is_title(word) == bool(codebook.title_re.fullmatch(word.casefold()))


def test_is_title_with_a_title_outside_ascii(tmp_path):
    book = load_codebook(write_variant(tmp_path, lambda d: d["reporting"]["titles"].append("valı")))
    for word in ("valı", "VALI", "vali", "Valİ", "spokesman", "Sen.", "x"):
        assert book.is_title(word) == bool(book.title_re.fullmatch(word.casefold())), word
    assert book.is_title("vali")  # the pattern pairs "i" with "ı"

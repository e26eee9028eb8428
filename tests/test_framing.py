"""Framing cues on the five articles, and their reliability against the hand coding."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from analysis import framing
from analysis.derived import read_table
from analysis.evaluation import FRAMING_GOLD as GOLD
from analysis.narration import NO_VOICES
from analysis.pipeline import RunOptions, build_tables
from analysis.reliability import VARIABLES, automatic_coding, reliability
from analysis.wirecopy import jaccard, shingles

from .conftest import RAW, article_text


@pytest.fixture(scope="module")
def derived(tmp_path_factory, codebook):
    out = tmp_path_factory.mktemp("framing")
    build_tables(RunOptions(corpus=RAW, codebook=Path(codebook.path)), out)
    return {
        name: read_table(out, name)
        for name in (
            "articles",
            "labels",
            "hedges",
            "events",
            "assertions",
            "claims",
            "claims_by_outlet",
            "event_matrix",
            "hedging",
            "wire_copy",
            "wire_clusters",
            "wire_outlet_pairs",
            "labels_by_outlet",
        )
    }


@pytest.fixture(scope="module")
def hand():
    data = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    return {str(k): v for k, v in data.items()}


@pytest.fixture(scope="module")
def agreements(derived, hand, codebook):
    ids = {a[:3]: a for a in derived["articles"]["article_id"]}
    auto = automatic_coding(derived, list(ids.values()))
    auto_by_prefix = {k: auto[v] for k, v in ids.items()}
    return {a.variable: a for a in reliability(hand, auto_by_prefix, codebook)}


@pytest.mark.parametrize("variable", VARIABLES)
def test_krippendorff_alpha_per_framing_variable_is_at_least_0_8(agreements, variable):
    a = agreements[variable]
    assert a.alpha is not None and a.alpha >= 0.8, (a.alpha, a.disagreements)


def test_every_row_carries_article_outlet_and_offsets_that_slice_back(derived, corpus):
    for name in ("labels", "hedges", "events", "assertions"):
        table = derived[name]
        assert len(table), name
        for row in table.itertuples():
            text = corpus[row.article_id].text
            assert row.outlet == corpus[row.article_id].outlet
            assert 0 <= row.start < row.end <= len(text)
            if name in ("labels", "hedges"):
                assert text[row.start : row.end] == row.term


def test_004_asserts_the_fall_in_its_own_voice_and_no_other_article_does(derived):
    assertions = derived["assertions"]
    assert list(assertions["article_id"].str[:3]) == ["004"]
    assert assertions.iloc[0]["text"].startswith("Panjshir's complete takeover comes as")


def test_claims_and_denials_of_the_fall(derived):
    claims = derived["claims"]
    by = {(r.article_id[:3], r.speaker, r.stance) for r in claims.itertuples()}
    assert ("002", "Zabihullah Mujahid", "claims_fall") in by
    assert ("002", "National Resistance Front", "denies_fall") in by
    assert ("001", "Amrullah Saleh", "denies_fall") in by
    assert ("004", "Taliban", "claims_fall") in by
    # prisoners taken by the resistance are not a claim that Panjshir fell
    assert not any(
        r.article_id.startswith("001") and r.speaker == "Fahim Dashti" for r in claims.itertuples()
    )


def test_a_claim_in_the_cue_counts_and_a_negated_claim_word_does_not(derived):
    """002: "Taliban claims victory in Panjshir" (the claim is the cue) and "the Taliban declared
    victory in Panjshir, a resistance stronghold that has yet to be conquered by the insurgents"
    (the outlet's "yet to be conquered" is no claim; "declared victory" is)."""
    claims = derived["claims"]
    republic = claims[claims["article_id"].str.startswith("002") & (claims["speaker"] == "Taliban")]
    evidence = list(republic["evidence"])
    assert "claims victory" in evidence
    assert evidence.count("declared victory") == 2
    assert "conquered" not in evidence


def test_a_claim_word_inside_a_negation_is_no_claim(codebook):
    from analysis.attribution import attribution_rows
    from analysis.parse import parse_text

    text = "The NRF said the valley has yet to be conquered. Mujahid said the province was conquered."
    rows = attribution_rows("a", "o", text, parse_text(text), codebook)
    stances = [(r[3], r[5], r[6]) for r in framing.claim_rows(rows, text, codebook)]
    assert stances == [("Zabihullah Mujahid", "claims_fall", "conquered")]


def test_labels_split_narration_and_quotes(derived):
    labels = derived["labels"]
    quoted = labels[(labels["label"] == "mercenary enemy")]
    assert list(quoted["voice"]) == ["quoted"]  # the Taliban spokesman's words, not Republic World's
    militants = labels[(labels["article_id"].str.startswith("001")) & (labels["label"] == "militants")]
    assert set(militants["voice"]) == {"narration"} and len(militants) == 3


def test_a_label_repeated_in_brackets_after_itself_counts_once(derived, corpus):
    """Republic World's "Afghanistan's National Resistance Front (NRF)" names the group once;
    its later bare "NRF"s each count."""
    labels = derived["labels"]
    republic = labels[labels["article_id"].str.startswith("002") & (labels["label"] == "NRF")]
    text = next(a.text for a in corpus.values() if a.article_id.startswith("002"))
    first = republic[republic["sentence_id"] == republic["sentence_id"].min()]
    assert list(first["term"]) == ["National Resistance Front", "NRF"]  # "(NRF)" is not among them
    assert text[first["end"].iloc[0] : first["end"].iloc[0] + 6] == " (NRF)"
    assert text[first["start"].iloc[1] - 1] != "("
    by_outlet = derived["labels_by_outlet"]
    counted = by_outlet[(by_outlet["outlet"] == "Republic World") & (by_outlet["label"] == "NRF")]
    assert counted["n"].sum() == len(republic)


def test_a_label_in_brackets_counts_when_it_names_another_label_or_says_more(codebook):
    from analysis.parse import parse_text

    text = (
        "The National Resistance Front (NRF) denied it. "
        "The NRF (Northern Alliance) fought on. "
        "Members of the NRF (the NRF) held out. "
        "The NRF, (NRF) as it is known, said so."
    )
    sentences = parse_text(text).sentences
    rows = framing.label_rows("a", "o", text, sentences, NO_VOICES, codebook)
    assert [(r[2], r[5]) for r in rows] == [
        (0, "National Resistance Front"),
        (1, "NRF"),
        (1, "Northern Alliance"),
        (2, "NRF"),
        (2, "NRF"),
        (3, "NRF"),
        (3, "NRF"),
    ]


def test_hedges_are_counted_per_thousand_of_the_outlets_own_words(derived):
    """India.com's "reports have emerged that the valley may collapse soon" and "denied such
    claims" sit in reported speech: the outlet's wording, so they count as its hedges; words
    and hedges in direct quotes do not. Jagran English's "refuted the claims, saying "…"" keeps
    "the claims" in the outlet's words though a direct quote follows."""
    hedging = derived["hedging"].set_index("outlet")
    india = hedging.loc["India.com"]
    assert india["hedges_in_reported"] == 2 and india["hedges_in_own_words"] == 3
    assert india["own_words"] == india["narration_words"] + india["reported_words"]
    for _, rate in hedging.iterrows():
        assert rate["hedges_per_1000_own_words"] == pytest.approx(
            1000 * rate["hedges_in_own_words"] / rate["own_words"], abs=1e-3
        )
    hedges = derived["hedges"].set_index("start")
    jagran = article_text("001")
    refuted = jagran.index("the claims, saying")
    assert hedges.loc[refuted + len("the "), "voice"] == "reported"  # not the speaker's quoted words
    assert hedging["hedges_in_quotes"].sum() == (hedges["voice"] == "quoted").sum()


def test_event_matrix_shows_the_evidence_sentence(derived, corpus):
    matrix = derived["event_matrix"]
    row = matrix[
        (matrix["outlet"] == "Jagran English") & (matrix["event_id"] == "pakistan_involvement")
    ].iloc[0]
    assert row["reported"] == 1
    text = corpus[row["first_article_id"]].text[int(row["first_start"]) : int(row["first_end"])]
    assert "Pakistani forces have entered the Panjshir Valley" in text


def test_shared_wire_copy_between_india_com_and_jagran_english(derived, corpus):
    clusters, members, pairs = derived["wire_clusters"], derived["wire_copy"], derived["wire_outlet_pairs"]
    assert "The Panjshir Valley lies in the Hindu Kush mountains" in " ".join(clusters["text"])
    assert list(clusters["outlets"].unique()) == ["India.com; Jagran English"]
    assert pairs.to_dict("records") == [
        {"outlet_a": "India.com", "outlet_b": "Jagran English", "shared_passages": len(clusters)}
    ]
    assert (members.groupby("cluster_id")["outlet"].nunique() == 2).all()
    for m in members.itertuples():
        copy = corpus[m.article_id].text[m.start : m.end]
        first = clusters[clusters["cluster_id"] == m.cluster_id].iloc[0]
        assert m.similarity == round(jaccard(shingles(copy), shingles(first["text"])), 6) >= 0.5
    # Jagran English reprints the NRF's Facebook statement with its words slightly changed.
    (variant,) = members[members["similarity"] < 1].itertuples()
    assert variant.outlet == "Jagran English" and 0.7 < variant.similarity < 0.8
    assert "With deep touch and regret" in corpus[variant.article_id].text[variant.start : variant.end]


def test_longest_label_wins_over_a_shorter_one_inside_it(codebook):
    text = "Taliban militants clashed with the Northern Alliance Resistance Front."
    from analysis.parse import parse_text

    sentences = parse_text(text).sentences
    rows = framing.label_rows("a", "o", text, sentences, NO_VOICES, codebook)
    assert [(r[4], r[5]) for r in rows] == [
        ("militants", "Taliban militants"),
        ("Northern Alliance", "Northern Alliance"),
        ("NRF", "Resistance Front"),
    ]


def test_sentences_folded_once_give_the_same_rows_as_each_function_folding_its_own(corpus, codebook):
    """The pipeline folds each sentence once for every cue search; nothing may change."""
    from analysis.parse import parse_text

    found = 0
    for article in corpus.values():
        text = article.text
        sentences = parse_text(text).sentences
        folded = framing.fold_sentences(text, sentences)
        for rows_of in (framing.label_rows, framing.hedge_rows, framing.assertion_rows, framing.event_rows):
            alone = rows_of("a", "o", text, sentences, NO_VOICES, codebook)
            assert rows_of("a", "o", text, sentences, NO_VOICES, codebook, folded) == alone
            found += len(alone)
        with pytest.raises(ValueError, match="folded sentences"):
            framing.event_rows("a", "o", text, sentences, NO_VOICES, codebook, folded[1:])
    assert found > 100


def test_event_rows_match_searching_every_event_in_every_sentence(corpus, codebook):
    """The event index only skips work: the same rows as searching every group of every event."""
    from analysis.parse import parse_text

    events = [(e.id, [codebook.compile(g) for g in e.groups]) for e in codebook.events]
    for article in corpus.values():
        text = article.text
        sentences = parse_text(text).sentences
        expected = [
            (event_id, s.sentence_id)
            for s in sentences
            for event_id, groups in events
            if all(g.search(text[s.start : s.end]) for g in groups)
        ]
        rows = framing.event_rows("a", "o", text, sentences, NO_VOICES, codebook)
        assert [(r[2], r[4]) for r in rows] == expected

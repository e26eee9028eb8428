"""The report's findings and caveats say only what the tables support: counts beside shares,
no ranking the two word lists disagree on, ties named as ties, timing and wording that hold."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import config
from analysis.report.methods import publication_days_item
from analysis.report.tone_order import narration_extremes, narration_title
from analysis.sentiment import UNSCORED_NEWS_WORDS
from analysis.tone_lexicons import textblob_lexicon


def _narration(rows):
    return pd.DataFrame(rows, columns=["outlet", "n_segments", "share_zero", "mean_polarity", "mean_vader"])


def test_the_words_the_caveat_says_textblob_does_not_score_are_absent_from_its_lexicon():
    lexicon = textblob_lexicon()
    assert [w for w in UNSCORED_NEWS_WORDS if w in lexicon] == []
    assert "killed" in lexicon  # the caveat once named it wrongly


def test_a_tone_ranking_is_stated_only_when_both_word_lists_agree():
    disagree = _narration(
        [("A", 20, 0.85, -0.09, -0.19), ("B", 16, 0.7, 0.03, -0.33), ("C", 10, 0.5, 0.1, 0.2)]
    )
    extremes = narration_extremes(disagree)
    assert (extremes.textblob_low, extremes.vader_low, extremes.agree) == ("A", "B", False)
    assert extremes.nonzero_segments == 3
    assert "disagree" in narration_title(extremes)

    agree = _narration([("A", 20, 0.85, -0.09, -0.4), ("B", 16, 0.7, 0.03, -0.33)])
    title = narration_title(narration_extremes(agree))
    assert title.startswith("A narrates most negatively on both word lists")


def test_outlets_tied_at_the_lowest_tone_are_named_as_a_tie_not_a_ranking():
    """Every narration segment of a small corpus can score 0 on TextBlob: then no outlet is the
    lowest on it, whatever its name's place in the alphabet."""
    flat = _narration([("C", 6, 1.0, 0.0, -0.09), ("A", 4, 1.0, 0.0, 0.0), ("B", 8, 1.0, 0.0, 0.05)])
    extremes = narration_extremes(flat)
    assert (extremes.textblob_ties, extremes.vader_ties, extremes.agree) == (3, 1, False)
    assert extremes.textblob_text() == "3 outlets tie at +0.00"
    assert extremes.vader_text() == "C, -0.09"
    assert narration_title(extremes) == (
        "No single outlet narrates most negatively on both word lists (TextBlob: 3 outlets tie, VADER: C)"
    )
    # the same outlet lowest on both, but tied with another on one of them, is no ranking either
    tied = narration_extremes(_narration([("A", 5, 0.2, -0.1, -0.3), ("B", 5, 0.4, -0.1, -0.2)]))
    assert (tied.textblob_low, tied.vader_low, tied.textblob_ties, tied.agree) == ("A", "A", 2, False)


def test_one_outlet_has_no_tone_ranking():
    assert narration_extremes(_narration([("A", 3, 0.0, 0.1, 0.1)])) is None
    assert narration_title(None).startswith("Narration, reported speech and direct quotes")


def test_the_timing_limitation_lists_outlets_per_day():
    articles = pd.DataFrame(
        {"outlet": ["B", "A", "C"], "published": ["2021-09-06", "2021-09-05", "2021-09-06"]}
    )
    item = publication_days_item(articles)
    assert "2 different days" in item
    assert "2021-09-05: A; 2021-09-06: B, C" in item


@pytest.mark.parametrize("dates", [["2021-09-06", "2021-09-06"], ["", ""]])
def test_no_timing_limitation_when_the_dates_do_not_differ(dates):
    assert publication_days_item(pd.DataFrame({"outlet": ["A", "B"], "published": dates})) is None


def test_the_timing_limitation_escapes_outlet_names():
    articles = pd.DataFrame({"outlet": ["<b>X</b>", "Y"], "published": ["2021-09-05", "2021-09-06"]})
    assert "&lt;b&gt;X&lt;/b&gt;" in publication_days_item(articles)


@pytest.fixture(scope="module")
def findings_text():
    """The findings of the committed Panjshir tables, as text."""
    from analysis.report.context import open_report
    from analysis.report.findings import findings_html

    ctx = open_report(
        config.DERIVED_DIR, config.DEFAULT_CODEBOOK, config.BUILD_DIR, config.BENCHMARK_RESULTS_DIR
    )
    return findings_html(ctx)


def test_findings_give_counts_beside_shares(findings_text):
    assert "(33 of 62)" in findings_text
    assert "5 hedges in 616 words" in findings_text  # Jagran Josh: narration + reported speech
    assert "not a ranking" in findings_text


def test_findings_say_how_much_of_the_attributed_material_is_paraphrase(findings_text):
    """Words in reported speech against words in quotation marks (tone_voices); Anadolu Agency
    (003) paraphrases every statement."""
    assert "63% of the attributed words (576 of 921) are the outlets" in findings_text
    assert "Anadolu Agency quotes no one verbatim" in findings_text


def test_findings_name_ties_and_single_sharing_pairs(findings_text):
    assert "3 events tie as the most widely reported, each in 4 of 5 outlets" in findings_text
    assert "7 of 14 events appear in only one outlet" in findings_text
    assert "only India.com and Jagran English share any" in findings_text


def test_findings_do_not_rank_tone_when_the_word_lists_disagree(findings_text):
    assert "the two word lists disagree on which outlet narrates most negatively" in findings_text


def test_relayed_posts_are_counted_apart(findings_text):
    assert "reached the outlet through a news agency, another outlet or a journalist" in findings_text


def test_table_headers_are_readable_and_keep_the_csv_name_as_tooltip():
    from analysis import html

    out = html.table(pd.DataFrame({"outlet": ["<A>"], "share_zero": [0.5]}))
    assert '<th title="share_zero">share scoring 0</th>' in out
    assert "<th>outlet</th>" in out
    assert "&lt;A&gt;" in out


def test_narration_examples_show_only_scored_segments_under_their_own_heading(tmp_path):
    import re

    from analysis.report.context import open_report
    from analysis.report.sections import tone_voice_html

    ctx = open_report(config.DERIVED_DIR, config.DEFAULT_CODEBOOK, tmp_path, config.BENCHMARK_RESULTS_DIR)
    out = tone_voice_html(ctx)
    headings = re.findall(r"<summary>(Most [^<]*narration) — ([^<]*)</summary>", out)
    assert headings, out[:500]
    assert "+0.00" not in out and "-0.00" not in out  # no zero-scored segment shown as an extreme
    tone = ctx.derived.tone_segments
    narration = tone[tone["voice"] == "narration"]
    for heading, outlet in headings:
        scores = narration[narration["outlet"] == outlet]["polarity"]
        assert ("negative" in heading) == bool((scores < 0).any())
        assert ("positive" in heading) == bool((scores > 0).any())


def test_the_kinds_figure_comes_with_its_counts(tmp_path):
    from analysis.report.context import open_report
    from analysis.report.sections import kinds_html

    ctx = open_report(config.DERIVED_DIR, config.DEFAULT_CODEBOOK, tmp_path, config.BENCHMARK_RESULTS_DIR)
    out = kinds_html(ctx)
    kinds = ctx.derived.voices_kinds
    n_direct = int(kinds.loc[kinds["kind"] == "direct", "n_attributions"].sum())
    assert f"({n_direct} of {int(kinds['n_attributions'].sum())})" in out
    assert "Attributed statements of each kind (counts)" in out


def test_a_dollar_sign_in_a_name_is_drawn_as_written_not_parsed_as_tex():
    import matplotlib.pyplot as plt

    from analysis import figures

    fig, ax = plt.subplots()
    ax.barh(["Cash$_$Flow Daily", "Dock $_$ union"], [1, 2])
    ax.set_title("$x^$ outlet")
    assert figures.png_bytes(fig).startswith(b"\x89PNG")
    plt.close(fig)


def _context_with_platforms(tmp_path, edit):
    import yaml

    from analysis.report.context import open_report

    data = yaml.safe_load(config.DEFAULT_CODEBOOK.read_text(encoding="utf-8"))
    for platform in data["platforms"]:
        edit(platform)
    tmp_path.mkdir(parents=True, exist_ok=True)
    book = tmp_path / "book.yaml"
    book.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return open_report(config.DERIVED_DIR, book, tmp_path, config.BENCHMARK_RESULTS_DIR)


def test_the_self_published_share_counts_the_platforms_the_codebook_marks(tmp_path):
    from analysis.report.findings import platforms_finding
    from analysis.report.profile import _measures
    from analysis.report.sections import platforms_html

    ctx = _context_with_platforms(tmp_path, lambda p: p.update(self_published=p["id"] == "statement"))
    attributions = ctx.derived.attributions
    n_statements = int((attributions["platform"] == "statement").sum())
    assert n_statements > 0
    finding = platforms_finding(ctx)
    assert f"({n_statements} of {len(attributions)}) came as posts or recordings the speakers" in finding
    section = platforms_html(ctx)
    assert "Counted as self-published (the codebook says which): Statement.</p>" in section
    assert f"{n_statements / len(attributions):.0%} of statements came from the speakers" in section

    nothing = _context_with_platforms(tmp_path / "none", lambda p: p.update(self_published=False))
    assert "published themselves" not in platforms_finding(nothing)
    assert "self-published" not in platforms_html(nothing)
    assert not any("self-published" in m for m in _measures(nothing, set(nothing.derived.outlets)))
    assert "share self-published (posts, recordings)" in _measures(ctx, set(ctx.derived.outlets))


def test_relayed_posts_are_those_with_an_intermediary_or_from_a_medium_on_any_side():
    from analysis.report.findings import _relayed_posts

    rows = pd.DataFrame(
        [
            ("twitter", "", "group", "taliban"),  # the speaker's own post
            ("twitter", "Reuters", "group", "taliban"),  # relayed by a named agency
            ("twitter", "", "media", "press"),  # an outlet's post, on a codebook's "press" side
            ("twitter", "", "person", "media"),  # a reporter's post
            ("statement", "Reuters", "group", "taliban"),  # not self-published
        ],
        columns=["platform", "via", "speaker_type", "speaker_side"],
    )
    assert _relayed_posts(rows, ["twitter"]) == 3
    assert _relayed_posts(rows, ["twitter", "statement"]) == 4
    assert _relayed_posts(rows.iloc[:0], ["twitter"]) == 0

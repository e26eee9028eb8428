"""Evidence in the report: every sentence, quote or label it shows is escaped and kept short."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from analysis import config, html
from analysis.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "other_story"
# A page without a full stop: one "sentence" of 296,000 characters, as in a scraped corpus.
HUGE = "and ships were diverted while the strikers reportedly waited in terrible rain at the <gates> " * 3200


def test_a_huge_sentence_is_cut_to_a_window_that_says_it_was_shortened():
    out = html.excerpt(HUGE)
    assert len(HUGE) == 297_600 and len(out) < 1_000
    assert "[shortened: 600 of 297,600 characters shown; the full text is in the CSV]" in out
    assert out.endswith("</span>") and "…" in out and not out.startswith("…")
    assert "<gates>" not in out and "&lt;gates&gt;" in out


def test_the_window_keeps_the_marked_span_and_cuts_before_escaping():
    text = "&" * 5_000 + "SPAN" + "&" * 5_000
    out = html.excerpt(text, [(5_000, 5_004, "attr")])
    assert '<mark class="attr">SPAN</mark>' in out
    assert out.startswith("…") and "…" in out[1:]
    body = out.split(' <span class="small truncated"')[0].strip("…")
    assert body.replace('<mark class="attr">SPAN</mark>', "").replace("&amp;", "") == ""  # no split entity
    assert body.count("&amp;") == 596


def test_a_short_text_is_shown_whole_and_nothing_becomes_empty():
    assert html.excerpt("a <b> c", [(2, 5, "x")]) == 'a <mark class="x">&lt;b&gt;</mark> c'
    assert html.excerpt(None) == "" and html.excerpt(float("nan")) == ""
    assert html.excerpt("é" * 600) == "é" * 600


@pytest.fixture(scope="module")
def huge_ctx(tmp_path_factory):
    """Two outlets whose only article is one huge run of text that the codebook's claim, hedge,
    label and event all match (and that the outlets share, nearly word for word)."""
    from analysis.report.context import open_report

    folder = tmp_path_factory.mktemp("huge")
    rows = [
        ("t1", "Harbour Tribune", f"Maria Lopes said that the strike is over, {HUGE}for days.\n\nQuiet."),
        ("g1", "Coastal Gazette", f"Maria Lopes said that the strike is over, {HUGE}for weeks.\n\nGone."),
    ]
    corpus = folder / "huge.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": i, "outlet": o, "text": t}) + "\n" for i, o, t in rows), encoding="utf-8"
    )
    args = ["run", "--corpus", str(corpus), "--codebook", str(FIXTURES / "strike.yaml")]
    assert main([*args, "--out", str(folder / "out"), "--no-report", "--workers", "1"]) == 0
    return open_report(
        folder / "out" / "derived", FIXTURES / "strike.yaml", folder / "figures", config.BENCHMARK_RESULTS_DIR
    )


SECTIONS_WITH_EVIDENCE = [
    "wire_copy_html",
    "tone_voice_html",
    "tone_sides_html",
    "voices_html",
    "platforms_html",
    "claims_html",
    "labels_html",
    "events_html",
]


@pytest.mark.parametrize("name", SECTIONS_WITH_EVIDENCE)
def test_no_section_shows_more_than_an_excerpt_of_a_sentence(huge_ctx, name):
    from analysis.report import sections

    out = getattr(sections, name)(huge_ctx)
    items = re.findall(r"<li>(.*?)</li>", out, flags=re.S)
    assert items, name
    for item in items:
        # Each run of text between tags: a piece of a sentence, a label, or a reference with a copy.
        runs = [html._html.unescape(run) for run in re.split(r"<[^>]+>", item)]
        assert max(len(run) for run in runs) <= 600 + 200, (name, max(map(len, runs)))
    assert "[shortened: 600 of" in out, name

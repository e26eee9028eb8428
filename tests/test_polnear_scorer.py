"""Unit tests of the PolNeAR attribution scorer (benchmarks/polnear.py) on synthetic documents.

Nothing here reads the PolNeAR data or the shared verb lists: every document is written below and
the reporting-verb forms are passed explicitly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .benchmark_scripts import load_benchmark

_load = load_benchmark


polnear = _load("polnear")

VERBS = frozenset({"said", "says", "told", "add", "added"})


def span(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of ``part`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def t_line(tid: str, typ: str, text: str, *frags: tuple[int, int]) -> str:
    """A brat T line for ``frags`` of ``text``."""
    offsets = ";".join(f"{a} {b}" for a, b in frags)
    return f"{tid}\t{typ} {offsets}\t{' '.join(text[a:b] for a, b in frags)}"


def make_doc(text: str, ann_lines: list[str], doc_id: str = "doc") -> object:
    """A Document from a text and brat lines, without the swap repair."""
    gold = polnear.parse_ann("\n".join(ann_lines) + "\n", repair=False, verbs=VERBS)
    return polnear.Document(doc_id, text, "x", gold)


def pred(text: str, speaker: str | None, content: str, name: str | None = None) -> object:
    """A Prediction whose speaker/content spans are the first occurrences of the given strings."""
    c0, c1 = span(text, content)
    if speaker is None:
        return polnear.Prediction(None, None, name or "", c0, c1, direct=True)
    s0, s1 = span(text, speaker)
    return polnear.Prediction(s0, s1, speaker, c0, c1, direct=True)


def run(docs: list, preds_by_text: dict[str, list]) -> object:
    return polnear.score(docs, lambda text: preds_by_text.get(text, []), verbs=VERBS)


# --------------------------------------------------------------------------- one-sentence document

TEXT1 = 'Headline\n"Taxes will rise," Jane Doe said. Bob Roe believes the plan will fail.\n'


def doc1() -> object:
    t = TEXT1
    return make_doc(
        t,
        [
            t_line("T1", "Content", t, span(t, '"Taxes will rise,"')),
            t_line("T2", "Source", t, span(t, "Jane Doe")),
            t_line("T3", "Cue", t, span(t, "said")),
            t_line("T4", "Attribution", t, span(t, "said")),
            "E1\tAttribution:T4 Source:T2 Cue:T3 Content:T1",
            t_line("T5", "Source", t, span(t, "Bob Roe")),
            t_line("T6", "Cue", t, span(t, "believes")),
            t_line("T7", "Content", t, span(t, "the plan will fail")),
            t_line("T8", "Attribution", t, span(t, "believes")),
            "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7",
        ],
    )


def test_parse_reads_roles_and_texts() -> None:
    gold = doc1().attributions
    assert [g.rel_id for g in gold] == ["E1", "E2"]
    assert gold[0].source.text == "Jane Doe"
    assert gold[0].cue.text == "said"
    assert TEXT1[slice(*gold[0].content.spans[0])] == '"Taxes will rise,"'
    assert gold[1].cue.text == "believes"


def test_right_prediction_scores_one() -> None:
    d = doc1()
    r = run([d], {TEXT1: [pred(TEXT1, "Jane Doe", '"Taxes will rise,"')]})
    assert (r.n_predictions, r.n_right) == (1, 1)
    assert (r.n_eligible, r.n_eligible_matched) == (1, 1)  # the belief is not eligible
    assert r.precision == r.recall == r.source_f1 == 1.0
    assert r.direct_recall == 1.0 and r.n_eligible_direct == 1
    assert r.misses == {} and r.false_positives == {}
    assert (r.P, r.R, r.F1, r.direct_R) == (1.0, 1.0, 1.0, 1.0)


def test_wrong_source_is_wrong() -> None:
    d = doc1()
    # Right content, but the speaker span is Bob Roe, who is not the source of that content.
    r = run([d], {TEXT1: [pred(TEXT1, "Bob Roe", '"Taxes will rise,"')]})
    assert (r.n_right, r.n_eligible_matched) == (0, 0)
    assert r.precision == r.recall == r.source_f1 == 0.0
    assert [g.rel_id for g in r.misses["doc"]] == ["E1"]
    assert len(r.false_positives["doc"]) == 1


def test_non_overlapping_content_is_wrong() -> None:
    d = doc1()
    # Right speaker, but the content span is the headline, which overlaps no gold content.
    r = run([d], {TEXT1: [pred(TEXT1, "Jane Doe", "Headline")]})
    assert r.n_right == 0 and r.recall == 0.0
    # Touching but not sharing a character is not overlap: end == gold start.
    c0, _ = span(TEXT1, '"Taxes will rise,"')
    s0, s1 = span(TEXT1, "Jane Doe")
    touching = polnear.Prediction(s0, s1, "Jane Doe", c0 - 1, c0, direct=False)
    assert run([d], {TEXT1: [touching]}).n_right == 0


def test_ineligible_gold_counts_for_precision_not_recall() -> None:
    d = doc1()
    assert not polnear.eligible(d.attributions[1], VERBS)  # "believes" is not a reporting verb
    assert polnear.sourced(d.attributions[1])
    r = run([d], {TEXT1: [pred(TEXT1, "Bob Roe", "the plan will fail")]})
    assert (r.n_predictions, r.n_right) == (1, 1)
    assert r.precision == 1.0
    assert (r.n_eligible, r.n_eligible_matched) == (1, 0)
    assert r.recall == 0.0 and r.source_f1 == 0.0
    assert [g.rel_id for g in r.misses["doc"]] == ["E1"]


def test_precision_and_recall_mix() -> None:
    d = doc1()
    preds = [
        pred(TEXT1, "Jane Doe", '"Taxes will rise,"'),
        pred(TEXT1, "Jane Doe", "the plan will fail"),  # wrong speaker for that content
        pred(TEXT1, "Bob Roe", "the plan will fail"),
    ]
    r = run([d], {TEXT1: preds})
    assert (r.n_predictions, r.n_right) == (3, 2)
    assert r.precision == pytest.approx(2 / 3)
    assert r.recall == 1.0
    assert r.source_f1 == pytest.approx(2 * (2 / 3) / (2 / 3 + 1))


# --------------------------------------------------------------------------- discontinuous spans

TEXT2 = "T\n“We will win,” Smith said Monday, “and we will win big.” He told reporters so.\n"


def doc2() -> object:
    t = TEXT2
    return make_doc(
        t,
        [
            # One Content T with two fragments, plus a Content2 T for a third piece.
            t_line("T1", "Content", t, span(t, "“We will win,”"), span(t, "“and we will win big.”")),
            t_line("T2", "Source", t, span(t, "Smith")),
            t_line("T3", "Cue", t, span(t, "said"), span(t, "Monday")),
            t_line("T4", "Attribution", t, span(t, "said")),
            t_line("T9", "Content", t, span(t, "so")),
            "E1\tAttribution:T4 Cue:T3 Source:T2 Content:T1 Content2:T9",
            t_line("T5", "Source", t, span(t, "He")),
            t_line("T6", "Cue", t, span(t, "told")),
            t_line("T7", "Content", t, span(t, "so")),
            t_line("T8", "Attribution", t, span(t, "told")),
            "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7",
        ],
    )


def test_discontinuous_spans_are_parsed_and_merged() -> None:
    g = doc2().attributions[0]
    assert g.content.spans == (
        span(TEXT2, "“We will win,”"),
        span(TEXT2, "“and we will win big.”"),
        span(TEXT2, "so"),
    )
    assert g.content.text == "“We will win,” “and we will win big.” so"
    assert g.cue.text == "said Monday"
    assert polnear.eligible(g, VERBS)  # first word of a multi-word cue is a reporting verb
    assert polnear.is_direct(g)


def test_prediction_overlapping_second_fragment_is_right() -> None:
    d = doc2()
    r = run([d], {TEXT2: [pred(TEXT2, "Smith", "and we will win big")]})
    assert r.n_right == 1 and r.n_eligible_matched == 1


def test_prediction_in_gap_between_fragments_is_wrong() -> None:
    d = doc2()
    # "said Monday" lies between the two content fragments and belongs to neither.
    r = run([d], {TEXT2: [pred(TEXT2, "Smith", "said Monday")]})
    assert r.n_right == 0


def test_discontinuous_source_span_overlap() -> None:
    t = "T\nJohn, an aide, and Mary Poe said the vote is off.\n"
    d = make_doc(
        t,
        [
            t_line("T1", "Source", t, span(t, "John"), span(t, "Mary Poe")),
            t_line("T2", "Cue", t, span(t, "said")),
            t_line("T3", "Content", t, span(t, "the vote is off")),
            t_line("T4", "Attribution", t, span(t, "said")),
            "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
        ],
    )
    assert run([d], {t: [pred(t, "Poe", "vote")]}).n_right == 1
    assert run([d], {t: [pred(t, "an aide", "vote")]}).n_right == 0  # the gap, not the source


# --------------------------------------------------------------------------- name rule, direct_R


def test_name_rule_without_speaker_span() -> None:
    d = doc2()
    # Source span "Smith"; the extractor gives only a resolved name.
    assert run([d], {TEXT2: [pred(TEXT2, None, "We will win", "Jane Smith")]}).n_right == 1
    assert run([d], {TEXT2: [pred(TEXT2, None, "We will win", "Smith's")]}).n_right == 1
    assert run([d], {TEXT2: [pred(TEXT2, None, "We will win", "Bob Jones")]}).n_right == 0
    assert run([d], {TEXT2: [pred(TEXT2, None, "We will win", "")]}).n_right == 0


def test_name_rule_resolves_pronoun_source_to_earlier_source() -> None:
    # E3's source is "He"; the nearest earlier non-pronoun gold Source is "Jones", not "Smith".
    t = "T\nSmith spoke. Later Jones arrived. He told reporters it was over. Brown agreed.\n"
    d = make_doc(
        t,
        [
            t_line("T1", "Source", t, span(t, "Smith")),
            t_line("T2", "Cue", t, span(t, "spoke")),
            t_line("T3", "Content", t, span(t, "spoke")),
            t_line("T4", "Attribution", t, span(t, "spoke")),
            "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
            t_line("T5", "Source", t, span(t, "Jones")),
            t_line("T6", "Cue", t, span(t, "arrived")),
            t_line("T7", "Content", t, span(t, "arrived")),
            t_line("T8", "Attribution", t, span(t, "arrived")),
            "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7",
            t_line("T9", "Source", t, span(t, "He")),
            t_line("T10", "Cue", t, span(t, "told")),
            t_line("T11", "Content", t, span(t, "it was over")),
            t_line("T12", "Attribution", t, span(t, "told")),
            "E3\tAttribution:T12 Source:T9 Cue:T10 Content:T11",
            t_line("T13", "Source", t, span(t, "Brown")),
            t_line("T14", "Cue", t, span(t, "agreed")),
            t_line("T15", "Content", t, span(t, "agreed")),
            t_line("T16", "Attribution", t, span(t, "agreed")),
            "E4\tAttribution:T16 Source:T13 Cue:T14 Content:T15",
        ],
    )
    assert run([d], {t: [pred(t, None, "it was over", "Ann JONES")]}).n_right == 1
    assert run([d], {t: [pred(t, None, "it was over", "Smith")]}).n_right == 0  # not the nearest
    assert run([d], {t: [pred(t, None, "it was over", "Brown")]}).n_right == 0  # comes after


def test_direct_recall_only_counts_quoted_content() -> None:
    d = doc2()
    # E1 (quoted) and E2 ("so", not quoted) are both eligible; only E1 is direct.
    assert [polnear.is_direct(g) for g in d.attributions] == [True, False]
    r = run([d], {TEXT2: [pred(TEXT2, "He", "so")]})
    # "so" is content of both E1 and E2, but the speaker "He" is E2's source only.
    assert (r.n_eligible, r.n_eligible_matched) == (2, 1)
    assert (r.n_eligible_direct, r.n_direct_matched) == (1, 0)
    assert r.direct_recall == 0.0 and r.recall == 0.5


@pytest.mark.parametrize(
    ("content", "direct"),
    [
        ("“We will win.”", True),
        ("“We will win,” he added", True),  # begins with a quote
        ("the plan is “dead”.", True),  # ends with a quote once the period is stripped
        ("the plan is dead", False),
        ("", False),
    ],
)
def test_is_direct(content: str, direct: bool) -> None:
    g = polnear.GoldAttribution("E1", "Attribution", None, None, polnear.Span(((0, 1),), content))
    assert polnear.is_direct(g) is direct


# --------------------------------------------------------------------------- eligibility, parsing


@pytest.mark.parametrize(
    ("cue", "ok"),
    [
        ("said", True),
        ("Said:", True),
        (":", True),
        ("continued:", True),
        ("according to", True),
        ("According to", True),
        ("has said", True),
        ("said in a statement", True),
        ("believes", False),
        ("called for", False),
        ("―", False),
        ("", False),
    ],
)
def test_reporting_cue(cue: str, ok: bool) -> None:
    assert polnear.reporting_cue(cue, VERBS) is ok


def test_unsourced_is_neither_sourced_nor_eligible() -> None:
    t = "T\nIt was said that taxes rise.\n"
    d = make_doc(
        t,
        [
            t_line("T1", "Cue", t, span(t, "said")),
            t_line("T2", "Content", t, span(t, "that taxes rise")),
            t_line("T3", "Attribution-no-source", t, span(t, "said")),
            "E1\tAttribution-no-source:T3 Cue:T1 Content:T2",
        ],
    )
    g = d.attributions[0]
    assert g.kind == "Attribution-no-source" and g.source is None
    assert not polnear.sourced(g) and not polnear.eligible(g, VERBS)
    r = run([d], {t: [pred(t, "It", "taxes")]})
    assert r.n_sourced == 0 and r.n_eligible == 0 and r.n_right == 0


def test_swapped_source_and_cue_are_repaired() -> None:
    t = "T\n“No,” said Hester.\n"
    lines = [
        t_line("T1", "Source", t, span(t, "said")),
        t_line("T2", "Cue", t, span(t, "Hester")),
        t_line("T3", "Content", t, span(t, "“No,”")),
        t_line("T4", "Attribution", t, span(t, "said")),
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
    ]
    raw = polnear.parse_ann("\n".join(lines), repair=False, verbs=VERBS)[0]
    fixed = polnear.parse_ann("\n".join(lines), repair=True, verbs=VERBS)[0]
    assert raw.source.text == "said" and not raw.repaired
    assert (fixed.source.text, fixed.cue.text, fixed.repaired) == ("Hester", "said", True)


def test_parse_rejects_unknown_role_and_undefined_span() -> None:
    with pytest.raises(ValueError, match="unknown role"):
        polnear.parse_ann("T1\tCue 0 1\tx\nE1\tAttribution:T1 Speaker:T1\n", verbs=VERBS)
    with pytest.raises(ValueError, match="undefined span"):
        polnear.parse_ann("T1\tCue 0 1\tx\nE1\tAttribution:T1 Source:T7\n", verbs=VERBS)


def test_empty_inputs_give_zeros() -> None:
    r = polnear.score([], lambda text: [], verbs=VERBS)
    assert (r.precision, r.recall, r.source_f1, r.direct_recall) == (0.0, 0.0, 0.0, 0.0)
    assert r.n_documents == 0


# --------------------------------------------------------------------------- missing data


def test_missing_data_is_reported(tmp_path: Path) -> None:
    assert polnear.missing_data(tmp_path) == tmp_path / "text"
    with pytest.raises(FileNotFoundError, match=r"not found \(PolNeAR dev split is read from"):
        polnear.load_documents(tmp_path)


def test_load_documents_uses_first_annotator(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    t = "H\nAl said yes.\n"
    (tmp_path / "text" / "a_doc.txt").write_text(t, encoding="utf-8")
    good = "\n".join(
        [
            t_line("T1", "Source", t, span(t, "Al")),
            t_line("T2", "Cue", t, span(t, "said")),
            t_line("T3", "Content", t, span(t, "yes")),
            t_line("T4", "Attribution", t, span(t, "said")),
            "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
        ]
    )
    (tmp_path / "attributions" / "a_doc_0aaa.ann").write_text(good, encoding="utf-8")
    (tmp_path / "attributions" / "a_doc_zzzz.ann").write_text("", encoding="utf-8")
    (docs,) = polnear.load_documents(tmp_path, verbs=VERBS)
    assert (docs.doc_id, docs.annotator, len(docs.attributions)) == ("a_doc", "0aaa", 1)


def test_baseline_script_skips_without_data(tmp_path: Path, capsys) -> None:
    baseline = _load("polnear_baseline")
    assert baseline.main(["--root", str(tmp_path / "nowhere")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"skipped: {tmp_path / 'nowhere' / 'text'} not found (")
    assert "PolNeAR dev split is read from ../shared/benchmarks" in out


def test_the_scorer_reads_the_data_where_the_package_does(tmp_path: Path) -> None:
    """ANALYSIS_SHARED_BENCHMARKS moves the verb lists with the texts: a run pointed at data
    elsewhere must not look for the lists in ../shared."""
    import os
    import subprocess
    import sys

    from .benchmark_scripts import BENCHMARKS

    probe = "import polnear; print(polnear.DEV_ROOT); print(polnear.VERB_LISTS_ROOT)"
    env = {**os.environ, "ANALYSIS_SHARED_BENCHMARKS": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=BENCHMARKS, env=env, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[:2] == [str(tmp_path / "polnear" / "dev"), str(tmp_path / "verb_lists")]

"""Tests of analysis.target_tone: windows, baselines, the stored model and the NewsMTSC scripts.

The sentences are written here in the style of the Panjshir coverage; none is from NewsMTSC. The
one test that reads NewsMTSC's dev splits skips when ../shared/benchmarks is absent.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from analysis import target_tone as tt
from analysis.config import shared_benchmarks_dir

from .benchmark_scripts import load_benchmark

NEWSMTSC = shared_benchmarks_dir() / "newsmtsc"

HOLDOUT = (
    "The Taliban have been unable to take this major holdout, the last province resisting "
    "their rule, despite weeks of fighting."
)
NOTORIOUS = (
    "A notorious Taliban commander ordered the execution of civilians and the burning of homes in the valley."
)
ATROCITY = "Residents said the Taliban brutally beat protesters and killed two journalists."
PRAISE = "Massoud is widely admired as a brave and principled leader who inspired his fighters."


_load = load_benchmark


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


# --- offsets and windows ---------------------------------------------------------------------


def test_window_takes_width_characters_each_side_including_the_mention():
    start, end = span(HOLDOUT, "major holdout")
    got = tt.window(HOLDOUT, start, end, width=10)
    assert got == HOLDOUT[start - 10 : end + 10]
    assert got == "take this major holdout, the last"


def test_window_clips_at_sentence_bounds():
    start, end = span(HOLDOUT, "The Taliban")
    assert tt.window(HOLDOUT, start, end) == HOLDOUT[: end + 60]
    start, end = span(HOLDOUT, "fighting.")
    assert tt.window(HOLDOUT, start, end) == HOLDOUT[start - 60 :]
    assert tt.window("Short.", 0, 5, width=60) == "Short."


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (-5, 3, (0, 3)),
        (3, 10_000, (3, 20)),
        (50, 60, (20, 20)),
        (10, 4, (10, 10)),
        (-9, -2, (0, 0)),
    ],
)
def test_clamp_span(start, end, expected):
    assert tt.clamp_span("Taliban fighters ent", start, end) == expected


def test_window_never_raises_for_bad_offsets_or_width():
    sentence = "The Taliban entered Bazarak."
    assert tt.window(sentence, -100, 1000) == sentence
    assert tt.window(sentence, 500, 600) == sentence[-60:]
    assert tt.window(sentence, 4, 11, width=-3) == "Taliban"
    assert tt.window(sentence, 4, 11, width=0) == "Taliban"
    assert tt.window("", 3, 9) == ""


# --- baselines -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (0.05, "neutral"),
        (-0.05, "neutral"),
        (0.0, "neutral"),
        (0.0501, "positive"),
        (-0.0501, "negative"),
        (1.0, "positive"),
        (-1.0, "negative"),
    ],
)
def test_score_label_band_is_inclusive(score, label):
    assert tt.score_label(score) == label


def test_sentence_baselines_ignore_the_mention():
    assert tt.vader_sentence_label(ATROCITY) == "negative"
    assert tt.vader_sentence_label(PRAISE) == "positive"
    assert tt.textblob_sentence_label(PRAISE) == "positive"
    assert tt.vader_sentence_label("") == "neutral"
    assert tt.textblob_sentence_label("") == "neutral"


def test_vader_window_sees_only_the_window():
    far = "Massoud spoke on Sunday in Bazarak, the capital of the province, " + "x " * 40
    sentence = far + "and the Taliban are cruel, brutal murderers."
    start, end = span(sentence, "Massoud")
    assert tt.vader_sentence_label(sentence) == "negative"
    assert tt.vader_window_label(sentence, start, end) == "neutral"
    start, end = span(sentence, "the Taliban")
    assert tt.vader_window_label(sentence, start, end) == "negative"
    assert tt.vader_window_label(sentence, -10, -5) == tt.vader_window_label(sentence, 0, 0)


# --- features --------------------------------------------------------------------------------


def test_tokens_split_negations_and_straighten_quotes():
    got = tt.tokens("He didn’t say “no” — the Taliban's well-known can't")
    assert got == [
        "he",
        "did",
        "not",
        "say",
        '"',
        "no",
        '"',
        "the",
        "taliban",
        "s",
        "well-known",
        "ca",
        "not",
    ]
    assert tt.tokens("") == []


def test_features_mask_the_mention_and_drop_cut_words():
    start, end = span(NOTORIOUS, "Taliban commander")
    feats = tt.features(NOTORIOUS, start, end)
    assert "w:notorious" in feats and "b:notorious <t>" in feats and "b:<t> ordered" in feats
    assert "w:taliban" not in feats and "w:commander" not in feats
    # 6 characters either side cut "notorious" and "ordered": their fragments are dropped
    left, right = tt.context_tokens(NOTORIOUS, start, end, width=6)
    assert tt.window(NOTORIOUS, start, end, width=6) == "rious Taliban commander order"
    assert (left, right) == ([], [])
    left, right = tt.context_tokens(NOTORIOUS, start, end, width=20)
    expected = "A notorious Taliban commander ordered the executi"
    assert tt.window(NOTORIOUS, start, end, 20) == expected
    assert left == ["a", "notorious"]
    assert right == ["ordered", "the"]
    assert all(math.isfinite(v) for v in feats.values())
    assert feats["lex:left_vader"] < 0


def test_features_of_an_empty_sentence_are_zero_lexicon_scores():
    feats = tt.features("", 0, 0)
    assert feats and all(name.startswith("lex:") for name in feats)
    assert set(feats.values()) == {0.0}


# --- the report method -----------------------------------------------------------------------


def test_target_tone_clearly_negative_mentions():
    start, end = span(NOTORIOUS, "Taliban commander")
    label, score = tt.target_tone(NOTORIOUS, start, end)
    assert label == "negative" and score < -0.3
    start, end = span(ATROCITY, "the Taliban")
    label, score = tt.target_tone(ATROCITY, start, end)
    assert label == "negative" and score < -0.3


def test_target_tone_clearly_positive_mention():
    label, score = tt.target_tone(PRAISE, 0, len("Massoud"))
    assert label == "positive" and score > 0.3


def test_target_tone_holdout_sentence_is_not_positive_towards_the_taliban():
    start, end = span(HOLDOUT, "The Taliban")
    label, score = tt.target_tone(HOLDOUT, start, end)
    assert label in {"negative", "neutral"}
    assert -1.0 <= score < 0.1


def test_target_tone_ignores_who_the_mention_is():
    a = "Government forces shelled the village, and Ahmad Massoud denounced the attack."
    b = a.replace("Ahmad Massoud", "the Taliban")
    assert tt.target_tone(a, *span(a, "Ahmad Massoud")) == tt.target_tone(b, *span(b, "the Taliban"))


def test_target_tone_edges():
    assert tt.target_tone("", 0, 0) == ("neutral", 0.0)
    assert tt.target_tone("The Taliban", 0, 11) == ("neutral", 0.0)
    assert tt.target_tone("The Taliban", -4, 400) == ("neutral", 0.0)
    start, end = span(ATROCITY, "the Taliban")
    # an end before the start is an empty mention at the start: the words of "the Taliban" count
    assert tt.target_tone(ATROCITY, start, start - 5) == tt.target_tone(ATROCITY, start, start)
    for bad in ((10_000, 20_000), (-50, -10), (end, start)):
        label, score = tt.target_tone(ATROCITY, *bad)
        assert label in tt.LABELS and -1.0 <= score <= 1.0


def test_target_tone_is_deterministic_and_matches_a_fresh_load():
    start, end = span(ATROCITY, "the Taliban")
    first = tt.target_tone(ATROCITY, start, end)
    assert tt.target_tone(ATROCITY, start, end) == first
    fresh = tt.TargetToneModel.from_path(tt.MODEL_PATH)
    assert fresh.predict(ATROCITY, start, end) == first
    p = fresh.probabilities(tt.features(ATROCITY, start, end))
    assert math.isclose(sum(p), 1.0) and round(p[2] - p[0], 6) == first[1]


def test_model_file_is_sorted_rounded_and_matches_the_installed_lexicons():
    raw = tt.MODEL_PATH.read_text(encoding="utf-8")
    assert raw.endswith("}\n")
    payload = json.loads(raw)
    assert payload["method"] == tt.METHOD_NAME
    assert tuple(payload["labels"]) == tt.LABELS
    assert payload["features"]["width"] == tt.WINDOW_WIDTH
    assert payload["features"]["lexicon_sha256"] == tt.lexicon_fingerprint()
    names = list(payload["weights"])
    assert names == sorted(names)
    coefs = [*payload["intercept"], *(x for c in payload["weights"].values() for x in c)]
    assert all(len(c) == 3 for c in payload["weights"].values())
    assert all(math.isfinite(x) and x == float(f"{x:.6g}") for x in coefs)  # 6 significant digits
    assert "w:accused" in names and "b:<t> said" in names
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tt.TargetToneModel.from_path(tt.MODEL_PATH)


def test_malformed_model_is_rejected():
    with pytest.raises(ValueError):
        tt.TargetToneModel({"format": 2})
    with pytest.raises(ValueError):
        tt.TargetToneModel({"format": 1, "labels": list(tt.LABELS), "method": "x"})


def test_model_scores_without_scikit_learn():
    code = (
        "import sys\n"
        "sys.modules['sklearn'] = None  # any import of scikit-learn now fails\n"
        "from analysis.target_tone import target_tone\n"
        f"print(target_tone({ATROCITY!r}, {ATROCITY.index('the Taliban')}, "
        f"{ATROCITY.index('the Taliban') + 11}))\n"
        "assert not any(m == 'sklearn' or m.startswith('sklearn.') for m in sys.modules "
        "if sys.modules[m] is not None)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    start, end = span(ATROCITY, "the Taliban")
    assert out.stdout.strip() == repr(tt.target_tone(ATROCITY, start, end))


# --- NewsMTSC helpers ------------------------------------------------------------------------


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + "\n", encoding="utf-8")
    return path


RECORDS = [
    {
        "sentence_normalized": ATROCITY,
        "targets": [{"from": 15, "to": 26, "mention": "the Taliban", "polarity": 2.0}],
    },
    {
        "sentence_normalized": PRAISE,
        "targets": [{"from": 0, "to": 7, "mention": "Massoud", "polarity": 6.0}],
    },
    {
        "sentence_normalized": HOLDOUT,
        "targets": [
            {"from": 0, "to": 11, "mention": "The Taliban", "polarity": 4.0},
            {"from": 0, "to": 3, "mention": "The", "polarity": 4.0},
        ],
    },
]


def test_read_newsmtsc_maps_polarities_and_skips_blank_lines(tmp_path):
    rows = list(tt.read_newsmtsc(_write_jsonl(tmp_path / "x.jsonl", RECORDS)))
    assert [r[3] for r in rows] == ["negative", "positive", "neutral", "neutral"]
    assert rows[0] == (ATROCITY, 15, 26, "negative")
    assert ATROCITY[15:26] == "the Taliban"


def test_f1_helpers():
    gold = ["negative", "negative", "neutral", "positive"]
    pred = ["negative", "neutral", "neutral", "negative"]
    per_class = tt.f1_per_class(gold, pred)
    assert per_class == {"negative": 0.5, "neutral": 2 / 3, "positive": 0.0}
    assert tt.f1_macro(gold, pred) == pytest.approx((0.5 + 2 / 3) / 3)
    assert tt.f1_macro(gold, gold) == 1.0
    with pytest.raises(ValueError):
        tt.f1_macro(gold, pred[:2])


def test_benchmark_script_prints_and_writes_sorted_results(tmp_path, capsys):
    newsmtsc = _load("newsmtsc")
    data = _write_jsonl(tmp_path / "tiny.jsonl", RECORDS)
    results = tmp_path / "out" / "newsmtsc.json"
    assert newsmtsc.main([str(data), "--results", str(results)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "tiny.jsonl"
    assert [line.split()[0] for line in lines[1:5]] == [
        "textblob_sentence",
        "vader_sentence",
        "vader_window60",
        "report_method",
    ]
    assert re.fullmatch(rf"report_method {tt.METHOD_NAME} f1_macro=[01]\.\d{{3}}", lines[4])
    assert all(re.fullmatch(r"\w+ f1_macro=[01]\.\d{3}", line) for line in lines[1:4])
    text = results.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    payload = json.loads(text)
    assert text == json.dumps(payload, sort_keys=True, indent=2) + "\n"
    split = payload["tiny"]
    assert split["n"] == 4 and split["n_sentences"] == 3
    assert split["report_method"] == tt.METHOD_NAME
    assert set(split["report_method_f1_per_class"]) == set(tt.LABELS)


def test_scripts_skip_without_data(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ANALYSIS_SHARED_BENCHMARKS", str(tmp_path / "absent"))
    assert _load("newsmtsc").main(["--results", str(tmp_path / "r.json")]) == 0
    assert _load("train_target_tone").main(["--out", str(tmp_path / "m.json")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and all("skipped" in line for line in out)
    assert not (tmp_path / "r.json").exists() and not (tmp_path / "m.json").exists()


def test_training_round_trip_matches_scikit_learn(tmp_path):
    """A model fitted on a tiny synthetic set predicts through the JSON exactly as sklearn does."""
    pytest.importorskip("sklearn")
    train = _load("train_target_tone")
    data = _write_jsonl(tmp_path / "train.jsonl", RECORDS * 3)
    rows = list(tt.read_newsmtsc(data))
    feats = [tt.features(s, a, b) for s, a, b, _ in rows]
    names, model = train.fit(feats, [r[3] for r in rows], 1.0, 1)
    text = train.dumps_model(train.model_payload(names, model, rows, data, tt.WINDOW_WIDTH, 1))
    assert text == train.dumps_model(json.loads(text))
    again = train.dumps_model(
        train.model_payload(*train.fit(feats, [r[3] for r in rows], 1.0, 1), rows, data, tt.WINDOW_WIDTH, 1)
    )
    assert hashlib.sha256(text.encode()).digest() == hashlib.sha256(again.encode()).digest()
    ours = tt.TargetToneModel(json.loads(text))
    assert [tt.LABELS.index(ours.predict(s, a, b)[0]) for s, a, b, _ in rows] == list(
        model.predict(train.matrix(feats, names))
    )
    assert train.sig6(-0.0) == 0.0 and train.sig6(1.23456789e-5) == 1.23457e-05


@pytest.mark.skipif(not (NEWSMTSC / "dev_rw.jsonl").exists(), reason="NewsMTSC dev data absent")
def test_report_method_beats_vader_window_on_both_dev_splits():
    for split in ("dev_rw", "dev_mt"):
        rows = list(tt.read_newsmtsc(NEWSMTSC / f"{split}.jsonl"))
        gold = [r[3] for r in rows]
        ours = tt.f1_macro(gold, [tt.target_tone(s, a, b)[0] for s, a, b, _ in rows])
        vader = tt.f1_macro(gold, [tt.vader_window_label(s, a, b) for s, a, b, _ in rows])
        assert ours > vader + 0.03, (split, ours, vader)

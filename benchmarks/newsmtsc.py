"""Tone towards a target on NewsMTSC: three lexicon baselines and the report's method.

    python benchmarks/newsmtsc.py [PATH.jsonl ...]

Without paths, scores the two dev splits (``newsmtsc/dev_rw.jsonl`` and ``newsmtsc/dev_mt.jsonl``
under :func:`analysis.config.shared_benchmarks_dir`); when either is absent it prints one line and
exits 0. Paths given explicitly must exist (exit 2 otherwise). For each file it prints the file
name, then one ``<method> f1_macro=0.xxx`` line per baseline and ``report_method <name>
f1_macro=0.xxx``. The metric is macro F1 over negative/neutral/positive, one item per target.

It also writes ``benchmarks/results/newsmtsc.json`` (``--results`` to change), which the HTML
report reads: per split (the file name without ``.jsonl``) the number of targets (``n``) and of
sentences, every method's macro F1, the report method's per-class F1 and its name. Figures are
rounded to 4 decimals; keys are sorted; the file ends in a newline. It holds only the files of the
last run.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from _common import write_results

from analysis.config import BENCHMARK_RESULTS_DIR, PROJ_ROOT, shared_benchmarks_dir
from analysis.target_tone import (
    METHOD_NAME,
    f1_macro,
    f1_per_class,
    read_newsmtsc,
    target_tone,
    textblob_sentence_label,
    vader_sentence_label,
    vader_window_label,
)

DEFAULT_SPLITS = ("dev_rw", "dev_mt")

Row = tuple[str, int, int, str]

BASELINES: dict[str, Callable[[str, int, int], str]] = {
    "textblob_sentence": lambda s, a, b: textblob_sentence_label(s),
    "vader_sentence": lambda s, a, b: vader_sentence_label(s),
    "vader_window60": lambda s, a, b: vader_window_label(s, a, b, 60),
}


def default_paths() -> list[Path]:
    """The dev splits under ``<shared benchmarks>/newsmtsc``."""
    root = shared_benchmarks_dir() / "newsmtsc"
    return [root / f"{split}.jsonl" for split in DEFAULT_SPLITS]


def score_split(rows: Sequence[Row]) -> dict[str, Any]:
    """Every method's macro F1 on ``rows`` plus the report method's per-class F1 (4 decimals)."""
    gold = [r[3] for r in rows]
    f1 = {}
    for name, method in BASELINES.items():
        f1[name] = f1_macro(gold, [method(s, a, b) for s, a, b, _ in rows])
    report = [target_tone(s, a, b)[0] for s, a, b, _ in rows]
    f1["report_method"] = f1_macro(gold, report)
    per_class = f1_per_class(gold, report)
    return {
        "n": len(rows),
        "n_sentences": len({r[0] for r in rows}),
        "f1_macro": {k: round(v, 4) for k, v in f1.items()},
        "report_method": METHOD_NAME,
        "report_method_f1_per_class": {k: round(v, 4) for k, v in per_class.items()},
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="NewsMTSC .jsonl files")
    parser.add_argument("--results", type=Path, default=BENCHMARK_RESULTS_DIR / "newsmtsc.json")
    args = parser.parse_args(argv)

    paths = list(args.paths) or default_paths()
    missing = [p for p in paths if not p.exists()]
    if missing:
        if args.paths:
            parser.error(f"no such file: {missing[0]}")
        print(
            f"newsmtsc: skipped, NewsMTSC dev splits not found at {missing[0].parent} "
            "(set ANALYSIS_SHARED_BENCHMARKS)"
        )
        return 0

    results: dict[str, Any] = {}
    for path in paths:
        split = path.name.removesuffix(".jsonl")
        scores = score_split(list(read_newsmtsc(path)))
        results[split] = scores
        print(path.name)
        for name in BASELINES:
            print(f"{name} f1_macro={scores['f1_macro'][name]:.3f}")
        print(f"report_method {METHOD_NAME} f1_macro={scores['f1_macro']['report_method']:.3f}")

    if args.results == BENCHMARK_RESULTS_DIR / "newsmtsc.json":
        write_results("newsmtsc", {"splits": results, "report_method": METHOD_NAME})
        shown = args.results.relative_to(PROJ_ROOT)
    else:
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps(results, sort_keys=True, indent=2) + "\n", encoding="utf-8")
        shown = args.results
    print(f"wrote {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

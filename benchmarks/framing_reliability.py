"""Krippendorff's alpha between the automatic and the hand coding of the framing variables.

    python benchmarks/framing_reliability.py

Builds the tables for the five Panjshir articles in a temporary folder, codes each article
automatically (labels per side, hedges in narration, events, assertion of the fall) and compares
with ``tests/fixtures/framing_gold.yaml``. Prints one line per variable and writes
``benchmarks/results/framing_reliability.json``. In-sample: the codebook's terms were written
while reading these articles.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from _common import write_results

from analysis import config
from analysis.codebook import load_codebook
from analysis.derived import read_table
from analysis.evaluation import FRAMING_GOLD
from analysis.pipeline import RunOptions, build_tables
from analysis.reliability import automatic_coding, reliability


def main() -> int:
    codebook = load_codebook(config.DEFAULT_CODEBOOK)
    hand = {str(k): v for k, v in yaml.safe_load(FRAMING_GOLD.read_text(encoding="utf-8")).items()}
    with tempfile.TemporaryDirectory() as tmp:
        build_tables(RunOptions(corpus=config.DEFAULT_CORPUS, codebook=config.DEFAULT_CODEBOOK), Path(tmp))
        tables = {
            n: read_table(Path(tmp), n) for n in ("articles", "labels", "hedges", "events", "assertions")
        }
    ids = {a[:3]: a for a in tables["articles"]["article_id"]}
    auto = automatic_coding(tables, list(ids.values()))
    auto = {prefix: auto[article] for prefix, article in ids.items()}
    results = reliability(hand, auto, codebook)
    for a in results:
        alpha = "undefined (no variation)" if a.alpha is None else f"{a.alpha:.3f}"
        print(f"{a.variable} alpha={alpha} units={a.units} agreement={a.percent_agreement:.3f}")
        for d in a.disagreements:
            print(f"   disagree {d}")
    write_results(
        "framing_reliability",
        {
            "articles": len(hand),
            "coder": "hand coding in tests/fixtures/framing_gold.yaml vs the pipeline",
            "variables": {
                a.variable: {
                    "alpha": a.alpha,
                    "units": a.units,
                    "percent_agreement": a.percent_agreement,
                    "disagreements": list(a.disagreements),
                }
                for a in results
            },
            "in_sample": True,
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

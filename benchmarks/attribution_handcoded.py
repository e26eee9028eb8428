"""Attribution accuracy against the hand-coded attributions of the five Panjshir articles.

    python benchmarks/attribution_handcoded.py

Prints ``speaker P=… R=… platform_acc=… kind_acc=… side_acc=…`` and every miss, and writes
``benchmarks/results/attribution_handcoded.json`` for the report. The rules were written while
reading these articles, so this is an in-sample figure: the PolNeAR benchmark
(``attribution_polnear.py``) is the out-of-sample one.
"""

from __future__ import annotations

from _common import write_results

from analysis import config
from analysis.attribution import ATTRIBUTION_COLUMNS, attribution_rows
from analysis.codebook import load_codebook
from analysis.corpus import load_corpus
from analysis.evaluation import load_gold, match
from analysis.parse import parse_text


def main() -> int:
    codebook = load_codebook(config.DEFAULT_CODEBOOK)
    articles = load_corpus(config.DEFAULT_CORPUS)
    predicted = []
    for a in articles:
        for row in attribution_rows(a.article_id, a.outlet, a.text, parse_text(a.text), codebook):
            predicted.append(dict(zip(ATTRIBUTION_COLUMNS, row, strict=True)))
    result = match(load_gold({a.article_id[:3]: a.text for a in articles}), predicted)
    print(result.report())
    write_results(
        "attribution_handcoded",
        {
            "articles": len(articles),
            "gold_attributions": len(result.gold),
            "predicted_attributions": len(predicted),
            "speaker_precision": round(result.precision, 4),
            "speaker_recall": round(result.recall, 4),
            "platform_accuracy": round(result.accuracy("platform"), 4),
            "kind_accuracy": round(result.accuracy("kind"), 4),
            "side_accuracy": round(result.accuracy("side"), 4),
            "missed": [f"{g.article} {g.speaker}: {g.note}" for g in result.missed],
            "spurious": [f"{p['article_id'][:3]} {p['speaker']}: {p['quote'][:80]}" for p in result.spurious],
            "in_sample": True,
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

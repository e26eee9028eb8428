"""One very long article (a live blog, a transcript): does its cost grow linearly with its length?

    python benchmarks/long_article.py [--copies 4 16 64]

Builds one article from the paragraphs of the five Panjshir articles repeated ``copies`` times
(64 copies: about 860,000 characters) and times every per-article stage on it
(:func:`analysis.chunks.process_chunk`: parse, attribution, tone, framing cues, CSV, sketches) in
one process. Three layouts of the same words: ``paragraphs`` (one paragraph per line),
``one-line`` (every paragraph on one line: a single block) and ``no-full-stops`` (one line with
no ``.``, ``!`` or ``?``: text a splitter cannot cut into sentences). Reports seconds and seconds
per copy. Target: for each layout, the cost per copy at the largest size is at most 1.5 times the
cost per copy at the smallest (linear growth, allowing for noise).
Writes benchmarks/results/long_article.json.
"""

from __future__ import annotations

import argparse
import time

from _common import write_results

from analysis import chunks, config
from analysis.codebook import load_codebook
from analysis.corpus import Article, load_corpus
from analysis.tables import article_columns

TARGET_GROWTH = 1.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[4, 16, 64])
    args = parser.parse_args()
    paragraphs = [
        p.strip()
        for article in load_corpus(config.DEFAULT_CORPUS)
        for p in article.text.split("\n")
        if p.strip()
    ]
    codebook = load_codebook(config.DEFAULT_CODEBOOK)
    meta = article_columns([])
    chunks.process_chunk(
        [Article("warm-up", "\n\n".join(paragraphs), "warm-up", {"outlet": "X"})], codebook, meta
    )
    layouts = {}
    for layout, join in LAYOUTS.items():
        runs = _time_layout(layout, join, paragraphs, sorted(args.copies), codebook, meta)
        growth = runs[-1]["seconds_per_copy"] / runs[0]["seconds_per_copy"]
        print(f"long_article layout={layout} growth_per_copy={growth:.2f} target<={TARGET_GROWTH}")
        layouts[layout] = {"runs": runs, "growth_per_copy": round(growth, 2)}
    write_results(
        "long_article",
        {
            "layouts": layouts,
            "target_growth_per_copy": TARGET_GROWTH,
            "meets_target": all(v["growth_per_copy"] <= TARGET_GROWTH for v in layouts.values()),
            "method": "one article of the default corpus's paragraphs repeated, in three layouts; "
            "process_chunk in one process",
        },
    )
    return 0


def _one_line_without_stops(paragraphs: list[str]) -> str:
    return " ".join(p.replace(".", "").replace("!", "").replace("?", "") for p in paragraphs)


LAYOUTS = {
    "paragraphs": lambda paragraphs: "\n\n".join(paragraphs),
    "one-line": lambda paragraphs: " ".join(paragraphs),
    "no-full-stops": _one_line_without_stops,
}


def _time_layout(layout, join, paragraphs, copies_list, codebook, meta) -> list[dict]:
    runs = []
    for copies in copies_list:
        text = join(paragraphs * copies)
        article = Article(f"long-{copies}", text, "long", {"outlet": "X"})
        start = time.perf_counter()
        result = chunks.process_chunk([article], codebook, meta)
        seconds = time.perf_counter() - start
        runs.append(
            {
                "copies": copies,
                "characters": len(text),
                "attributions": result.rows["attributions"],
                "seconds": round(seconds, 2),
                "seconds_per_copy": round(seconds / copies, 4),
            }
        )
        print(
            f"{layout}, {copies} copies ({len(text):,} characters, "
            f"{result.rows['attributions']:,} attributions): {seconds:.2f} s, "
            f"{seconds / copies:.4f} s per copy",
            flush=True,
        )
    return runs


if __name__ == "__main__":
    raise SystemExit(main())

"""Attribution extraction speed: articles per second per core on the PolNeAR dev texts.

    python benchmarks/attribution_speed.py [--repeat 5]

Times `analysis.attribution.extract` alone (texts parsed beforehand) over the 84 dev articles
(about 800 words each) in one process (one core), best of ``--repeat`` passes.
Target: at least 500 articles/s per core. Skips with one line when the data is absent.
"""

from __future__ import annotations

import argparse
import time

from _common import shared, skip_if_missing, write_results

from analysis import config
from analysis.attribution import extract
from analysis.codebook import load_codebook
from analysis.parse import count_words, parse_text

TARGET = 500


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    source = shared("polnear", "dev", "text")
    skip_if_missing(source, "the PolNeAR dev split")
    texts = [p.read_text(encoding="utf-8") for p in sorted(source.glob("*.txt"))]
    parsed = [parse_text(t) for t in texts]
    codebook = load_codebook(config.DEFAULT_CODEBOOK)
    extract(texts[0], parsed[0], codebook)  # warm caches (codebook patterns)
    best = float("inf")
    found = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        found = sum(len(extract(t, p, codebook)) for t, p in zip(texts, parsed, strict=True))
        best = min(best, time.perf_counter() - start)
    rate = len(texts) / best
    words = sum(count_words(t) for t in texts) / len(texts)
    print(
        f"attribution_speed articles_per_s_per_core={rate:.0f} articles={len(texts)} "
        f"words_per_article={words:.0f} attributions={found} target={TARGET}"
    )
    write_results(
        "attribution_speed",
        {
            "articles": len(texts),
            "words_per_article": round(words, 1),
            "attributions": found,
            "articles_per_s_per_core": round(rate, 1),
            "target_articles_per_s_per_core": TARGET,
            "meets_target": rate >= TARGET,
            "method": "extraction only, texts parsed first; best of --repeat passes; one process",
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

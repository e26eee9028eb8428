"""Articles per second per core for load + parse + sentence split.

Builds a realistic corpus of about 600-word articles from the PolNeAR dev texts (paragraphs of
consecutive articles regrouped into 600-word articles), writes it as a folder of .txt files in
a temporary directory, then times `analysis.corpus.iter_articles` + `analysis.parse.parse_text`
over it in one process (one core). Target: at least 1,000 articles/s per core.

    python benchmarks/parse_speed.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _common import shared, skip_if_missing, write_results

from analysis.corpus import iter_articles
from analysis.parse import count_words, parse_text

TARGET = 1000
WORDS_PER_ARTICLE = 600


def build_corpus(texts: list[str], folder: Path, words: int = WORDS_PER_ARTICLE) -> int:
    """Regroup paragraphs into articles of about ``words`` words; return how many were written."""
    paragraphs = [p for text in texts for p in text.split("\n\n") if p.strip()]
    article, count, n = [], 0, 0
    for paragraph in paragraphs:
        article.append(paragraph)
        count += len(paragraph.split())
        if count >= words:
            (folder / f"a{n:05d}.txt").write_text("\n\n".join(article), encoding="utf-8")
            article, count, n = [], 0, n + 1
    return n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed passes (best is reported)")
    args = parser.parse_args()
    source = shared("polnear", "dev", "text")
    skip_if_missing(source, "the PolNeAR dev split")
    texts = [p.read_text(encoding="utf-8") for p in sorted(source.glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        n = build_corpus(texts, folder)
        words = sum(count_words(p.read_text(encoding="utf-8")) for p in folder.glob("*.txt")) / n
        best = float("inf")
        sentences = 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            sentences = 0
            for article in iter_articles(folder):
                sentences += len(parse_text(article.text).sentences)
            best = min(best, time.perf_counter() - start)
    rate = n / best
    print(
        f"parse_speed articles_per_s_per_core={rate:.0f} articles={n} "
        f"words_per_article={words:.0f} sentences={sentences} target={TARGET}"
    )
    path = write_results(
        "parse_speed",
        {
            "articles": n,
            "words_per_article": round(words, 1),
            "articles_per_s_per_core": round(rate, 1),
            "target_articles_per_s_per_core": TARGET,
            "meets_target": rate >= TARGET,
            "method": "best of --repeat passes; one process; files read from a temporary folder",
        },
    )
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

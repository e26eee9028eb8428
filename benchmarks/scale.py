"""Scale: `analysis run` on generated corpora of 10,000 and 100,000 articles.

    python benchmarks/scale.py [--sizes 10000 100000] [--workers N] [--keep FOLDER] [--results PATH]
    python benchmarks/scale.py --generate PATH --articles N     # only write a corpus

The corpus is real text reshuffled: the paragraphs of the 84 PolNeAR dev articles and of the five
Panjshir articles, drawn at random (fixed seed) into articles of about 800 words, spread over 300
outlets with a long tail (outlet k gets a share proportional to 1/k), as one JSONL file. Because
every paragraph recurs across the corpus, nearly every sentence is shared copy: the wire-copy
step works at its hardest.

For each size it runs ``python -m analysis run --corpus … --no-report`` in a fresh process and
reports wall time, articles per second, the peak resident memory of the whole process tree
(main process plus workers, sampled every 0.1 s from /proc), and the *floor*: the time
``TextBlob(text).sentiment`` takes on every article of the same corpus in one process, the bare
cost of any TextBlob-based pipeline. The floor is timed just before and just after the pipeline
and the ratio uses their mean: a virtual machine's speed can drift by 20% within minutes, and
the ratio should not depend on which of the two the pipeline happened to run next to.

Targets on the 2-core reference machine: 100,000 articles in 300 s or less, peak memory 2 GB or
less, pipeline/floor 1.5 or less, and per-article cost at 10,000 and 100,000 articles within 10%
of each other.

Everything runs on the interpreter that runs this script (``sys.executable``), whose build the
results record: to measure another interpreter, make an environment with it and run the script
from there, with ``--results`` pointing away from ``benchmarks/results/scale.json`` (the file the
report and the README quote).

Needs the PolNeAR dev texts (../shared/benchmarks); skips with one line when they are absent.
Writes benchmarks/results/scale.json unless ``--results`` says otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import run_measured, shared, skip_if_missing, write_results

from analysis import config

SEED = 20210906
WORDS_PER_ARTICLE = 800
OUTLETS = 300
TARGETS = {"seconds_100k": 300, "peak_rss_mb": 2048, "ratio_to_floor": 1.5, "per_article_drift": 0.10}


def paragraph_pool(polnear_text: Path, raw_articles: Path) -> list[str]:
    """Every paragraph of at least five words: blank-line separated where a text has blank
    lines, else one per line. Sorted by source file, then position."""
    pool = []
    for path in [*sorted(polnear_text.glob("*.txt")), *sorted(raw_articles.glob("*.txt"))]:
        text = path.read_text(encoding="utf-8")
        pieces = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.splitlines()
        pool.extend(p.strip() for p in pieces if len(p.split()) >= 5)
    return pool


def generate_corpus(path: Path, articles: int, pool: list[str], seed: int = SEED) -> int:
    """Write ``articles`` JSONL articles to ``path``; returns the number of words written."""
    rng = random.Random(seed)
    outlets = [f"Outlet {k:03d}" for k in range(1, OUTLETS + 1)]
    weights = [1 / k for k in range(1, OUTLETS + 1)]
    total_words = 0
    with path.open("w", encoding="utf-8") as handle:
        for i in range(articles):
            paragraphs, words = [], 0
            while words < WORDS_PER_ARTICLE - 40:
                paragraph = rng.choice(pool)
                paragraphs.append(paragraph)
                words += len(paragraph.split())
            title = " ".join(rng.choice(pool).split()[:10])
            record = {
                "id": f"scale-{i:07d}",
                "outlet": rng.choices(outlets, weights)[0],
                "published": f"2021-09-{rng.randint(1, 30):02d}",
                "title": title,
                "text": "\n\n".join(paragraphs),
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            total_words += words
    return total_words


def floor_seconds(path: Path) -> float:
    """Seconds for ``TextBlob(text).sentiment`` on every article of the JSONL, in this process."""
    from textblob import TextBlob

    TextBlob("warm up the lexicon").sentiment  # noqa: B018 - loads the lexicon outside the timing
    start = time.perf_counter()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            TextBlob(json.loads(line)["text"]).sentiment  # noqa: B018
    return time.perf_counter() - start


def run_pipeline(corpus: Path, out: Path, workers: int | None) -> dict[str, float]:
    """Run ``analysis run --no-report`` on ``corpus``; wall time and peak memory of the tree."""
    command = [sys.executable, "-m", "analysis", "run", "--corpus", str(corpus), "--out", str(out)]
    command += ["--no-report", "--no-progress"]
    if workers:
        command += ["--workers", str(workers)]
    return run_measured(command, f"analysis run on {corpus}")


STAGES = {
    "chunks": (
        "parse_articles",
        "build_parse_tables",
        "attribution_rows",
        "chunk_partials",
        "chunk_sketches",
    ),
    "sentiment": ("segment_rows", "sentence_tone", "target_rows", "sentence_distribution"),
    "framing": ("fold_sentences", "label_rows", "hedge_rows", "claim_rows", "assertion_rows", "event_rows"),
    "csvtext": ("table_to_csv_bytes",),
}


def warm_sample(corpus: Path, articles: int) -> tuple[list, Any, list[str]]:
    """The first ``articles`` articles of the corpus, the default codebook and the metadata
    columns, after one warm-up ``process_chunk`` pass that loads the lexicons and model."""
    from analysis import chunks
    from analysis.codebook import load_codebook
    from analysis.corpus import iter_articles
    from analysis.tables import article_columns

    sample = []
    for article in iter_articles(corpus):
        sample.append(article)
        if len(sample) >= articles:
            break
    codebook = load_codebook(config.DEFAULT_CODEBOOK)
    meta = article_columns([])
    chunks.process_chunk(sample[:50], codebook, meta)
    return sample, codebook, meta


def stage_breakdown(corpus: Path, articles: int = 500) -> dict[str, float]:
    """Milliseconds per article in each stage of ``process_chunk``, in this process, on the
    first ``articles`` articles (after one warm-up pass that loads the lexicons and model)."""
    from analysis import chunks, csvtext, framing, sentiment

    sample, codebook, meta = warm_sample(corpus, articles)
    spent: dict[str, float] = dict.fromkeys([n for names in STAGES.values() for n in names], 0.0)
    modules = {"chunks": chunks, "sentiment": sentiment, "framing": framing, "csvtext": csvtext}
    originals = {}

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - start

        return wrapper

    for module_name, names in STAGES.items():
        for name in names:
            originals[(module_name, name)] = getattr(modules[module_name], name)
            setattr(modules[module_name], name, timed(name, originals[(module_name, name)]))
    try:
        start = time.perf_counter()
        chunks.process_chunk(sample, codebook, meta)
        total = time.perf_counter() - start
    finally:
        for (module_name, name), function in originals.items():
            setattr(modules[module_name], name, function)
    out = {name: round(1000 * seconds / len(sample), 2) for name, seconds in spent.items()}
    out["other"] = round(1000 * total / len(sample) - sum(out.values()), 2)
    out["total"] = round(1000 * total / len(sample), 2)
    return out


def measure(size: int, folder: Path, pool: list[str], workers: int | None) -> dict[str, float]:
    corpus = folder / f"scale_{size}.jsonl"
    if not corpus.exists():
        print(f"generating {size:,} articles …", flush=True)
        generate_corpus(corpus, size, pool)
    print(f"measuring the TextBlob floor on {size:,} articles (before the pipeline) …", flush=True)
    floor_before = floor_seconds(corpus)
    print(f"running the pipeline on {size:,} articles …", flush=True)
    run = run_pipeline(corpus, folder / f"out_{size}", workers)
    print(f"measuring the TextBlob floor on {size:,} articles (after the pipeline) …", flush=True)
    floor_after = floor_seconds(corpus)
    floor = (floor_before + floor_after) / 2
    result = {
        "articles": size,
        **run,
        "articles_per_second": round(size / run["wall_seconds"], 1),
        "ms_per_article": round(1000 * run["wall_seconds"] / size, 2),
        "floor_seconds": round(floor, 1),
        "floor_seconds_before": round(floor_before, 1),
        "floor_seconds_after": round(floor_after, 1),
        "ratio_to_floor": round(run["wall_seconds"] / floor, 2),
        "corpus_mb": round(corpus.stat().st_size / 2**20, 1),
    }
    print(json.dumps(result, indent=2), flush=True)
    return result


def collector_ms(corpus: Path, articles: int = 500) -> dict[str, float]:
    """Milliseconds per article the cyclic garbage collector spends on the first ``articles``
    articles: with Python's default settings (as in one process), inside ``process_chunk``; and
    as a pool worker runs it (:func:`analysis.engines._init_worker`: start-up objects frozen,
    no automatic collection, one collection after the chunk). Part of the stage times, not
    added to them."""
    import gc

    from analysis import chunks

    sample, codebook, meta = warm_sample(corpus, articles)
    spent = [0.0]
    started = [0.0]

    def clock(phase: str, _info: dict) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            spent[0] += time.perf_counter() - started[0]

    out = {}
    gc.callbacks.append(clock)
    try:
        gc.collect()
        spent[0] = 0.0
        chunks.process_chunk(sample, codebook, meta)
        out["default"] = round(1000 * spent[0] / len(sample), 3)
        gc.collect()
        gc.freeze()
        gc.disable()
        spent[0] = 0.0
        chunks.process_chunk(sample, codebook, meta)
        gc.collect()
        out["pool_worker"] = round(1000 * spent[0] / len(sample), 3)
    finally:
        gc.callbacks.remove(clock)
        gc.unfreeze()
        gc.enable()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workers", type=int, default=None, help="for analysis run (default: all cores)")
    parser.add_argument("--keep", type=Path, default=None, help="keep corpora and outputs in this folder")
    parser.add_argument("--generate", type=Path, default=None, help="only write a corpus to this path")
    parser.add_argument("--articles", type=int, default=1000, help="with --generate: how many articles")
    parser.add_argument(
        "--results", type=Path, default=None, help="results file (default benchmarks/results/scale.json)"
    )
    args = parser.parse_args()
    polnear = shared("polnear", "dev", "text")
    skip_if_missing(polnear, "the PolNeAR dev split")
    pool = paragraph_pool(polnear, config.PROJ_ROOT / "data" / "raw" / "articles")
    if args.generate:
        words = generate_corpus(args.generate, args.articles, pool)
        print(f"wrote {args.articles:,} articles ({words / args.articles:.0f} words each) to {args.generate}")
        return 0
    with tempfile.TemporaryDirectory(prefix="scale-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        results = [measure(size, folder, pool, args.workers) for size in sorted(args.sizes)]
        print("timing each stage on 500 articles in one process …", flush=True)
        stages = stage_breakdown(folder / f"scale_{min(args.sizes)}.jsonl")
        print(json.dumps(stages, indent=2), flush=True)
        collector = collector_ms(folder / f"scale_{min(args.sizes)}.jsonl")
        print(f"garbage collection ms/article: {collector}", flush=True)
    by_size = {r["articles"]: r for r in results}
    checks: dict[str, bool] = {}
    if 100_000 in by_size:
        big = by_size[100_000]
        checks["100k_within_300s"] = big["wall_seconds"] <= TARGETS["seconds_100k"]
        checks["peak_rss_within_2gb"] = big["peak_rss_mb"] <= TARGETS["peak_rss_mb"]
        checks["ratio_to_floor_within_1.5"] = big["ratio_to_floor"] <= TARGETS["ratio_to_floor"]
        if 10_000 in by_size:
            drift = big["ms_per_article"] / by_size[10_000]["ms_per_article"] - 1
            checks["per_article_cost_within_10pct"] = abs(drift) <= TARGETS["per_article_drift"]
            big["per_article_drift_vs_10k"] = round(drift, 3)
    for name, ok in checks.items():
        print(f"scale {name}: {'met' if ok else 'NOT met'}")
    written = write_results(
        "scale",
        {
            "runs": results,
            "targets": TARGETS,
            "checks": checks,
            "stage_ms_per_article_one_process": stages,
            "gc_ms_per_article": collector,
            "pool_paragraphs": len(pool),
            "seed": SEED,
            "workers": args.workers or os.cpu_count(),
            "method": "fresh `python -m analysis run --no-report --no-progress` per size; "
            "peak RSS summed over the process tree every 0.1 s; floor = TextBlob(text).sentiment "
            "on every article in one process, the mean of one timing just before and one just "
            "after the pipeline",
        },
        args.results,
    )
    print(f"wrote {written}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

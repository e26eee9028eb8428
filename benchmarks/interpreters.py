"""Interpreters: the pipeline's per-article work and the TextBlob floor on several Python builds.

    python benchmarks/interpreters.py PYTHON [PYTHON ...] [--articles 1000] [--rounds 3] [--results PATH]

Each PYTHON is the interpreter of an environment made from this project's lock
(``make setup PYTHON=/usr/bin/python3.11`` in a clone makes one); the code measured is always
this checkout's ``src/``, put first on the path. For each interpreter, one fresh process times,
on the same articles of a generated corpus (scale.py's generator and seed):

* the floor: ``TextBlob(text).sentiment`` on every article, as in scale.py;
* the work: ``process_chunk`` on the same articles, i.e. every per-article stage of
  ``analysis run`` (parse, attribution, tone, framing cues, sketches, CSV), in one process.

Rounds alternate between the interpreters, so the machine's drift (several percent within
minutes on a virtual machine) falls on all of them alike; each figure is the interpreter's
fastest round, and every round is kept in the results. This answers whether a faster interpreter
speeds the pipeline as much as it speeds TextBlob, which scale.py's ratio cannot tell apart
from drift between two long runs.

Needs the PolNeAR dev texts (../shared/benchmarks); skips with one line when they are absent.
Writes benchmarks/results/interpreters.json unless ``--results`` says otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import machine, shared, skip_if_missing, write_results

from analysis import config

SCRIPT = Path(__file__).resolve()


def measure_here(corpus: Path, articles: int) -> dict[str, Any]:
    """In this process: the floor and the per-article work on the first ``articles`` articles of
    ``corpus`` (milliseconds per article), and which interpreter did it."""
    from scale import floor_seconds, warm_sample

    from analysis import chunks

    sample, codebook, meta = warm_sample(corpus, articles)
    floor = floor_seconds(corpus)
    start = time.perf_counter()
    chunks.process_chunk(sample, codebook, meta)
    work = time.perf_counter() - start
    return {
        "floor_ms_per_article": round(floor / len(sample) * 1e3, 3),
        "work_ms_per_article": round(work / len(sample) * 1e3, 3),
        **_interpreter(machine()),
    }


def _interpreter(measured: dict[str, Any]) -> dict[str, Any]:
    """The ``python…`` entries (version, executable, build, compiler) of a measurement."""
    return {key: value for key, value in measured.items() if key.startswith("python")}


def measure_in(python: str, corpus: Path, articles: int) -> dict[str, Any]:
    """:func:`measure_here` run by ``python`` in a fresh process on this checkout's code."""
    environment = {**os.environ, "PYTHONPATH": str(config.PROJ_ROOT / "src")}
    command = [python, str(SCRIPT), "--measure", str(corpus), "--articles", str(articles)]
    done = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=config.PROJ_ROOT)
    if done.returncode != 0:
        raise SystemExit(f"interpreters: {python} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def summarise(rounds: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Per interpreter: its fastest floor and work, their ratio, and each relative to the first
    interpreter given."""
    summary: dict[str, dict[str, Any]] = {}
    for python, runs in rounds.items():
        floor = min(r["floor_ms_per_article"] for r in runs)
        work = min(r["work_ms_per_article"] for r in runs)
        summary[python] = {
            **_interpreter(runs[0]),
            "floor_ms_per_article": floor,
            "work_ms_per_article": work,
            "work_to_floor": round(work / floor, 3),
        }
    first = next(iter(summary.values()))
    for entry in summary.values():
        entry["floor_vs_first"] = round(entry["floor_ms_per_article"] / first["floor_ms_per_article"], 3)
        entry["work_vs_first"] = round(entry["work_ms_per_article"] / first["work_ms_per_article"], 3)
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pythons", nargs="*", help="interpreters to compare (default: this one)")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--results", type=Path, default=None, help="results file")
    parser.add_argument("--measure", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure_here(args.measure, args.articles)))
        return 0
    pythons = args.pythons or [sys.executable]
    missing = [p for p in pythons if not Path(p).is_file()]
    if missing:
        parser.error(f"no such interpreter: {missing[0]}")
    polnear = shared("polnear", "dev", "text")
    skip_if_missing(polnear, "the PolNeAR dev split")
    from scale import generate_corpus, paragraph_pool

    pool = paragraph_pool(polnear, config.PROJ_ROOT / "data" / "raw" / "articles")
    rounds: dict[str, list[dict[str, Any]]] = {p: [] for p in pythons}
    with tempfile.TemporaryDirectory(prefix="interpreters-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        generate_corpus(corpus, args.articles, pool)
        for k in range(args.rounds):
            for python in pythons:
                result = measure_in(python, corpus, args.articles)
                rounds[python].append(result)
                print(
                    f"round {k + 1} {python}: floor {result['floor_ms_per_article']:.2f} ms/article, "
                    f"work {result['work_ms_per_article']:.2f} ms/article",
                    flush=True,
                )
    summary = summarise(rounds)
    print(json.dumps(summary, indent=2))
    written = write_results(
        "interpreters",
        {"articles": args.articles, "rounds": rounds, "summary": summary, "pythons": pythons},
        args.results,
    )
    print(f"wrote {written}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

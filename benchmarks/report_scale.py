"""The report at scale: render it from the tables of a 10,000- and a 100,000-article run.

    python benchmarks/scale.py --keep FOLDER            # builds FOLDER/out_<N>/derived
    python benchmarks/report_scale.py FOLDER [--sizes 10000 100000]

For each size it renders the report (every section notebook, executed by papermill, two at a
time on two cores; no outlet profiles, as ``profiles: auto`` gives for 300 outlets) from
``FOLDER/out_<N>/derived`` in a fresh process, and records the wall time and the peak resident
memory of the whole process tree (the renderer plus its notebook kernels), sampled every 0.1 s.
Skips with one line when the tables are absent. Writes benchmarks/results/report_scale.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from _common import run_measured, write_results

RENDER = """
import sys
from pathlib import Path
from analysis.params import load_params, resolve
from analysis.render import render_report
params = load_params()
params.update(codebook=str(resolve(params["codebook"])), profiles="auto")
derived, out = Path(sys.argv[1]), Path(sys.argv[2])
print(render_report(params, derived, out / "reports", out / "build", "report.html"))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the --keep folder of benchmarks/scale.py")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    missing = [n for n in args.sizes if not (args.folder / f"out_{n}" / "derived" / "articles.csv").exists()]
    if missing:
        print(
            f"skipped: no tables for {', '.join(f'{n:,}' for n in missing)} articles in {args.folder} "
            "(run benchmarks/scale.py --keep FOLDER first)"
        )
        return 0
    runs = []
    for size in sorted(args.sizes):
        derived = args.folder / f"out_{size}" / "derived"
        print(f"rendering the report from {size:,} articles' tables …", flush=True)
        with tempfile.TemporaryDirectory(prefix="report-scale-") as out:
            run = run_measured([sys.executable, "-c", RENDER, str(derived), out], f"the report of {derived}")
            html_mb = (Path(out) / "reports" / "report.html").stat().st_size / 2**20
        result = {"articles": size, **run, "report_mb": round(html_mb, 2)}
        result.pop("output")
        print(json.dumps(result, indent=2), flush=True)
        runs.append(result)
    write_results(
        "report_scale",
        {
            "runs": runs,
            "method": "fresh process rendering every section notebook (papermill, 2 at a time) from "
            "the tables of benchmarks/scale.py; peak RSS summed over the process tree every 0.1 s",
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

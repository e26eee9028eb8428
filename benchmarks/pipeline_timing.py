"""How long each step of `make report` takes on the default corpus, from a warm environment.

    python benchmarks/pipeline_timing.py

Times, into a temporary folder: starting (and stopping) the project kernel once; executing each
notebook with papermill (each execution starts its own kernel); converting the report and each
outlet profile to HTML with nbconvert; and the whole `analysis report` (what `make report` runs).
Target: `make report` under 60 s on a warm .venv. Writes benchmarks/results/pipeline_timing.json.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import nbformat
from _common import write_results

from analysis import config, render
from analysis.params import load_params

TARGET_SECONDS = 60


def kernel_start_seconds() -> float:
    from jupyter_client.manager import start_new_kernel

    start = time.perf_counter()
    manager, client = start_new_kernel(kernel_name=render.ensure_kernel())
    client.stop_channels()
    manager.shutdown_kernel(now=True)
    return time.perf_counter() - start


def main() -> int:
    params = load_params(config.DEFAULT_PARAMS)
    steps: dict[str, float] = {"kernel_start": round(kernel_start_seconds(), 2)}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        base = dict(
            params,
            derived_dir=str(root / "derived"),
            reports_dir=str(root / "reports"),
            figures_dir=str(root / "figures"),
        )
        notebooks = [render.BUILD_NOTEBOOK, *render.section_notebooks()]
        for name in notebooks:
            start = time.perf_counter()
            render.execute(config.NOTEBOOKS_DIR / name, root / "build" / name, base)
            steps[f"notebook {name}"] = round(time.perf_counter() - start, 2)
        start = time.perf_counter()
        merged = render.merge_notebooks([root / "build" / n for n in notebooks[1:]])
        render.to_html(merged)
        steps["nbconvert report"] = round(time.perf_counter() - start, 2)
        start = time.perf_counter()
        render.render_report(
            params,
            root / "d2",
            root / "r2",
            root / "b2",
            "panjshir_framing.html",
            include_build_notebook=True,
        )
        total = time.perf_counter() - start
    steps["analysis report (all of make report after setup)"] = round(total, 2)
    for step, seconds in steps.items():
        print(f"{step}: {seconds:.2f} s")
    print(f"pipeline_timing make_report_seconds={total:.1f} target<={TARGET_SECONDS}")
    write_results(
        "pipeline_timing",
        {
            "steps_seconds": steps,
            "make_report_seconds": round(total, 1),
            "target_seconds": TARGET_SECONDS,
            "meets_target": total <= TARGET_SECONDS,
            "notebooks": len(notebooks),
            "nbformat": nbformat.__version__,
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Re-run every benchmark (`make benchmarks`); each writes its figures to benchmarks/results/.

Benchmarks that need the external labelled data (../shared/benchmarks) skip with one line when
it is absent. Exits non-zero if any script fails. The report reads benchmarks/results/*.json.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = (
    "parse_speed.py",
    "attribution_handcoded.py",
    "attribution_polnear.py",
    "attribution_speed.py",
    "newsmtsc.py",
    "framing_reliability.py",
    "pipeline_timing.py",
    "long_article.py",
)


def main() -> int:
    failed = []
    for script in SCRIPTS:
        print(f"== {script}", flush=True)
        result = subprocess.run([sys.executable, str(HERE / script)], cwd=HERE.parent)
        if result.returncode != 0:
            failed.append(script)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Notebook hygiene, the papermill smoke test, and `make check` (byte-identical outputs)."""

from __future__ import annotations

import ast
import json

import nbformat
import pytest

from analysis import config
from analysis.check import compare_folders
from analysis.render import BUILD_NOTEBOOK, PROFILE_NOTEBOOK, section_notebooks

NOTEBOOKS = sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))


def test_notebooks_are_numbered_in_run_order():
    numbered = [p.name for p in NOTEBOOKS if p.name[:2].isdigit()]
    assert numbered[0] == BUILD_NOTEBOOK
    assert [n[:2] for n in numbered] == sorted(n[:2] for n in numbered)
    assert len({n[:2] for n in numbered}) == len(numbered)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_clean_with_one_literal_parameters_cell(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == config.KERNEL_NAME
    code_cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code_cells)
    tagged = [c for c in code_cells if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1
    tree = ast.parse("".join(tagged[0]["source"]))
    for node in tree.body:
        assert isinstance(node, ast.Assign), ast.dump(node)
        ast.literal_eval(node.value)  # raises if a parameter is not a literal


@pytest.mark.slow
def test_every_notebook_runs_without_errors_and_writes_its_outputs(notebook_run):
    build = notebook_run / "build"
    executed = [build / BUILD_NOTEBOOK] + [build / n for n in section_notebooks()]
    executed += sorted((build / "outlets").glob("*.ipynb"))
    assert len(executed) >= 3 + 5
    for path in executed:
        nb = nbformat.read(str(path), as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                assert not errors, f"{path.name}: {errors[0]['ename']}: {errors[0]['evalue']}"
    reports = notebook_run / "reports"
    assert (reports / "panjshir_framing.html").stat().st_size > 10_000
    assert len(list((reports / "outlets").glob("*.html"))) == 5
    assert list((reports / "figures").glob("*.png"))
    for png in (reports / "figures").glob("*.png"):
        assert png.with_suffix(".csv").exists()
    for table in ("articles", "blocks", "sentences", "sentence_tone"):
        assert (notebook_run / "derived" / f"{table}.csv").exists()
    assert PROFILE_NOTEBOOK


@pytest.mark.slow
def test_make_check_committed_tables_and_figures_are_byte_identical(notebook_run):
    problems = compare_folders(config.DERIVED_DIR, notebook_run / "derived", "*.csv")
    problems += compare_folders(config.REPORTS_DIR / "figures", notebook_run / "reports" / "figures")
    assert problems == []


def test_compare_folders_reports_a_changed_byte(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "t.csv").write_text("x\n1\n")
    (tmp_path / "b" / "t.csv").write_text("x\n2\n")
    (tmp_path / "b" / "new.csv").write_text("x\n")
    problems = compare_folders(tmp_path / "a", tmp_path / "b", "*.csv")
    assert any("t.csv: differs (line 2" in p for p in problems)
    assert any("new.csv: produced but not committed" in p for p in problems)


EXECUTE_ONE = """
import sys
from pathlib import Path
from analysis import render
try:
    render.execute(Path(sys.argv[1]), Path(sys.argv[2]), {"x": 2})
except Exception as exc:
    print(type(exc).__name__, exc.ename, exc.evalue)
"""


def test_a_headless_run_prints_no_kernel_log_lines_and_still_reports_a_failing_cell(tmp_path):
    """The kernel's warnings ("running over TCP without encryption", "KeyboardInterrupt caught"
    at shutdown) are not shown to a user running `make report`; a cell's error still is."""
    import subprocess
    import sys

    cell = nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]})
    notebook = nbformat.v4.new_notebook(
        cells=[cell, nbformat.v4.new_code_cell("raise ValueError(f'boom with x={x}')")],
        metadata={"kernelspec": {"name": config.KERNEL_NAME, "display_name": "k", "language": "python"}},
    )
    nbformat.write(notebook, tmp_path / "fails.ipynb")
    done = subprocess.run(
        [sys.executable, "-c", EXECUTE_ONE, str(tmp_path / "fails.ipynb"), str(tmp_path / "out.ipynb")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.strip() == "PapermillExecutionError ValueError boom with x=2"
    assert "IPKernelApp" not in done.stderr, done.stderr


def test_executing_a_notebook_leaves_this_process_in_its_directory(tmp_path):
    """Notebooks run two at a time in threads; the kernel works in notebooks/, but the
    process running them never changes directory (a thread would restore the wrong one)."""
    import os
    import threading
    import time

    from analysis.render import execute

    cell = nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]})
    notebook = nbformat.v4.new_notebook(
        cells=[cell, nbformat.v4.new_code_cell("import os, time\ntime.sleep(2)\nprint(os.getcwd())")],
        metadata={"kernelspec": {"name": config.KERNEL_NAME, "display_name": "k", "language": "python"}},
    )
    nbformat.write(notebook, tmp_path / "where.ipynb")
    before = os.getcwd()
    seen = set()
    runs = [
        threading.Thread(target=execute, args=(tmp_path / "where.ipynb", tmp_path / f"out{i}.ipynb", {}))
        for i in range(2)
    ]
    for run in runs:
        run.start()
    while any(run.is_alive() for run in runs):
        seen.add(os.getcwd())
        time.sleep(0.02)
    assert seen == {before} and os.getcwd() == before
    for i in range(2):
        printed = nbformat.read(tmp_path / f"out{i}.ipynb", as_version=4).cells[1].outputs[0]["text"]
        assert printed.strip() == str(config.NOTEBOOKS_DIR)

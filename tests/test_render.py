"""Assembling the report from executed notebooks: what a reader sees of the cells' outputs."""

from __future__ import annotations

import nbformat

from analysis.render import to_html


def _executed() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("show(fragment)")
    cell.outputs = [
        nbformat.v4.new_output(
            "stream",
            name="stderr",
            text="/home/me/src/analysis/figures.py:70: UserWarning: Glyph 26032 missing from font(s)\n",
        ),
        nbformat.v4.new_output("display_data", data={"text/html": "<p>The finding.</p>"}),
        nbformat.v4.new_output("stream", name="stdout", text="printed on purpose\n"),
    ]
    nb.cells = [cell]
    return nb


def test_stderr_text_never_reaches_the_report():
    notebook = _executed()
    page = to_html(notebook)
    assert "Glyph" not in page and "UserWarning" not in page and "/home/me" not in page
    assert "<p>The finding.</p>" in page and "printed on purpose" in page


def test_the_executed_notebook_keeps_its_stderr():
    from analysis.render import without_stderr

    notebook = _executed()
    assert [o.get("name") for o in without_stderr(notebook).cells[0].outputs] == [None, "stdout"]
    assert len(notebook.cells[0].outputs) == 3

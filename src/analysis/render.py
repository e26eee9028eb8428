"""Execute the notebooks with papermill and render them to self-contained HTML.

The report is the section notebooks (``02_…`` to ``06_…``) executed in order, merged into one
notebook and converted with nbconvert's HTML exporter with inputs hidden — the same as
``jupyter nbconvert --to html --no-input`` — using the ``framing`` template, which loads no script
or style from the network. Each outlet gets a profile from ``outlet_profile.ipynb``.

Outputs are staged and moved into the reports folder only when every notebook succeeded.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd

from . import atomic, config
from .codebook import load_codebook
from .corpus import outlet_names, unmatched_outlets
from .errors import InputError
from .params import resolve
from .slugs import unique_slugs

BUILD_NOTEBOOK = "01_build_tables.ipynb"
PROFILE_NOTEBOOK = "outlet_profile.ipynb"
TEMPLATE_NAME = "framing"
MAX_AUTO_PROFILES = 20


def section_notebooks(folder: Path = config.NOTEBOOKS_DIR) -> list[str]:
    """The report's sections: numbered notebooks after the build notebook, in name order."""
    return sorted(p.name for p in folder.glob("[0-9][0-9]_*.ipynb") if p.name != BUILD_NOTEBOOK)


def ensure_kernel() -> str:
    """Register the project kernel in this environment if it is missing; return its name."""
    from jupyter_client.kernelspec import KernelSpecManager

    if config.KERNEL_NAME not in KernelSpecManager().find_kernel_specs():
        from ipykernel.kernelspec import install

        install(
            kernel_name=config.KERNEL_NAME,
            display_name=f"Python ({config.KERNEL_NAME})",
            prefix=os.environ.get("VIRTUAL_ENV") or __import__("sys").prefix,
        )
    return config.KERNEL_NAME


def notebook_parameters(notebook: Path) -> set[str]:
    """Names defined in the notebook's ``parameters`` cell."""
    import papermill

    return set(papermill.inspect_notebook(str(notebook)))


# The kernel's own log lines are noise in a headless run: a warning that its local connection is
# not encrypted, and "KeyboardInterrupt caught" when shutdown interrupts an idle kernel. Errors in
# a cell still stop the run with the cell's traceback.
KERNEL_QUIET = ["--IPKernelApp.log_level=CRITICAL"]


def execute(notebook: Path, output: Path, parameters: dict[str, Any]) -> None:
    """Execute ``notebook`` into ``output`` with the parameters its parameters cell declares."""
    import papermill

    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    wanted = notebook_parameters(notebook)
    output.parent.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(
        str(notebook),
        str(output),
        parameters={k: v for k, v in parameters.items() if k in wanted},
        kernel_name=ensure_kernel(),
        # The kernel starts in notebooks/ (nbclient's run path). papermill's own ``cwd`` would
        # change this process's directory, which notebooks executed two at a time in threads
        # then restore in the wrong order.
        resources={"metadata": {"path": str(config.NOTEBOOKS_DIR)}},
        progress_bar=False,
        log_output=False,
        extra_arguments=KERNEL_QUIET,
    )


def merge_notebooks(paths: Sequence[Path]) -> nbformat.NotebookNode:
    """One notebook holding every cell of ``paths`` in order (metadata from the first)."""
    notebooks = [nbformat.read(str(p), as_version=4) for p in paths]
    merged = nbformat.v4.new_notebook(metadata=notebooks[0].metadata)
    for notebook in notebooks:
        merged.cells.extend(notebook.cells)
    return merged


def with_stable_cell_ids(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``notebook`` whose cells are numbered ``cell-0``, ``cell-1`` … in order.

    papermill gives the injected-parameters cell a random id, and merged section notebooks can
    repeat ids; numbering them makes the rendered HTML the same bytes on every run.
    """
    stable = copy.deepcopy(notebook)
    for index, cell in enumerate(stable.cells):
        cell["id"] = f"cell-{index}"
    return stable


def without_stderr(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``notebook`` without the text its cells wrote to stderr.

    Warnings from the kernel (a font missing a glyph, a library's deprecation notice) are for
    whoever runs the notebooks, not for the report's readers, and they carry this machine's paths.
    They stay in the executed notebooks in ``build/``. Errors are not stderr text: a failing cell
    stops the run.
    """
    clean = copy.deepcopy(notebook)
    for cell in clean.cells:
        if "outputs" in cell:
            cell["outputs"] = [o for o in cell["outputs"] if not _is_stderr(o)]
    return clean


def _is_stderr(output: dict[str, Any]) -> bool:
    return output.get("output_type") == "stream" and output.get("name") == "stderr"


def to_html(notebook: nbformat.NotebookNode, title: str = "") -> str:
    """HTML of ``notebook`` with inputs, prompts and stderr text hidden (:func:`without_stderr`),
    using the offline template.

    ``title`` is the page title (a browser tab, a bookmark); the template escapes it. Without
    one, nbconvert's default "Notebook" is used.
    """
    from nbconvert import HTMLExporter

    notebook = with_stable_cell_ids(without_stderr(notebook))
    if title:
        notebook.metadata["title"] = title

    exporter = HTMLExporter(template_name=TEMPLATE_NAME, extra_template_basedirs=[str(config.TEMPLATES_DIR)])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(notebook)
    return body


def profile_outlets(derived_dir: Path, profiles: Any) -> list[str]:
    """Which outlets get a profile: ``"auto"`` (all up to 20 outlets), ``"all"``,
    ``"none"``, or outlet names (a list, or one string of comma-separated names).

    Names are matched exactly, as the outlets are written in ``articles.csv`` (outlets shown as
    "other" in figures still have their own name, and a profile). A name that matches no outlet
    raises :class:`~analysis.errors.InputError` naming it and the closest outlet.
    """
    articles = pd.read_csv(Path(derived_dir) / "articles.csv", dtype=str, keep_default_na=False)
    outlets = sorted(set(articles["outlet"]))
    if profiles == "all":
        return outlets
    if profiles in ("none", None, False):
        return []
    if profiles == "auto":
        return outlets if len(outlets) <= MAX_AUTO_PROFILES else []
    wanted = outlet_names(profiles)
    unknown = [p for p in wanted if p not in outlets]
    if unknown:
        raise InputError(None, f"profiles: no article has the outlet {unmatched_outlets(unknown, outlets)}")
    return [o for o in outlets if o in wanted]


def _run_all(jobs: list[tuple[Path, Path, dict[str, Any]]], workers: int) -> None:
    """Execute independent notebooks, ``workers`` at a time (each in its own kernel process).

    The first failure is raised after the running executions finish; outputs never depend on
    the order in which notebooks complete.
    """
    if workers <= 1 or len(jobs) <= 1:
        for notebook, output, parameters in jobs:
            execute(notebook, output, parameters)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(execute, *job) for job in jobs]
        for future in futures:
            future.result()


def render_report(
    params: dict[str, Any],
    derived_dir: Path,
    reports_dir: Path,
    build_dir: Path,
    report_name: str,
    include_build_notebook: bool = False,
    workers: int | None = None,
) -> Path:
    """Execute the notebooks and write ``report_name`` and outlet profiles into ``reports_dir``.

    With ``include_build_notebook`` the first notebook (which builds the tables) runs first. The
    section notebooks and outlet profiles only read the tables, so they run ``workers`` at a
    time (default: the number of cores, at most 4). Returns the path of the main report.
    """
    build_dir = Path(build_dir)
    notebooks = config.NOTEBOOKS_DIR
    workers = workers or min(4, os.cpu_count() or 1)
    base = dict(params)
    base.update(derived_dir=str(derived_dir), reports_dir=str(reports_dir))
    if include_build_notebook:
        execute(notebooks / BUILD_NOTEBOOK, build_dir / BUILD_NOTEBOOK, base)
    outlets = profile_outlets(derived_dir, params.get("profiles", "auto"))
    slugs = unique_slugs(outlets)
    owned = (report_name, "figures/*", "outlets/*.html")
    with atomic.staged_directory(Path(reports_dir), owned=owned) as stage:
        section_params = dict(base, figures_dir=str(stage / "figures"))
        sections = [(notebooks / name, build_dir / name, section_params) for name in section_notebooks()]
        profiles = [
            (
                notebooks / PROFILE_NOTEBOOK,
                build_dir / "outlets" / f"{slug}.ipynb",
                dict(section_params, outlet=outlet, figures_dir=str(stage / "outlets" / "figures")),
            )
            for outlet, slug in slugs.items()
        ]
        _run_all(sections + profiles, workers)
        merged = merge_notebooks([output for _, output, _ in sections])
        nbformat.write(merged, str(build_dir / report_name.replace(".html", ".ipynb")))
        story = load_codebook(resolve(params["codebook"])).title
        atomic.write_text(stage / report_name, to_html(merged, f"{story}: how the outlets told it"))
        for outlet, slug in slugs.items():
            executed = nbformat.read(str(build_dir / "outlets" / f"{slug}.ipynb"), as_version=4)
            page = to_html(executed, f"{outlet}: outlet profile, {story}")
            atomic.write_text(stage / "outlets" / f"{slug}.html", page)
    return Path(reports_dir) / report_name

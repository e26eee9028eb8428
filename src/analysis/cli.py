"""Command line: ``analysis run`` builds the tables and the report; see ``analysis --help``.

Every input problem is printed as one line, ``error: <path>: <problem>``, with exit status 2.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NoReturn

from . import config
from .corpus import outlet_names, with_closest
from .errors import InputError
from .params import load_params, resolve


def _column_map(text: str | None) -> dict[str, str] | None:
    if not text:
        return None
    mapping = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise InputError(None, f"--columns expects FIELD=NAME pairs separated by commas, got {part!r}")
        mapping[key.strip()] = value.strip()
    return mapping


def _outlets(text: str | None) -> list[str] | None:
    return outlet_names(text) if text else None


def _check_profiles_kept(profiles: object, outlets: list[str] | None) -> None:
    """Refuse, before anything is written, profiles of outlets that ``--outlets`` leaves out.
    The filter keeps outlets whatever their case, so a profile is left out only when it matches
    no filter name in any case (an exact-case mismatch is for the tables to settle). Nothing to
    check without a filter or a list of profiles."""
    if not outlets or profiles in ("auto", "all", "none", None, False):
        return
    kept = {outlet.casefold() for outlet in outlets}
    unknown = [name for name in outlet_names(profiles) if name.casefold() not in kept]
    if unknown:
        raise InputError(
            None, f"--profiles names outlets that --outlets leaves out: {with_closest(unknown, outlets)}"
        )


def _at_least_one(text: str) -> int:
    """An argparse ``type``: a whole number of at least 1. Zero and negatives are refused rather
    than taken to mean the default."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expects a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are input errors: one line, ``error: <prog>:
    <problem> (see <prog> --help)``, exit status 2, like every other input problem (argparse
    would print the whole usage first). Subcommand parsers are of this class too."""

    def error(self, message: str) -> NoReturn:
        raise InputError(None, f"{self.prog}: {message} (see {self.prog} --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="analysis",
        description="Compare how news outlets frame one story.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser(
        "run",
        help="build the derived tables and the HTML report",
        description="Parse, attribute, score and compare a corpus; write tables and the report.",
    )
    run.add_argument(
        "--corpus",
        type=Path,
        help="folder of .txt (+ manifest.csv), .txt, .csv or .jsonl (default: the embedded Panjshir corpus)",
    )
    run.add_argument("--codebook", type=Path, help="codebook YAML (default: codebooks/panjshir.yaml)")
    run.add_argument(
        "--out",
        type=Path,
        help="write tables to OUT/derived and the report to OUT/reports (default: data/derived and reports)",
    )
    run.add_argument("--no-report", action="store_true", help="stop after the tables")
    run.add_argument("--params", type=Path, help="parameter YAML (default: params/default.yaml)")
    run.add_argument("--outlets", help="only these outlets (comma-separated)")
    run.add_argument("--columns", help="map CSV/JSONL columns, e.g. id=doc_id,text=body")
    run.add_argument("--chunk-size", type=_at_least_one, help="articles per chunk (default 500)")
    run.add_argument("--profiles", help="outlet profiles: auto, all, none, or comma-separated outlets")
    run.add_argument("--workers", type=_at_least_one, help="worker processes (default: all cores)")
    run.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="local processes, or a Dask cluster (default: local)",
    )
    run.add_argument(
        "--scheduler",
        help="with --engine dask: address of a running Dask scheduler, "
        "e.g. tcp://10.0.0.5:8786 (default: start a local cluster)",
    )
    progress = run.add_mutually_exclusive_group()
    progress.add_argument(
        "--progress",
        dest="progress",
        action="store_true",
        default=None,
        help="show a progress bar (default: only on a terminal)",
    )
    progress.add_argument("--no-progress", dest="progress", action="store_false")

    attribute = commands.add_parser(
        "attribute",
        help="print the attributions of text files as CSV",
        description="Who is quoted, how and via which platform, in arbitrary text files "
        "(article_id = file stem). Writes CSV to standard output.",
    )
    attribute.add_argument("files", nargs="+", type=Path, metavar="FILE")
    attribute.add_argument("--codebook", type=Path, help="codebook YAML (default: codebooks/panjshir.yaml)")

    report = commands.add_parser(
        "report",
        help="execute the numbered notebooks with papermill and render the HTML report",
        description="What `make report` runs: notebook 01 builds the tables, the section notebooks "
        "and outlet profiles are executed with papermill and converted to HTML (inputs hidden).",
    )
    report.add_argument("--params", type=Path, help="parameter YAML (default: params/default.yaml)")

    check = commands.add_parser(
        "check",
        help="rebuild tables and figures in a temporary folder and compare with the committed ones",
    )
    check.add_argument("--params", type=Path, help="parameter YAML (default: params/default.yaml)")
    return parser


def _run(args: argparse.Namespace) -> int:
    from .pipeline import RunOptions, build_tables

    params = load_params(args.params or config.DEFAULT_PARAMS)
    corpus = args.corpus if args.corpus is not None else resolve(params["corpus"])
    codebook = args.codebook if args.codebook is not None else resolve(params["codebook"])
    if not Path(codebook).exists():
        raise InputError(codebook, "does not exist")
    out = output_folder(args.out) if args.out else None
    derived = config.derived_dir_for(out) if out else resolve(params["derived_dir"])
    reports = config.reports_dir_for(out) if out else resolve(params["reports_dir"])
    build = (out / "build") if out else config.BUILD_DIR
    outlets = _outlets(args.outlets) or params["outlets"] or None
    if args.profiles:
        params["profiles"] = (
            args.profiles if args.profiles in ("auto", "all", "none") else _outlets(args.profiles)
        )
    _check_profiles_kept(params["profiles"], outlets)
    options = RunOptions(
        corpus=Path(corpus),
        codebook=Path(codebook),
        columns=_column_map(args.columns),
        outlets=outlets,
        chunk_size=args.chunk_size if args.chunk_size is not None else int(params["chunk_size"]),
        workers=args.workers,
        engine=args.engine,
        scheduler=args.scheduler,
        progress=args.progress,
    )
    if args.scheduler and args.engine != "dask":
        raise InputError(None, "--scheduler needs --engine dask")
    summary = build_tables(options, derived)
    counts = ", ".join(f"{n} {name}" for name, n in summary.rows.items())
    print(f"tables: {derived} ({counts})")
    if args.no_report:
        return 0
    written = f"the tables in {derived} are complete, the report was not written"
    with _stage("while rendering the report", written):
        from .render import render_report  # nbconvert and nbformat: only needed for the report

        params.update(
            corpus=str(Path(corpus).resolve()), codebook=str(Path(codebook).resolve()), outlets=outlets or []
        )
        report = render_report(params, derived, reports, build, report_name(codebook))
    print(f"report: {report}")
    return 0


class Interrupted(KeyboardInterrupt):
    """Ctrl-C in a stage that comes after some output was complete; ``str()`` is the one line
    that says what was running and what is on disk."""


@contextlib.contextmanager
def _stage(doing: str, written: str) -> Iterator[None]:
    """A stage of a command that runs after some output is complete. An input error raised inside
    (outlet profiles of outlets no article has, say) gets ``; <written>`` appended, and Ctrl-C
    becomes :class:`Interrupted` with ``interrupted <doing>; <written>``: without this the CLI
    would claim that nothing was written."""
    try:
        yield
    except InputError as exc:
        raise InputError(exc.path, f"{exc.problem}; {written}") from None
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted {doing}; {written}") from None


def output_folder(out: Path) -> Path:
    """``--out`` as an absolute folder, taken from the current folder (as the corpus is). A path
    that is a file, or holds a ``derived``, ``reports`` or ``build`` that is a file, or whose
    nearest existing folder cannot be written, is an input error, raised before any work is done
    and before anything is created."""
    folder = Path(out).expanduser().resolve()
    for path in (folder, folder / "derived", folder / "reports", folder / "build"):
        if path.exists() and not path.is_dir():
            raise InputError(path, "exists and is not a folder")
    existing = next(p for p in (folder, *folder.parents) if p.exists())
    if not existing.is_dir():
        raise InputError(existing, "exists and is not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(existing, "is not writable")
    return folder


def report_name(codebook: Path) -> str:
    """``<story slug>_framing.html``; ``panjshir_framing.html`` for the default codebook."""
    from .codebook import load_codebook

    return f"{load_codebook(codebook).slug}_framing.html"


def _report(args: argparse.Namespace) -> int:
    from .render import render_report

    params = load_params(args.params or config.DEFAULT_PARAMS)
    codebook = resolve(params["codebook"])
    derived = resolve(params["derived_dir"])
    written = (
        f"the report was not changed; the tables in {derived} are complete "
        "(rebuilt if the first notebook had finished, else as before)"
    )
    with _stage("while running the notebooks", written):
        report = render_report(
            params,
            derived,
            resolve(params["reports_dir"]),
            config.BUILD_DIR,
            report_name(codebook),
            include_build_notebook=True,
        )
    print(f"report: {report}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from .check import rebuild_and_compare

    params = load_params(args.params or config.DEFAULT_PARAMS)
    problems = rebuild_and_compare(params)
    for line in problems:
        print(line)
    if problems:
        print(f"check failed: {len(problems)} difference(s); rerun `make report` and commit")
        return 1
    print("check passed: rebuilt tables and figures are byte-identical to the committed ones")
    return 0


def _attribute(args: argparse.Namespace) -> int:
    from .attribution import attribution_rows, attributions_frame
    from .codebook import load_codebook
    from .corpus import UNKNOWN_OUTLET, read_text_file
    from .parse import parse_text

    codebook = load_codebook(args.codebook or config.DEFAULT_CODEBOOK)
    rows = []
    for path in args.files:
        if not path.exists():
            raise InputError(path, "does not exist")
        if path.is_dir():
            raise InputError(path, "is a folder; give text files")
        text = read_text_file(path)
        rows.extend(attribution_rows(path.stem, UNKNOWN_OUTLET, text, parse_text(text), codebook))
    sys.stdout.write(attributions_frame(rows).to_csv(index=False, lineterminator="\n"))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "run":
            return _run(args)
        if args.command == "report":
            return _report(args)
        if args.command == "attribute":
            return _attribute(args)
        if args.command == "check":
            return _check(args)
        raise InputError(None, f"unknown command {args.command!r}")
    except InputError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    except Interrupted as exc:  # after some output was complete: it says what is on disk
        print(f"error: {exc}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:  # outputs are staged and moved in only when complete
        print("error: interrupted; nothing was written", file=sys.stderr)
        return 130
    except OSError as exc:  # a full disk, a folder that became read-only: one line, not a dump
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a notebook that fails to execute is reported, not dumped
        if type(exc).__name__ != "PapermillExecutionError":
            raise
        print(
            f"error: a report notebook failed ({exc.ename}: {' '.join(str(exc.evalue).split())}); "
            f"the executed notebook with the error is in the build folder; reports were not changed",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

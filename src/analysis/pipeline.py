"""Wire the stages: corpus -> per-article stages (in chunks) -> corpus-level tables.

:func:`build_tables` is the one entry point used by the CLI (``analysis run``), the first
notebook and the Makefile. It streams the corpus in chunks of ``chunk_size`` articles and runs
the per-article stages (:func:`analysis.chunks.process_chunk`) on each chunk with the chosen
engine (:mod:`analysis.engines`): in this process, in a pool of worker processes, or on a Dask
cluster. Each chunk's rows are appended to the per-article tables as they arrive, in corpus
order (pool workers leave them in a file in the staging folder, copied from file to file); its
partial counts (:mod:`analysis.aggregate`) and wire-copy sketches (:mod:`analysis.wirecopy`)
are merged into small running totals. When every chunk succeeded the
corpus-level tables are written and everything is moved into the derived folder at once: a
failed run leaves the previous tables untouched.

The tables do not depend on the chunk size, the number of workers or the engine: a run in
chunks writes the same bytes as a run in one pass (tests check this).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from . import atomic, engines
from .aggregate import Accumulator, finished_tables
from .chunks import CHUNK_TABLES, ChunkResult
from .codebook import Codebook, load_codebook
from .corpus import count_articles, iter_articles, iter_corpus
from .csvtext import rows_without_header
from .tables import article_columns, extra_meta_keys, source_relativizer, source_root
from .wireclusters import SketchStore, write_wire_tables

WORK_FOLDER = ".work"


@dataclass(frozen=True)
class RunOptions:
    """What a run reads and how it processes it.

    ``workers`` defaults to every core; ``engine`` is ``local`` or ``dask`` (``scheduler`` is
    the address of an existing Dask scheduler; without it a local cluster is started);
    ``progress`` shows a progress bar (default: only when standard error is a terminal).
    """

    corpus: Path
    codebook: Path
    columns: Mapping[str, str] | None = None
    outlets: Sequence[str] | None = None
    chunk_size: int = 500
    workers: int | None = None
    engine: str = "local"
    scheduler: str | None = None
    progress: bool | None = None


@dataclass
class RunSummary:
    """What a run wrote: table name -> number of rows; warnings printed on the way."""

    rows: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    derived_dir: Path | None = None


class _TableWriter:
    """Append each chunk's CSV bytes to the tables, writing each header once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.rows: dict[str, int] = {}
        self.starts: dict[str, list[tuple[int, int]]] = {}

    def _mark(self, name: str, header: int, rows: int, written: int) -> None:
        """Count a chunk's rows of ``name``; note (row, byte) where its rows begin and end."""
        starts = self.starts.setdefault(name, [(0, header)])
        row, byte = starts[-1]
        starts.append((row + rows, byte + written))
        self.rows[name] = row + rows

    def append(self, result: ChunkResult) -> None:
        """Append every per-article table of ``result``, in memory or spilled to a file (which
        is removed once copied)."""
        spilled = result.spilled
        if spilled is None:
            for name in CHUNK_TABLES:
                data = result.csv[name]
                rows = rows_without_header(data)
                with (self.folder / f"{name}.csv").open("ab") as handle:
                    handle.write(rows if name in self.rows else data)
                self._mark(name, len(data) - len(rows), result.rows[name], len(rows))
            return
        with spilled.path.open("rb") as source:
            for name in CHUNK_TABLES:
                offset, length, header = spilled.spans[name]
                skip = header if name in self.rows else 0
                append_file_range(source.fileno(), offset + skip, length - skip, self.folder / f"{name}.csv")
                self._mark(name, header, result.rows[name], length - header)
        spilled.path.unlink()


def append_file_range(source: int, offset: int, length: int, target: Path) -> None:
    """Append ``length`` bytes of the open file ``source`` from ``offset`` on to ``target``
    (created if missing): inside the kernel (``os.copy_file_range``) where the system can,
    otherwise through a buffer. Raises :class:`OSError` if ``source`` ends first."""
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT, 0o666)
    try:
        os.lseek(descriptor, 0, os.SEEK_END)
        copied = 0
        if hasattr(os, "copy_file_range"):
            with contextlib.suppress(OSError):  # not here (an old kernel, another file system)
                while copied < length:
                    step = os.copy_file_range(source, descriptor, length - copied, offset + copied)
                    if step == 0:
                        break
                    copied += step
        while copied < length:
            block = os.pread(source, min(1 << 20, length - copied), offset + copied)
            if not block:
                raise OSError(f"{length - copied} bytes missing from a chunk's spilled tables")
            copied += os.write(descriptor, block)
    finally:
        os.close(descriptor)


def _finished_tables(job: tuple[Accumulator, Codebook, list[str]]) -> dict[str, pd.DataFrame]:
    """:func:`~analysis.aggregate.finished_tables` of ``(totals, codebook, outlets)``: one
    argument, so that a pool worker can run it."""
    return finished_tables(*job)


def first_chunk_meta(options: RunOptions) -> list[str]:
    """Metadata columns of ``articles.csv``, fixed from the corpus's first articles."""
    sample = []
    for article in iter_articles(options.corpus, options.columns):
        sample.append(article)
        if len(sample) >= options.chunk_size:
            break
    return article_columns(extra_meta_keys(sample))


def _progress(results, options: RunOptions):
    show = options.progress if options.progress is not None else sys.stderr.isatty()
    if not show:
        return results, None
    from tqdm import tqdm

    bar = tqdm(total=count_articles(options.corpus), unit="article", file=sys.stderr, dynamic_ncols=True)
    return results, bar


def build_tables(
    options: RunOptions,
    derived_dir: Path,
    warn: Callable[[str], None] | None = None,
) -> RunSummary:
    """Build every derived table for the corpus in ``options`` into ``derived_dir``.

    Raises :class:`~analysis.errors.InputError` on bad input before anything is written to
    ``derived_dir``: tables are assembled in a staging folder and moved in at the end.
    """
    warn = warn or (lambda line: print(f"warning: {line}", file=sys.stderr))
    summary = RunSummary(derived_dir=Path(derived_dir))
    codebook = load_codebook(options.codebook)
    meta_columns = first_chunk_meta(options)
    relative = source_relativizer(source_root(options.corpus))
    workers = options.workers or engines.default_workers()
    with (
        atomic.staged_directory(Path(derived_dir), owned=("*.csv",)) as stage,
        engines.LocalPool(workers, codebook, meta_columns, spill=stage / WORK_FOLDER) as pool,
    ):
        writer = _TableWriter(stage)
        totals, sketches, outlets = Accumulator(), SketchStore(stage / WORK_FOLDER), set()
        chunks = (
            [replace(a, source=relative(a.source)) for a in chunk]
            for chunk in iter_corpus(options.corpus, options.chunk_size, options.columns, options.outlets)
        )
        results = engines.run(
            chunks,
            codebook,
            meta_columns,
            options.engine,
            options.workers,
            options.scheduler,
            pool=pool,
        )
        results, bar = _progress(results, options)
        try:
            for result in results:
                for line in result.warnings:
                    warn(line)
                    summary.warnings.append(line)
                sketches.add(result.sketches, writer.rows.get("sentences", 0), writer.rows.get("articles", 0))
                writer.append(result)
                totals.add(result.partials)
                outlets.update(result.outlets)
                if bar is not None:
                    bar.update(result.rows["articles"])
        finally:
            if bar is not None:
                bar.close()
        # The chunks' workers, if the run started them, finish the corpus-level tables and
        # format the wire copy while this process clusters it.
        totals_job = (totals, codebook, sorted(outlets))
        finishing = pool.submit(_finished_tables, totals_job) if pool.started else None
        wire_rows = write_wire_tables(
            sketches,
            stage / "sentences.csv",
            stage,
            writer.starts.get("sentences", [(0, 0)]),
            map_jobs=pool.map if pool.started else map,
        )
        tables = finishing.result() if finishing is not None else _finished_tables(totals_job)
        for name, table in tables.items():
            atomic.write_csv(stage / f"{name}.csv", table)
            writer.rows[name] = len(table)
        writer.rows.update(wire_rows)
        shutil.rmtree(sketches.folder)
        summary.rows = dict(writer.rows)
    return summary

"""Run :func:`analysis.chunks.process_chunk` over a stream of chunks, on one or many machines.

* ``local`` with one worker, or a corpus of one chunk: in this process.
* ``local`` with N workers: a pool of N processes on this machine (:class:`LocalPool`). Given
  a ``spill`` folder, each worker writes a chunk's CSV bytes there
  (:func:`analysis.chunks.spill_csv`) and sends back only where they are, which costs a
  fraction of sending them through a pipe.
* ``dask``: the workers of a Dask cluster (``dask.distributed``): the one at ``scheduler``
  (``tcp://host:8786``) or, without an address, a ``LocalCluster`` of N single-threaded
  worker processes started for the run.

Whatever the engine, results come back in corpus order and at most ``2 x workers`` chunks are in
flight, so memory stays bounded by a few chunks however large the corpus. The same chunk gives
the same result anywhere, so every engine and every number of workers writes the same bytes.
"""

from __future__ import annotations

import gc
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from itertools import chain, count
from pathlib import Path
from typing import Any

from .chunks import ChunkResult, process_chunk, spill_csv
from .codebook import Codebook
from .corpus import Article
from .errors import InputError

ENGINES = ("local", "dask")
_STATE: dict[str, Any] = {}


def default_workers() -> int:
    """All cores of this machine."""
    return os.cpu_count() or 1


def _init_worker(codebook: Codebook, meta_columns: Sequence[str], spill: Path | None = None) -> None:
    """Keep the codebook (and the ``spill`` folder, if any) for every chunk. The worker's own
    process only runs jobs: what it has loaded so far (modules, codebook) stays for its life,
    so the cyclic collector stops scanning it (``gc.freeze``), and it does not run inside a
    job (``gc.disable``): :func:`_collected` collects once after each job instead. A chunk
    makes little cyclic garbage (a few thousand objects in 1,500 articles), so memory stays
    bounded by one job's worth, and collecting costs 0.002 ms per article instead of 0.046
    with raised thresholds or 0.22 with Python's defaults (``benchmarks/scale.py``)."""
    _STATE.update(codebook=codebook, meta_columns=list(meta_columns), spill=spill, spilled=count())
    # Ctrl-C is for the process that started the run: it stops the workers (LocalPool.close),
    # and a worker waiting for a job would otherwise print a traceback of its own. The worker
    # was started with SIGINT blocked (LocalPool.submit), so a Ctrl-C that came while it was
    # starting is pending; ignoring the signal discards it, and only then is it unblocked.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    gc.freeze()
    gc.disable()


def _work(chunk: list[Article]) -> ChunkResult:
    result = process_chunk(chunk, _STATE["codebook"], _STATE["meta_columns"])
    if _STATE["spill"] is not None:
        result = spill_csv(result, _STATE["spill"] / f"chunk-{os.getpid()}-{next(_STATE['spilled'])}.csv")
    return result


def _collected(function: Callable[[Any], Any], job: Any) -> Any:
    """``function(job)`` in a pool worker, then the collection the worker does not make inside."""
    try:
        return function(job)
    finally:
        gc.collect()


def _in_order(
    submit: Callable[[Any], Any],
    result: Callable[[Any], Any],
    jobs: Iterable[Any],
    limit: int,
) -> Iterator[Any]:
    pending: deque = deque()
    for job in jobs:
        pending.append(submit(job))
        if len(pending) >= limit:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


@contextmanager
def _sigint_blocked() -> Iterator[None]:
    """SIGINT blocked in this thread while inside: a worker process started meanwhile begins
    with it blocked, so a Ctrl-C that reaches it before :func:`_init_worker` ignores the signal
    cannot kill it mid-start (which would break the pool). Here a Ctrl-C stays pending and is
    delivered on leaving; where signals cannot be blocked (Windows) this does nothing."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class LocalPool:
    """Worker processes on this machine for one run, started when first needed.

    The chunks' stages run there (:func:`run`); once they are done, the run can hand the same
    workers other work (:meth:`map`), such as the corpus-level tables, without starting new
    processes. Given a ``spill`` folder, the workers spill each chunk's CSV bytes there
    (:func:`analysis.chunks.spill_csv`). Use it as a context manager: leaving it stops the
    workers (and cancels what they have not started, on an error).
    """

    def __init__(
        self, workers: int, codebook: Codebook, meta_columns: Sequence[str], spill: Path | None = None
    ) -> None:
        self.workers = workers
        self._initargs = (codebook, list(meta_columns), spill)
        self._executor: ProcessPoolExecutor | None = None

    @property
    def started(self) -> bool:
        return self._executor is not None

    def submit(self, function: Callable[[Any], Any], job: Any) -> Future:
        """``function(job)`` in a worker (the workers started if need be); ``function`` must be
        importable by name (a module-level function)."""
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers, initializer=_init_worker, initargs=self._initargs
            )
        with _sigint_blocked():  # a submit may start workers; they inherit the blocked signal
            return self._executor.submit(_collected, function, job)

    def map(self, function: Callable[[Any], Any], jobs: Iterable[Any]) -> Iterator[Any]:
        """``function(job)`` for every job, in the workers (see :meth:`submit`), yielded in the
        jobs' order; at most ``2 x workers`` jobs are in flight, so memory stays bounded."""
        return _in_order(lambda job: self.submit(function, job), Future.result, jobs, 2 * self.workers)

    def close(self, cancel: bool = False) -> None:
        """Stop the workers: after the jobs in flight, or (``cancel``, on an error or Ctrl-C)
        at once, dropping what they were doing."""
        executor, self._executor = self._executor, None
        if executor is None:
            return
        if cancel:
            for process in list((executor._processes or {}).values()):
                process.terminate()
        executor.shutdown(wait=True, cancel_futures=cancel)

    def __enter__(self) -> LocalPool:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        self.close(cancel=kind is not None)


def run(
    chunks: Iterable[list[Article]],
    codebook: Codebook,
    meta_columns: Sequence[str],
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    pool: LocalPool | None = None,
) -> Iterator[ChunkResult]:
    """Process every chunk with ``engine`` and yield the results in corpus order.

    A local run of more than one chunk with more than one worker uses ``pool`` (started if need
    be and left running for the caller) or, without one, a pool of its own. Results from a pool
    with a spill folder come back spilled (their CSV bytes in files there, which the caller
    removes); otherwise they hold their CSV bytes."""
    if engine not in ENGINES:
        raise InputError(None, f"unknown engine {engine!r}; use one of: {', '.join(ENGINES)}")
    if workers is not None and workers < 1:
        raise InputError(None, f"--workers must be at least 1, got {workers}")
    workers = workers or default_workers()
    stream = iter(chunks)
    first = next(stream, None)
    if first is None:
        return
    second = next(stream, None)
    chunks = chain([first], [] if second is None else [second], stream)
    if engine == "dask":
        yield from _run_dask(chunks, codebook, meta_columns, workers, scheduler)
    elif workers == 1 or second is None:
        for chunk in chunks:
            yield process_chunk(chunk, codebook, meta_columns)
    elif pool is not None:
        yield from pool.map(_work, chunks)
    else:
        with LocalPool(workers, codebook, meta_columns) as own:
            yield from own.map(_work, chunks)


def _run_dask(
    chunks: Iterable[list[Article]],
    codebook: Codebook,
    meta_columns: Sequence[str],
    workers: int,
    scheduler: str | None,
) -> Iterator[ChunkResult]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - dask is a declared dependency
        raise InputError(None, "the dask engine needs dask[distributed] installed") from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="30s")
        else:
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=40,
            )
            client = Client(cluster)
    except OSError as exc:
        raise InputError(None, f"cannot reach the Dask scheduler {scheduler!r} ({exc})") from None
    try:
        shared = client.scatter(codebook, broadcast=True)
        limit = 2 * max(workers, len(client.scheduler_info().get("workers", {})) or workers)
        yield from _in_order(
            lambda c: client.submit(process_chunk, c, shared, list(meta_columns), pure=False),
            lambda future: future.result(),
            chunks,
            limit,
        )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

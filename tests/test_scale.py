"""Chunks, worker processes and a Dask cluster all write the same bytes as one pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import config
from analysis.cli import main
from analysis.pipeline import RunOptions, build_tables

FIXTURES = Path(__file__).parent / "fixtures" / "other_story"


def tables(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def build(tmp_path: Path, name: str, **options) -> dict[str, bytes]:
    out = tmp_path / name
    build_tables(RunOptions(**options), out, warn=lambda line: None)
    return tables(out)


@pytest.fixture(scope="module")
def one_pass(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("one-pass")
    return {
        "panjshir": build(
            tmp,
            "p",
            corpus=config.DEFAULT_CORPUS,
            codebook=config.DEFAULT_CODEBOOK,
            chunk_size=1000,
            workers=1,
        ),
        "strike": build(
            tmp,
            "s",
            corpus=FIXTURES / "strike.jsonl",
            codebook=FIXTURES / "strike.yaml",
            chunk_size=1000,
            workers=1,
        ),
    }


@pytest.mark.parametrize("chunk_size", [1, 2, 3])
def test_chunked_runs_are_byte_identical_to_one_pass(tmp_path, one_pass, chunk_size, monkeypatch):
    from analysis import aggregate

    monkeypatch.setattr(aggregate, "SUM_EVERY", 2)  # running totals summed several times
    chunked = build(
        tmp_path,
        "c",
        corpus=config.DEFAULT_CORPUS,
        codebook=config.DEFAULT_CODEBOOK,
        chunk_size=chunk_size,
        workers=1,
    )
    assert chunked.keys() == one_pass["panjshir"].keys()
    assert [n for n in chunked if chunked[n] != one_pass["panjshir"][n]] == []
    strike = build(
        tmp_path,
        "s",
        corpus=FIXTURES / "strike.jsonl",
        codebook=FIXTURES / "strike.yaml",
        chunk_size=chunk_size,
        workers=1,
    )
    assert [n for n in strike if strike[n] != one_pass["strike"][n]] == []


@pytest.mark.parametrize("workers", [2, 3])
def test_any_number_of_worker_processes_gives_the_same_tables(tmp_path, one_pass, workers):
    parallel = build(
        tmp_path,
        "w",
        corpus=config.DEFAULT_CORPUS,
        codebook=config.DEFAULT_CODEBOOK,
        chunk_size=1,
        workers=workers,
    )
    assert [n for n in parallel if parallel[n] != one_pass["panjshir"][n]] == []
    # the workers' spilled chunk files went with the staging folder
    assert sorted(p.name for p in tmp_path.rglob("*") if p.suffix != ".csv") == ["w"]


def test_a_spilled_chunk_holds_the_same_bytes_as_one_in_memory(tmp_path):
    from analysis.chunks import CHUNK_TABLES, process_chunk, spill_csv
    from analysis.codebook import load_codebook
    from analysis.corpus import iter_articles
    from analysis.tables import article_columns, extra_meta_keys

    articles = list(iter_articles(FIXTURES / "strike.jsonl"))
    result = process_chunk(
        articles, load_codebook(FIXTURES / "strike.yaml"), article_columns(extra_meta_keys(articles))
    )
    spilled = spill_csv(result, tmp_path / "chunk.csv")
    assert spilled.csv == {} and spilled.rows == result.rows and spilled_again(spilled, tmp_path) is spilled
    data = spilled.spilled.path.read_bytes()
    for name in CHUNK_TABLES:
        offset, length, header = spilled.spilled.spans[name]
        assert data[offset : offset + length] == result.csv[name]
        assert data[offset : offset + header] == result.csv[name].split(b"\n")[0] + b"\n"
    with pytest.raises(FileExistsError):  # never written over
        spill_csv(result, tmp_path / "chunk.csv")
    # appended twice (the second time without headers), from memory and from the file
    from analysis.pipeline import _TableWriter

    folders = {kind: tmp_path / kind for kind in ("memory", "file")}
    writers = {kind: _TableWriter(folder) for kind, folder in folders.items()}
    for folder in folders.values():
        folder.mkdir()
    for _ in range(2):
        writers["memory"].append(result)
        writers["file"].append(spill_csv(result, tmp_path / "twice.csv"))
        assert not (tmp_path / "twice.csv").exists()  # removed once copied
    assert tables(folders["file"]) == tables(folders["memory"])
    assert writers["file"].rows == writers["memory"].rows == {n: 2 * result.rows[n] for n in CHUNK_TABLES}


def spilled_again(result, tmp_path):
    from analysis.chunks import spill_csv

    return spill_csv(result, tmp_path / "again.csv")


@pytest.mark.parametrize("kernel_copy", ["copy_file_range", "fails", "absent"])
def test_appending_a_file_range_copies_exactly_those_bytes(tmp_path, monkeypatch, kernel_copy):
    import os

    from analysis.pipeline import append_file_range

    if kernel_copy == "fails":

        def refuse(*args):
            raise OSError(18, "Invalid cross-device link")

        monkeypatch.setattr(os, "copy_file_range", refuse)
    elif kernel_copy == "absent":
        monkeypatch.delattr(os, "copy_file_range", raising=False)
    source = tmp_path / "source.bin"
    source.write_bytes(bytes(range(256)) * 9000)  # more than one copy block
    target = tmp_path / "target.bin"
    with source.open("rb") as handle:
        append_file_range(handle.fileno(), 5, 1_500_000, target)
        append_file_range(handle.fileno(), 0, 0, target)
        append_file_range(handle.fileno(), 2_303_990, 10, target)
        with pytest.raises(OSError, match="bytes missing"):
            append_file_range(handle.fileno(), 2_303_990, 20, tmp_path / "short.bin")
    expected = source.read_bytes()
    assert target.read_bytes() == expected[5:1_500_005] + expected[2_303_990:]


@pytest.mark.slow
def test_a_two_worker_dask_local_cluster_gives_the_same_tables(tmp_path, one_pass):
    pytest.importorskip("dask.distributed")
    on_dask = build(
        tmp_path,
        "d",
        corpus=config.DEFAULT_CORPUS,
        codebook=config.DEFAULT_CODEBOOK,
        chunk_size=2,
        workers=2,
        engine="dask",
    )
    assert on_dask.keys() == one_pass["panjshir"].keys()
    assert [n for n in on_dask if on_dask[n] != one_pass["panjshir"][n]] == []


def test_no_progress_bar_when_not_a_terminal_and_one_on_request(tmp_path, capsys):
    assert (
        main(["run", "--no-report", "--out", str(tmp_path / "a"), "--chunk-size", "2", "--workers", "1"]) == 0
    )
    assert "article" not in capsys.readouterr().err
    assert (
        main(
            [
                "run",
                "--no-report",
                "--out",
                str(tmp_path / "b"),
                "--chunk-size",
                "2",
                "--workers",
                "1",
                "--progress",
            ]
        )
        == 0
    )
    err = capsys.readouterr().err
    assert "5/5" in err and "article" in err


def test_engine_options_are_checked(tmp_path, capsys):
    assert main(["run", "--no-report", "--out", str(tmp_path), "--scheduler", "tcp://x:1"]) == 2
    assert "--scheduler needs --engine dask" in capsys.readouterr().err
    assert main(["run", "--no-report", "--out", str(tmp_path), "--workers", "0"]) == 2
    assert "argument --workers: must be at least 1, got 0" in capsys.readouterr().err
    assert not tmp_path.joinpath("derived").exists()


# --- shared copy at scale -----------------------------------------------------------------------


def recycled_corpus(path: Path, articles: int = 30, outlets: int = 7, seed: int = 7) -> Path:
    """Articles made of the Panjshir articles' paragraphs drawn at random: most sentences recur
    in several outlets, some with a word changed (a variant)."""
    import json
    import random

    rng = random.Random(seed)
    paragraphs = []
    for source in sorted((config.DEFAULT_CORPUS / "articles").glob("*.txt")):
        text = source.read_text(encoding="utf-8")
        paragraphs += [p.strip() for p in text.split("\n\n") if len(p.split()) >= 8]
    with path.open("w", encoding="utf-8") as handle:
        for i in range(articles):
            body = rng.sample(paragraphs, 4)
            if i % 3 == 0:
                body[0] = body[0].replace(" the ", " a ", 1)
            record = {
                "id": f"r{i:03d}",
                "outlet": f"Outlet {rng.randrange(outlets)}",
                "text": "\n\n".join(body),
            }
            handle.write(json.dumps(record) + "\n")
    return path


@pytest.fixture(scope="module")
def recycled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("recycled")
    corpus = recycled_corpus(tmp / "recycled.jsonl")
    options = {"corpus": corpus, "codebook": config.DEFAULT_CODEBOOK}
    return corpus, build(tmp, "one", chunk_size=1000, workers=1, **options)


def test_shared_copy_is_the_same_in_chunks_workers_and_small_passes(tmp_path, recycled, monkeypatch):
    from analysis import wireclusters

    corpus, one = recycled
    options = {"corpus": corpus, "codebook": config.DEFAULT_CODEBOOK}
    assert build(tmp_path, "chunked", chunk_size=4, workers=2, **options) == one
    monkeypatch.setattr(wireclusters, "ROWS_PER_PASS", 7)
    monkeypatch.setattr(wireclusters, "TEXTS_PER_PASS", 3)
    monkeypatch.setattr(wireclusters, "BLOCK", 5)
    monkeypatch.setattr(wireclusters, "DENSE_CODES", 0)  # outlet pairs counted by sorting
    monkeypatch.setattr(wireclusters, "CSV_ROWS", 1)  # wire copy formatted chunk by chunk
    assert build(tmp_path, "small-passes", chunk_size=5, workers=1, **options) == one
    assert build(tmp_path, "small-passes-workers", chunk_size=3, workers=2, **options) == one


def test_sentence_pieces_are_whole_chunks_covering_every_row_once():
    from analysis.wireclusters import _pieces

    starts = [(0, 10), (4, 50), (4, 50), (9, 90), (20, 200), (21, 210)]  # one chunk without rows
    assert _pieces(starts, 1) == [(0, 4, 10, 50), (4, 9, 50, 90), (9, 20, 90, 200), (20, 21, 200, 210)]
    assert _pieces(starts, 5) == [(0, 9, 10, 90), (9, 20, 90, 200), (20, 21, 200, 210)]
    assert _pieces(starts, 100) == [(0, 21, 10, 210)]
    assert _pieces([(0, 10)], 5) == [] and _pieces([(0, 10), (0, 10)], 5) == []


def test_shared_copy_tables_agree_with_each_other_and_the_text(tmp_path, recycled):
    import io

    import pandas as pd

    from analysis.wirecopy import jaccard, shingles

    _, one = recycled

    def read(name: str) -> pd.DataFrame:
        return pd.read_csv(io.BytesIO(one[f"{name}.csv"]), dtype={"article_id": str}, keep_default_na=False)

    members, clusters, pairs = read("wire_copy"), read("wire_clusters"), read("wire_outlet_pairs")
    assert len(clusters) > 10 and (members["similarity"] < 1).any()
    sizes = members.groupby("cluster_id").agg(
        n_outlets=("outlet", "nunique"), n_articles=("article_id", "nunique"), n_sentences=("outlet", "size")
    )
    assert (sizes["n_outlets"] >= 2).all()
    assert sizes.reset_index().equals(clusters[["cluster_id", "n_outlets", "n_articles", "n_sentences"]])
    sentences = read("sentences").set_index(["article_id", "sentence_id"])["text"]
    for c in clusters.itertuples():
        copies = members[members["cluster_id"] == c.cluster_id]
        first = copies.iloc[0]
        assert (first.article_id, first.sentence_id) == (c.article_id, c.sentence_id)
        for m in copies.itertuples():
            text = sentences[(m.article_id, m.sentence_id)]
            assert m.similarity == round(jaccard(shingles(text), shingles(c.text)), 6)
            assert (m.similarity == 1) == (shingles(text) == shingles(c.text))
    counted: dict[tuple[str, str], int] = {}
    for _, copies in members.groupby("cluster_id"):
        names = sorted(set(copies["outlet"]))
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                counted[(a, b)] = counted.get((a, b), 0) + 1
    assert {(r.outlet_a, r.outlet_b): r.shared_passages for r in pairs.itertuples()} == counted


def test_a_passage_copied_by_many_outlets_is_one_cluster_beyond_the_stock_phrase_limit(tmp_path, monkeypatch):
    import json

    import pandas as pd

    from analysis import wireclusters

    monkeypatch.setattr(wireclusters, "MAX_POSTING", 2)
    passage = "The Panjshir Valley lies in the Hindu Kush mountains, approximately 90 miles north of Kabul."
    corpus = tmp_path / "copies.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for i in range(6):
            text = f"Report number {i} from our desk opens the story today.\n\n{passage}"
            handle.write(json.dumps({"id": f"c{i}", "outlet": f"Outlet {i}", "text": text}) + "\n")
    build(tmp_path, "out", corpus=corpus, codebook=config.DEFAULT_CODEBOOK, workers=1)
    clusters = pd.read_csv(tmp_path / "out" / "wire_clusters.csv")
    assert clusters[["n_outlets", "n_sentences"]].values.tolist() == [[6, 6]]
    assert clusters["text"].tolist() == [passage]


def test_sources_do_not_depend_on_the_working_folder_or_the_workers(tmp_path, one_pass, monkeypatch):
    """Sources are made relative where the corpus is read, so workers (on any machine, in any
    folder) write the same ``source`` as a one-pass run given an absolute path."""
    import os

    monkeypatch.chdir(tmp_path)
    relative = Path(os.path.relpath(config.DEFAULT_CORPUS, tmp_path))
    elsewhere = build(
        tmp_path, "rel", corpus=relative, codebook=config.DEFAULT_CODEBOOK, chunk_size=2, workers=2
    )
    assert elsewhere["articles.csv"] == one_pass["panjshir"]["articles.csv"]
    assert b"articles/000_ffc6a156363a893f.txt" in elsewhere["articles.csv"]


# --- the local pool -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def codebook():
    from analysis.codebook import load_codebook

    return load_codebook(config.DEFAULT_CODEBOOK)


def test_idle_pool_workers_leave_ctrl_c_to_the_process_that_started_them(codebook, capfd):
    """Ctrl-C reaches every process of the terminal's group; a worker waiting for a job must
    neither die nor print a traceback (the main process stops the pool and says so)."""
    import os
    import signal
    import time

    from analysis.engines import LocalPool

    with LocalPool(2, codebook, []) as pool:
        assert list(pool.map(abs, [-1, -2])) == [1, 2]
        for process in pool._executor._processes.values():
            os.kill(process.pid, signal.SIGINT)
        time.sleep(0.5)
        assert list(pool.map(abs, [-3, -4, -5])) == [3, 4, 5]
    assert "Traceback" not in capfd.readouterr().err


class _SlowStart:
    """Kept alive, it makes every process forked meanwhile spend 0.3 s starting up."""

    def __init__(self) -> None:
        import multiprocessing.util
        import time

        multiprocessing.util.register_after_fork(self, lambda _: time.sleep(0.3))


def test_a_ctrl_c_while_workers_are_starting_does_not_break_the_pool(codebook, capfd):
    """A worker that receives Ctrl-C before it has set itself to ignore it must not die: it
    starts with the signal blocked. The slow start-up opens that window wide (without the
    blocking, 4 of 5 runs broke the pool)."""
    import os
    import signal
    import time

    from analysis.engines import LocalPool

    slow = _SlowStart()
    with LocalPool(2, codebook, []) as pool:
        pool.submit(abs, -1)
        for process in pool._executor._processes.values():
            os.kill(process.pid, signal.SIGINT)  # while both are still starting
        time.sleep(0.8)
        assert list(pool.map(abs, [-3, -4, -5])) == [3, 4, 5]
    del slow
    assert "Traceback" not in capfd.readouterr().err


def test_closing_a_pool_on_an_error_drops_the_job_in_flight(codebook):
    import time
    from concurrent.futures.process import BrokenProcessPool

    from analysis.engines import LocalPool

    pool = LocalPool(1, codebook, [])
    future = pool.submit(time.sleep, 20)  # finished, with no error, if close waited for it
    time.sleep(0.5)
    processes = list(pool._executor._processes.values())
    pool.close(cancel=True)
    assert isinstance(future.exception(timeout=0), BrokenProcessPool)
    assert not any(process.is_alive() for process in processes) and not pool.started

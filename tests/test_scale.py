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
def test_chunked_runs_are_byte_identical_to_one_pass(tmp_path, one_pass, chunk_size):
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
    assert "--workers must be at least 1" in capsys.readouterr().err
    assert not tmp_path.joinpath("derived").exists()

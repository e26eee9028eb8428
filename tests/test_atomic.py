"""Outputs are written atomically; a failed run changes nothing; stale owned outputs go."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from analysis import atomic, config


def test_a_staged_folder_replaces_produced_files_and_drops_stale_owned_ones(tmp_path):
    final = tmp_path / "reports"
    (final / "figures").mkdir(parents=True)
    (final / "figures" / "old.png").write_bytes(b"old")
    (final / "notes.txt").write_text("mine")
    with atomic.staged_directory(final, owned=("figures/*",)) as stage:
        (stage / "figures").mkdir()
        (stage / "figures" / "new.png").write_bytes(b"new")
    assert sorted(p.name for p in (final / "figures").iterdir()) == ["new.png"]
    assert (final / "notes.txt").read_text() == "mine"  # not owned: left alone
    assert not [p for p in tmp_path.iterdir() if "staging" in p.name]


def test_a_failure_inside_leaves_the_folder_exactly_as_it_was(tmp_path):
    final = tmp_path / "derived"
    final.mkdir()
    (final / "t.csv").write_text("a\n1\n")
    with pytest.raises(RuntimeError), atomic.staged_directory(final, owned=("*.csv",)) as stage:
        (stage / "t.csv").write_text("a\n2\n")
        raise RuntimeError("boom")
    assert (final / "t.csv").read_text() == "a\n1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["derived"]


def test_a_failure_removes_the_folders_it_created(tmp_path):
    final = tmp_path / "new" / "deeper" / "derived"
    with pytest.raises(ValueError), atomic.staged_directory(final):
        raise ValueError("bad input")
    assert list(tmp_path.iterdir()) == []


def test_write_csv_is_deterministic_and_uses_unix_newlines(tmp_path):

    table = pd.DataFrame({"x": [1, 2], "y": [0.1234567891, 1e-9], "s": ["a,b", 'q"']})
    atomic.write_csv(tmp_path / "t.csv", table)
    first = (tmp_path / "t.csv").read_bytes()
    atomic.write_csv(tmp_path / "t.csv", table)
    assert (tmp_path / "t.csv").read_bytes() == first
    assert b"\r\n" not in first and first.endswith(b"\n")
    assert b"0.123457" in first


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_written_files_get_the_mode_of_an_ordinary_file_not_of_a_temporary_one(tmp_path, umask, mode):
    """A shared report must be readable by the web server or colleague it is shared with:
    mkstemp's owner-only mode may not leak into outputs."""
    import os
    import stat

    previous = os.umask(umask)
    try:
        assert atomic.current_umask() == umask
        atomic.write_text(tmp_path / "direct.html", "<p>x</p>")
        with atomic.staged_directory(tmp_path / "reports") as stage:
            atomic.write_text(stage / "report.html", "<p>y</p>")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "direct.html").stat().st_mode) == mode
    assert stat.S_IMODE((tmp_path / "reports" / "report.html").stat().st_mode) == mode


def _dead_pid() -> int:
    """The id of a process that has exited."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_what_a_killed_run_left_is_removed_and_nothing_else(tmp_path):
    host = atomic._owner().split(".")[0]
    dead, alive = _dead_pid(), os.getpid()
    left = {
        "dead_stage": tmp_path / f".derived.staging.{host}.{dead}.abc123",
        "live_stage": tmp_path / f".derived.staging.{host}.{alive}.def456",
        "other_host": tmp_path / f".derived.staging.elsewhere-{host}.{dead}.ghi789",
        "old_style": tmp_path / ".derived.staging.k2j3h4",
        "other_folder": tmp_path / f".reports.staging.{host}.{dead}.jkl012",
    }
    for folder in left.values():
        folder.mkdir()
        (folder / "articles.csv").write_text("article_id\n1\n")
    tmp_file = tmp_path / "derived" / f".articles.csv.{host}.{dead}.x1y2.tmp"
    tmp_file.parent.mkdir()
    tmp_file.write_bytes(b"half a table")
    with atomic.staged_directory(tmp_path / "derived") as stage:
        atomic.write_text(stage / "articles.csv", "article_id\n2\n")
    atomic.write_text(tmp_path / "derived" / "articles.csv", "article_id\n3\n")
    assert not left["dead_stage"].exists() and not tmp_file.exists()
    assert all(left[k].exists() for k in ("live_stage", "other_host", "old_style", "other_folder"))
    assert (tmp_path / "derived" / "articles.csv").read_text() == "article_id\n3\n"


def test_a_run_killed_mid_way_leaves_a_staging_folder_the_next_run_removes(tmp_path):
    from analysis.cli import main

    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "analysis",
        "run",
        "--corpus",
        "data/raw",
        "--out",
        str(out),
        "--no-report",
    ]
    run = subprocess.Popen(
        command, cwd=config.PROJ_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while not list(out.glob(".derived.staging.*")) and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert list(out.glob(".derived.staging.*")), "the run ended before its staging folder was seen"
    assert main(["run", "--corpus", str(config.DEFAULT_CORPUS), "--out", str(out), "--no-report"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["derived"]
    assert (out / "derived" / "attributions.csv").exists()

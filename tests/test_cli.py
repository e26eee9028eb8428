"""The command line: bad input gives one line, exit status 2 and no output; good input works."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from analysis.derived import TABLES
from analysis.errors import InputError

from .conftest import RAW


def run_cli(args, capsys):
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line_error(err: str, *needles: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0]


def test_a_missing_corpus_path(tmp_path, capsys):
    out = tmp_path / "out"
    code, _, err = run_cli(
        ["run", "--corpus", str(tmp_path / "nope"), "--out", str(out), "--no-report"], capsys
    )
    assert code == 2
    assert_one_line_error(err, str(tmp_path / "nope"), "does not exist")
    assert not out.exists()


def test_an_empty_folder(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "out"
    code, _, err = run_cli(["run", "--corpus", str(empty), "--out", str(out), "--no-report"], capsys)
    assert code == 2
    assert_one_line_error(err, str(empty), "no .txt articles")
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("latin1.txt", "Kabul: café".encode("latin-1"), "is not UTF-8"),
        ("utf16.txt", "Kabul: the valley".encode("utf-16"), "is not UTF-8"),
        ("binary.txt", bytes(range(256)), "binary"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
    ],
)
def test_unreadable_article_files(tmp_path, capsys, name, data, problem):
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "out"
    code, _, err = run_cli(["run", "--corpus", str(path), "--out", str(out), "--no-report"], capsys)
    assert code == 2
    assert_one_line_error(err, str(path), problem)
    assert not out.exists()


def test_a_bad_file_inside_a_folder_names_that_file(tmp_path, capsys):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text("Kabul: the Taliban said the valley fell.", encoding="utf-8")
    (folder / "bad.txt").write_bytes("caf\xe9".encode("latin-1"))
    code, _, err = run_cli(
        ["run", "--corpus", str(folder), "--out", str(tmp_path / "o"), "--no-report"], capsys
    )
    assert code == 2
    assert_one_line_error(err, str(folder / "bad.txt"), "not UTF-8")
    assert not (tmp_path / "o").exists()


def test_a_failed_run_leaves_existing_tables_untouched(tmp_path, capsys):
    out = tmp_path / "out"
    assert run_cli(["run", "--corpus", str(RAW), "--out", str(out), "--no-report"], capsys)[0] == 0
    before = {p.name: p.read_bytes() for p in (out / "derived").iterdir()}
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "Fine text."}\n{"id": "b", "text": \n', encoding="utf-8")
    code, _, err = run_cli(["run", "--corpus", str(bad), "--out", str(out), "--no-report"], capsys)
    assert code == 2
    assert_one_line_error(err, str(bad), "line 2")
    assert {p.name: p.read_bytes() for p in (out / "derived").iterdir()} == before


def test_run_no_report_writes_tables_under_out(tmp_path, capsys):
    code, out_text, err = run_cli(["run", "--out", str(tmp_path), "--no-report"], capsys)
    assert code == 0, err
    names = sorted(p.name for p in (tmp_path / "derived").iterdir())
    assert {"articles.csv", "blocks.csv", "sentences.csv", "sentence_tone.csv"} <= set(names)
    assert {Path(n).stem for n in names} == TABLES  # the reader knows every table the run writes
    assert not (tmp_path / "reports").exists()
    assert "tables:" in out_text


def test_python_dash_m_and_the_console_script_both_run(tmp_path):
    bindir = Path(sys.executable).parent
    for command in ([sys.executable, "-m", "analysis"], [str(bindir / "analysis")]):
        result = subprocess.run(
            [*command, "run", "--corpus", str(tmp_path / "missing"), "--no-report"],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 2
        assert result.stderr.strip().endswith("does not exist")
        assert "Traceback" not in result.stderr


def test_a_relative_out_is_taken_from_the_current_folder(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out_text, err = run_cli(["run", "--out", "run1", "--no-report"], capsys)
    assert code == 0, err
    assert (tmp_path / "run1" / "derived" / "articles.csv").exists()
    assert f"tables: {tmp_path / 'run1' / 'derived'}" in out_text


@pytest.mark.parametrize("inside", ["", "derived", "reports"])
def test_an_out_that_is_a_file_is_one_line_and_touches_nothing(tmp_path, capsys, inside):
    target = tmp_path / "out"
    if inside:
        target.mkdir()
        (target / inside).write_text("not a folder")
    else:
        target.write_text("not a folder")
    code, _, err = run_cli(["run", "--out", str(target), "--no-report"], capsys)
    assert code == 2
    assert_one_line_error(err, "exists and is not a folder")
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted(["out", inside] if inside else ["out"])


def test_an_outlet_filter_naming_an_unknown_outlet_writes_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    args = [
        "run",
        "--corpus",
        str(RAW),
        "--out",
        str(out),
        "--no-report",
        "--outlets",
        "India.com,Anadolu Agncy",
    ]
    code, _, err = run_cli(args, capsys)
    assert code == 2
    assert_one_line_error(
        err, str(RAW), "no article has the outlet 'Anadolu Agncy' (closest: 'Anadolu Agency')"
    )
    assert not out.exists()


def test_profiles_of_outlets_the_filter_leaves_out_stop_before_anything_is_written(tmp_path, capsys):
    out = tmp_path / "out"
    args = [
        "run",
        "--out",
        str(out),
        "--outlets",
        "India.com,Jagran English",
        "--profiles",
        "India.com,Jagran Josh",
    ]
    code, _, err = run_cli(args, capsys)
    assert code == 2
    assert_one_line_error(
        err, "--profiles names outlets that --outlets leaves out: 'Jagran Josh' (closest: 'Jagran English')"
    )
    assert not out.exists()


def test_profiles_are_checked_against_the_outlet_filter_in_any_case(tmp_path, capsys, monkeypatch):
    """The filter keeps "india.com" as the tables write it ("India.com"): that profile is kept."""
    from analysis import render

    monkeypatch.setattr(render, "render_report", lambda *args, **kwargs: tmp_path / "report.html")
    args = ["run", "--out", str(tmp_path / "out"), "--workers", "1"]
    code, _, err = run_cli([*args, "--outlets", "india.com", "--profiles", "India.com"], capsys)
    assert code == 0, err


def test_an_outlet_filter_reaches_the_report_parameters(tmp_path, capsys, monkeypatch):
    """The report of a filtered run says how to rebuild that run, not the default one."""
    from analysis import render

    seen = {}

    def render_report(params, *args, **kwargs):
        seen.update(params)
        return tmp_path / "report.html"

    monkeypatch.setattr(render, "render_report", render_report)
    args = ["run", "--out", str(tmp_path / "out"), "--workers", "1", "--outlets", "India.com,Jagran English"]
    code, _, err = run_cli(args, capsys)
    assert code == 0, err
    assert seen["outlets"] == ["India.com", "Jagran English"]


def test_profiles_of_outlets_no_article_has_stop_before_the_report_is_rendered(tmp_path, capsys):
    """The outlets are known once the tables are built: the error says the tables are complete
    and nothing of the report is written."""
    out = tmp_path / "out"
    args = ["run", "--out", str(out), "--workers", "1", "--profiles", "India.com,jagran josh"]
    code, _, err = run_cli(args, capsys)
    assert code == 2
    assert_one_line_error(
        err,
        "error: profiles: no article has the outlet 'jagran josh' (closest: 'Jagran Josh')",
        f"the tables in {out / 'derived'} are complete, the report was not written",
    )
    assert (out / "derived" / "articles.csv").exists()
    assert not (out / "reports").exists() and not (out / "build").exists()


def test_profiles_name_any_outlet_of_the_tables_including_those_shown_as_other(tmp_path):
    """Twelve outlets: figures fold two into "other", yet each keeps its name and may have a
    profile on request. A comma-separated string (as in a parameter file) is a list."""
    from analysis.render import profile_outlets

    outlets = [f"Outlet {chr(65 + i)}" for i in range(12)]
    rows = [(f"a{i}", o) for i, o in enumerate(outlets)]
    pd.DataFrame(rows, columns=["article_id", "outlet"]).to_csv(tmp_path / "articles.csv", index=False)
    assert profile_outlets(tmp_path, ["Outlet L", "Outlet A"]) == ["Outlet A", "Outlet L"]
    assert profile_outlets(tmp_path, "Outlet L, Outlet B") == ["Outlet B", "Outlet L"]
    assert profile_outlets(tmp_path, "auto") == outlets
    with pytest.raises(InputError) as info:
        profile_outlets(tmp_path, ["Outlet A", "other"])
    assert str(info.value) == "profiles: no article has the outlet 'other'; the corpus has 12 outlets"


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--chunk-size", "0"], "analysis run: argument --chunk-size: must be at least 1, got 0"),
        (["--chunk-size", "-5"], "analysis run: argument --chunk-size: must be at least 1, got -5"),
        (["--chunk-size", "ten"], "analysis run: argument --chunk-size: expects a whole number, got 'ten'"),
        (["--workers", "0"], "analysis run: argument --workers: must be at least 1, got 0"),
        (["--workers", "-2"], "analysis run: argument --workers: must be at least 1, got -2"),
        (["--engine", "spark"], "analysis run: argument --engine: invalid choice: 'spark'"),
    ],
)
def test_bad_option_values_are_one_line_usage_errors(tmp_path, capsys, args, problem):
    """A chunk size of 0 used to mean the default; it and every other usage error is one line
    naming the option, exit status 2, before anything is read or written."""
    out = tmp_path / "out"
    code, _, err = run_cli(["run", "--out", str(out), "--no-report", *args], capsys)
    assert code == 2
    assert_one_line_error(err, f"error: {problem}", "(see analysis run --help)")
    assert not out.exists()


def interrupt(*args, **kwargs):
    raise KeyboardInterrupt


def test_ctrl_c_while_rendering_the_report_says_the_tables_are_complete(tmp_path, capsys, monkeypatch):
    import analysis.render

    monkeypatch.setattr(analysis.render, "render_report", interrupt)
    out = tmp_path / "out"
    code, _, err = run_cli(["run", "--out", str(out), "--workers", "1"], capsys)
    assert code == 130
    assert_one_line_error(
        err,
        f"error: interrupted while rendering the report; the tables in {out / 'derived'} are complete, "
        "the report was not written",
    )
    assert (out / "derived" / "articles.csv").exists() and not (out / "reports").exists()


def test_ctrl_c_while_building_the_tables_says_nothing_was_written(tmp_path, capsys, monkeypatch):
    """Interrupted with the staging folder in place: it is removed, and so is the --out folder
    the run created."""
    import analysis.engines

    monkeypatch.setattr(analysis.engines, "run", interrupt)
    out = tmp_path / "out"
    code, _, err = run_cli(["run", "--out", str(out), "--workers", "1"], capsys)
    assert code == 130
    assert_one_line_error(err, "error: interrupted; nothing was written")
    assert not out.exists()


def test_ctrl_c_in_analysis_report_says_the_report_was_not_changed(tmp_path, capsys, monkeypatch):
    import analysis.render

    monkeypatch.setattr(analysis.render, "render_report", interrupt)
    params = tmp_path / "params.yaml"
    params.write_text(f"derived_dir: {tmp_path / 'derived'}\nreports_dir: {tmp_path / 'reports'}\n")
    code, _, err = run_cli(["report", "--params", str(params)], capsys)
    assert code == 130
    assert_one_line_error(
        err,
        "error: interrupted while running the notebooks; the report was not changed; "
        f"the tables in {tmp_path / 'derived'} are complete (rebuilt if the first notebook had finished",
    )

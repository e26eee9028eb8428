"""Benchmark plumbing: where results go, the interpreter they record, and how the interpreter
comparison sums up its rounds."""

from __future__ import annotations

import json
import os
import sys

from analysis import config

from .benchmark_scripts import load_benchmark


def test_results_written_elsewhere_record_the_interpreter_and_leave_the_quoted_file_alone(tmp_path):
    common = load_benchmark("_common")
    target = tmp_path / "nested" / "scale_other_python.json"
    written = common.write_results("no_such_benchmark", {"runs": [1, 2]}, target)
    assert written == target
    payload = json.loads(target.read_text(encoding="utf-8"))
    assert payload["benchmark"] == "no_such_benchmark"
    assert payload["runs"] == [1, 2]
    machine = payload["machine"]
    assert machine["python_executable"] == os.path.realpath(getattr(sys, "_base_executable", sys.executable))
    assert machine["python"] == ".".join(map(str, sys.version_info[:3]))
    assert machine["python_build"] and machine["python_compiler"]
    assert not (config.BENCHMARK_RESULTS_DIR / "no_such_benchmark.json").exists()


def _round(floor: float, work: float) -> dict:
    return {
        "floor_ms_per_article": floor,
        "work_ms_per_article": work,
        "python": "3.11.0",
        "python_executable": "/usr/bin/python3.11",
        "python_build": "main",
    }


def test_interpreter_summary_takes_each_fastest_round_and_compares_with_the_first():
    interpreters = load_benchmark("interpreters")
    summary = interpreters.summarise(
        {
            "slow": [_round(2.7, 8.0), _round(2.6, 8.2), _round(2.65, 7.8)],
            "fast": [_round(2.2, 7.0), _round(2.3, 6.9)],
        }
    )
    assert list(summary) == ["slow", "fast"]
    assert summary["slow"]["floor_ms_per_article"] == 2.6
    assert summary["slow"]["work_ms_per_article"] == 7.8
    assert summary["slow"]["work_to_floor"] == 3.0
    assert summary["slow"]["floor_vs_first"] == summary["slow"]["work_vs_first"] == 1.0
    # the fastest floor and the fastest work may come from different rounds
    assert summary["fast"]["floor_ms_per_article"] == 2.2
    assert summary["fast"]["work_ms_per_article"] == 6.9
    assert summary["fast"]["floor_vs_first"] == round(2.2 / 2.6, 3)
    assert summary["fast"]["work_vs_first"] == round(6.9 / 7.8, 3)
    assert summary["fast"]["work_to_floor"] == round(6.9 / 2.2, 3)


def test_the_processor_is_read_from_cpuinfo_and_missing_fields_are_left_out(tmp_path):
    common = load_benchmark("_common")
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(
        "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 1\n"
        "model name\t: AMD EPYC\nstepping\t: 1\ncpu MHz\t\t: 2445.422\n\n"
        "processor\t: 1\ncpu family\t: 99\nmodel name\t: Another\n",
        encoding="utf-8",
    )
    assert common.cpu(cpuinfo) == {
        "family": "25",
        "mhz": "2445.422",
        "model": "1",
        "model_name": "AMD EPYC",
        "stepping": "1",
    }
    assert common.cpu(tmp_path / "absent") == {}

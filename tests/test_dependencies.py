"""pyproject.toml, requirements.lock and environment.yml declare the same pinned package set."""

from __future__ import annotations

import shutil

from analysis import config, deps


def test_the_three_declarations_agree():
    assert deps.problems() == []


def test_environment_yml_is_what_make_lock_would_write():
    text = (config.PROJ_ROOT / "environment.yml").read_text(encoding="utf-8")
    assert text == deps.render_environment()


def test_a_package_missing_from_environment_yml_is_reported(tmp_path):
    for name in ("pyproject.toml", "requirements.lock", "environment.yml"):
        shutil.copy(config.PROJ_ROOT / name, tmp_path / name)
    env = tmp_path / "environment.yml"
    env.write_text(env.read_text().replace("  - textblob==", "  - textblobx=="), encoding="utf-8")
    problems = deps.problems(tmp_path)
    assert any(p.startswith("textblob: declared in pyproject.toml but missing") for p in problems)
    assert any(p.startswith("textblobx: in environment.yml but not declared") for p in problems)


def test_a_version_drift_is_reported(tmp_path):
    for name in ("pyproject.toml", "requirements.lock", "environment.yml"):
        shutil.copy(config.PROJ_ROOT / name, tmp_path / name)
    env = tmp_path / "environment.yml"
    text = env.read_text()
    line = next(x for x in text.splitlines() if x.strip().startswith("- pandas=="))
    env.write_text(text.replace(line, "  - pandas==0.0.1"), encoding="utf-8")
    assert any(p.startswith("pandas: environment.yml pins 0.0.1") for p in deps.problems(tmp_path))


def test_a_declared_package_missing_from_the_lock_is_reported(tmp_path):
    for name in ("requirements.lock", "environment.yml"):
        shutil.copy(config.PROJ_ROOT / name, tmp_path / name)
    pyproject = (config.PROJ_ROOT / "pyproject.toml").read_text()
    (tmp_path / "pyproject.toml").write_text(
        pyproject.replace('"tqdm",', '"tqdm",\n    "leftpad-never-locked",'), encoding="utf-8"
    )
    assert any(
        "leftpad-never-locked: declared in pyproject.toml but not pinned" in p
        for p in deps.problems(tmp_path)
    )

"""Keep the dependency declarations in step: pyproject.toml, requirements.lock, environment.yml.

``pyproject.toml`` declares the package set (runtime dependencies and the ``dev`` and ``build``
extras); ``requirements.lock`` pins every package, transitive ones included, with hashes;
``environment.yml`` is generated from the two for conda users. :func:`problems` lists every
disagreement (the test suite fails on any); ``python -m analysis.deps environment`` rewrites
``environment.yml`` from the other two (``make lock`` runs it after recompiling the lock).
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from . import config

# Packages installed through pip inside the conda environment (not on conda-forge, or under
# another name there).
PIP_IN_CONDA = ("krippendorff", "sentencex", "vadersentiment")
# conda-forge package names that differ from PyPI names.
CONDA_NAMES = {"dask": "dask"}
LOCK_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.\-]*)==([^\s;\\]+)\s*(?:;\s*(.*?))?\s*\\?\s*$")
ENV_LINE = re.compile(r"^\s*-\s+([A-Za-z0-9][A-Za-z0-9_.\-\[\]]*)\s*==\s*([^\s#]+)\s*$")


@dataclass(frozen=True)
class Declared:
    """A package as pyproject declares it: its canonical name and the spelling used there."""

    name: str
    spelling: str


def declared(pyproject: Path = config.PROJ_ROOT / "pyproject.toml") -> dict[str, Declared]:
    """Every package pyproject.toml declares (runtime and all extras), by canonical name."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    specs = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        specs.extend(extra)
    out = {}
    for spec in specs:
        requirement = Requirement(spec)
        out[canonicalize_name(requirement.name)] = Declared(
            canonicalize_name(requirement.name), requirement.name
        )
    return out


def locked(lock: Path = config.PROJ_ROOT / "requirements.lock") -> dict[str, str]:
    """Pinned version of each package in the lock whose marker holds for this interpreter."""
    out = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = LOCK_LINE.match(line)
        if not match:
            continue
        name, version, marker = match.groups()
        if marker and not Marker(marker).evaluate():
            continue
        out[canonicalize_name(name)] = version
    return out


def environment_pins(environment: Path = config.PROJ_ROOT / "environment.yml") -> dict[str, str]:
    """Pinned packages in environment.yml (conda and pip sections), by canonical name."""
    out = {}
    for line in environment.read_text(encoding="utf-8").splitlines():
        match = ENV_LINE.match(line)
        if match:
            name = match.group(1).split("[")[0]
            out[canonicalize_name(name)] = match.group(2)
    return out


def problems(root: Path = config.PROJ_ROOT) -> list[str]:
    """Every way the three files disagree; an empty list means they agree."""
    wanted = declared(root / "pyproject.toml")
    pins = locked(root / "requirements.lock")
    env = environment_pins(root / "environment.yml")
    issues = []
    for name in sorted(wanted):
        if name not in pins:
            issues.append(f"{name}: declared in pyproject.toml but not pinned in requirements.lock")
        if name not in env:
            issues.append(f"{name}: declared in pyproject.toml but missing from environment.yml")
        elif name in pins and env[name] != pins[name]:
            issues.append(f"{name}: environment.yml pins {env[name]}, requirements.lock pins {pins[name]}")
    for name in sorted(set(env) - set(wanted)):
        issues.append(f"{name}: in environment.yml but not declared in pyproject.toml")
    return issues


def render_environment(root: Path = config.PROJ_ROOT) -> str:
    """environment.yml text for the declared packages at their locked versions."""
    wanted = declared(root / "pyproject.toml")
    pins = locked(root / "requirements.lock")
    conda, pip = [], []
    for name in sorted(wanted):
        spelling = wanted[name].spelling
        if name in PIP_IN_CONDA:
            pip.append(f"      - {spelling}=={pins[name]}")
        else:
            conda.append(f"  - {CONDA_NAMES.get(name, name)}=={pins[name]}")
    lines = [
        "# Conda environment for the project: conda env create -f environment.yml",
        "# Generated from pyproject.toml and requirements.lock by `make lock`; do not edit.",
        "# tests/test_dependencies.py fails when the three files disagree.",
        "name: framing-analysis",
        "channels:",
        "  - conda-forge",
        "  - nodefaults",
        "dependencies:",
        "  - python=3.11",
        "  - pip",
        *conda,
        "  - pip:",
        *pip,
        "      - -e .",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if argv[:1] == ["environment"]:
        (config.PROJ_ROOT / "environment.yml").write_text(render_environment(), encoding="utf-8")
        return 0
    found = problems()
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))

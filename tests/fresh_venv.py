"""A user's install, for the slow install tests: the package's wheel (built from these
sources), pip-installed into a new virtualenv with what the user adds, and the environment of
a user who activated that virtualenv and nothing else."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: how long the slow steps may take, in seconds
INSTALL_TIMEOUT = 900
BUILD_TIMEOUT = 600


def run(cmd: list[str | Path], timeout: float, **kwargs) -> subprocess.CompletedProcess[str]:
    """Run a command; fail the test with its output when it fails."""
    proc = subprocess.run(
        [str(c) for c in cmd],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        **kwargs,
    )
    if proc.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n"
            f"{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
        )
    return proc


def _source_hash() -> str:
    """The hash of the package's sources, as ``scripts/common.sh`` computes it."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    script = "source scripts/common.sh && source_hash"
    return run(["bash", "-c", script], 120, cwd=ROOT, env=env).stdout.strip()


def built_wheel(out: Path) -> Path:
    """The package's wheel from ``dist/`` when it was built from these sources (by
    ``./scripts/test.sh``), else a new one built into ``out``."""
    built = sorted((ROOT / "dist").glob("browsergrad_kernel-*.whl"))
    stamp = Path(sys.prefix) / ".browsergrad-package"  # written by scripts/common.sh
    if len(built) == 1 and stamp.is_file() and stamp.read_text().strip() == _source_hash():
        return built[0]
    # As scripts/common.sh does: the npm build is skipped while its output exists.
    shutil.rmtree(ROOT / "browsergrad_kernel" / "labextension", ignore_errors=True)
    pip = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    run([*pip, "-w", out, ROOT], BUILD_TIMEOUT, cwd=ROOT)
    (found,) = out.glob("browsergrad_kernel-*.whl")
    return found


def clean_env(venv: Path) -> dict[str, str]:
    """The environment of a user who activated the new virtualenv and nothing else: none of
    this checkout's sources or tools on the paths."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}
    }
    ours = {str(Path(sys.executable).parent), str(Path(sys.prefix) / "bin")}
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p and p not in ours]
    env["PATH"] = os.pathsep.join([str(venv / "bin"), *path])
    env["VIRTUAL_ENV"] = str(venv)
    return env


def new_venv(venv: Path, *requirements: str | Path) -> dict[str, str]:
    """Make ``venv`` and pip-install ``requirements`` into it (dependencies from the package
    index); returns the environment to run its commands in."""
    base = getattr(sys, "_base_executable", sys.executable)
    run([base, "-m", "venv", venv], 300)
    env = clean_env(venv)
    pip = [venv / "bin" / "python", "-m", "pip", "install", "-q"]
    run([*pip, *requirements], INSTALL_TIMEOUT, env=env)
    return env

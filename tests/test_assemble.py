"""runtime/assemble.py: pinned inputs, clear failures, a no-op offline second run."""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "runtime" / "assemble.py"
NPM_PYODIDE = ROOT / "labextension" / "node_modules" / "pyodide"
needs_npm = pytest.mark.skipif(
    not (NPM_PYODIDE / "pyodide-lock.json").exists(), reason="needs the npm install"
)


@pytest.fixture(scope="module")
def assemble():
    spec = importlib.util.spec_from_file_location("browsergrad_runtime_assemble", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_requirements_are_pinned_and_hashed(assemble):
    reqs = assemble.parse_requirements(ROOT / "runtime" / "requirements.txt")
    names = {r.name for r in reqs}
    assert {"ipython", "comm", "ipython-pygments-lexers", "ipywidgets"} <= names
    assert {"jupyterlab-widgets", "micropip", "jedi"} <= names
    assert all(len(h) == 64 for r in reqs for h in r.hashes)


@needs_npm
def test_requirements_match_the_pyodide_lock(assemble):
    reqs = assemble.parse_requirements(ROOT / "runtime" / "requirements.txt")
    packages = json.loads((NPM_PYODIDE / "pyodide-lock.json").read_text())["packages"]
    for req in reqs:
        if req.name in packages:
            assert packages[req.name]["version"] == req.version, req.name


def test_bad_requirement_line(assemble, tmp_path: Path):
    bad = tmp_path / "requirements.txt"
    bad.write_text("ipython>=9\n")
    with pytest.raises(assemble.AssembleError, match="ipython>=9"):
        assemble.parse_requirements(bad)


def test_missing_node_modules_is_explained(assemble, tmp_path: Path):
    with pytest.raises(assemble.AssembleError, match=r"node_modules.*npm build"):
        assemble.assemble(root=tmp_path, dist=tmp_path / "dist", cache=tmp_path / "cache")


def run_script(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env=env,
    )


@needs_npm
def test_second_run_is_offline_noop_and_output_is_reproducible(tmp_path: Path):
    first, again, cache = tmp_path / "first", tmp_path / "again", tmp_path / "cache"
    shared = ROOT / "build" / "runtime-cache" / "wheels"
    if shared.is_dir():  # reuse downloads; a fresh checkout downloads from the index
        shutil.copytree(shared, cache / "wheels")
    proc = run_script("--dist", str(first), "--cache", str(cache))
    assert proc.returncode == 0, proc.stderr
    manifest = first / "manifest.json"
    stamp = manifest.stat().st_mtime_ns

    offline = {**os.environ, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": "", "PIP_INDEX_URL": ""}
    proc = run_script("--dist", str(first), "--cache", str(cache), env=offline)
    assert proc.returncode == 0, proc.stderr
    assert "up to date" in proc.stdout
    assert manifest.stat().st_mtime_ns == stamp

    proc = run_script("--dist", str(again), "--cache", str(cache), "--force", env=offline)
    assert proc.returncode == 0, proc.stderr
    for name in ("pyodide-lock.json", "all.json"):
        assert (first / name).read_bytes() == (again / name).read_bytes(), name
    # the kernel snapshot holds seeds Python drew at start-up: not byte for byte
    # the same, so the manifest is compared without its digests
    manifests = [json.loads((d / "manifest.json").read_text()) for d in (first, again)]
    assert set(manifests[0].pop("snapshot")) == set(manifests[1].pop("snapshot"))
    assert manifests[0] == manifests[1]
    assert sorted(p.name for p in first.iterdir()) == sorted(p.name for p in again.iterdir())


def test_the_browsergrad_wheel_carries_the_license_and_the_kernel_internals(shipped_runtime: Path):
    (wheel,) = shipped_runtime.glob("browsergrad-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        (license_file,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        assert zf.read(license_file) == (ROOT / "LICENSE").read_bytes()
    sources = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "browsergrad").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert "browsergrad/_kernel/entry.py" in sources
    assert sources <= names

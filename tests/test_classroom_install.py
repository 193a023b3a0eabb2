"""The classroom install: the package's wheel alone, installed with pip into a new virtualenv
(its dependencies from the package index), runs every documented user command on a course
folder of notebooks and a lab: ``jupyter lite build --contents``, ``jupyter lite check``,
``browsergrad-kernel grade`` and ``browsergrad-kernel serve``; and the site it builds opens in
Chromium, where the lab's starter runs in the browsergrad kernel and "Check my work" says what
is left to do.

Slow (a virtualenv and a pip install: a minute or two). The wheel is the ``wheel`` fixture
of conftest.py (see fresh_venv.py). A missing prerequisite (Node, the ui-tests packages,
Chromium) fails it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from fresh_venv import BUILD_TIMEOUT, ROOT, new_venv, run
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import browsergrad

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).with_name("classroom_site.mjs")
PLAYWRIGHT = ROOT / "ui-tests" / "node_modules" / "@playwright" / "test"
LAB = "classroom-check"
#: the checks of the lab's rubric, all passed by its reference
CHECKS = 2
KERNELSPEC = {"display_name": "Python (browsergrad)", "language": "python", "name": "browsergrad"}
#: how long the browser may take, in seconds
BROWSER_TIMEOUT = 480


def test_the_wheel_asks_for_what_contents_need(wheel: Path):
    with zipfile.ZipFile(wheel) as zf:
        (name,) = (n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = zf.read(name).decode()
    requires = re.findall(r"^Requires-Dist: (.+)$", metadata, re.MULTILINE)
    core = [r for r in requires if r.startswith("jupyterlite-core")]
    assert core and "[contents]" in core[0], requires


@pytest.fixture(scope="module")
def classroom(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Iterator[dict]:
    """A new virtualenv with the wheel pip-installed from its file, alone."""
    venv = tmp_path_factory.mktemp("classroom") / "venv"
    started = time.monotonic()
    env = new_venv(venv, wheel)
    yield {"venv": venv, "env": env, "install_seconds": time.monotonic() - started}


def _notebook(path: Path, *cells) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nb = new_notebook(cells=list(cells), metadata={"kernelspec": KERNELSPEC})
    nbformat.write(nb, path)


STARTER_CODE = """\
import browsergrad as bg

answer = None  # TODO: six times seven
print("browsergrad", bg.__version__)"""

RUBRIC = """\
def _rubric(ns):
    import browsergrad as bg

    with bg.check("the kernel runs browsergrad"):
        bg.assert_equal(bg.__version__, {version!r}, "bg.__version__")
    with bg.check("answer is 42"):
        answer = ns.get("answer")
        if answer is None:
            raise AssertionError("set answer and run its cell")
        bg.assert_equal(answer, 42, "answer")


_rubric(globals())
del _rubric
"""


def _course(folder: Path) -> Path:
    """A course's contents: a plain notebook, and a lab (manifest, starter, rubric,
    reference)."""
    _notebook(folder / "welcome.ipynb", new_markdown_cell("# Welcome"), new_code_cell("1 + 1"))
    lab = folder / "labs" / LAB
    lab.mkdir(parents=True)
    manifest = {
        "id": LAB,
        "version": "1.0.0",
        "requires_browsergrad": f"^{browsergrad.__version__}",
        "required_ops": ["mul"],
        "rubric_path": "rubric.py",
        "starter_path": "starter.ipynb",
        "reference_path": "reference.ipynb",
    }
    (lab / "manifest.json").write_text(json.dumps(manifest, indent=2))
    (lab / "rubric.py").write_text(RUBRIC.format(version=browsergrad.__version__))
    intro = new_markdown_cell("# Six times seven")
    _notebook(lab / "starter.ipynb", intro, new_code_cell(STARTER_CODE))
    solved = STARTER_CODE.replace("answer = None  # TODO: six times seven", "answer = 6 * 7")
    _notebook(lab / "reference.ipynb", intro, new_code_cell(solved))
    return folder


@pytest.fixture(scope="module")
def site(classroom: dict, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """``jupyter lite build --contents`` on the course, in the new virtualenv."""
    work = tmp_path_factory.mktemp("course")
    contents = _course(work / "content")
    jupyter = classroom["venv"] / "bin" / "jupyter"
    started = time.monotonic()
    cmd = [jupyter, "lite", "build", "--contents", contents, "--output-dir", work / "_output"]
    run(cmd, BUILD_TIMEOUT, cwd=work, env=classroom["env"])
    return {
        "work": work,
        "contents": contents,
        "output": work / "_output",
        "build_seconds": time.monotonic() - started,
    }


def test_the_build_ships_the_contents_and_the_lab(site: dict):
    out = site["output"]
    assert (out / "files" / "welcome.ipynb").is_file()
    assert (out / "files" / "labs" / LAB / "starter.ipynb").is_file()
    assert (out / "extensions" / "browsergrad-kernel" / "package.json").is_file()
    # the JupyterLite-only extension (the kernel), from the package, not share/jupyter
    assert (out / "extensions" / "browsergrad-kernel-lite" / "package.json").is_file()
    index = json.loads((out / "static" / "browsergrad" / "labs.json").read_text())
    assert [lab["path"] for lab in index["labs"]] == [f"labs/{LAB}"]


def test_check_accepts_the_site(classroom: dict, site: dict):
    cmd = [classroom["venv"] / "bin" / "jupyter", "lite", "check", "--contents", site["contents"]]
    run(
        [*cmd, "--output-dir", site["output"]],
        BUILD_TIMEOUT,
        cwd=site["work"],
        env=classroom["env"],
    )


def test_grade_grades_the_reference(classroom: dict, site: dict):
    lab = site["contents"] / "labs" / LAB
    grades = site["work"] / "grades"
    cmd = [classroom["venv"] / "bin" / "browsergrad-kernel", "grade", lab, lab / "reference.ipynb"]
    run([*cmd, "-o", grades], 300, cwd=site["work"], env=classroom["env"])
    result = json.loads((grades / "reference.json").read_text())
    assert result["problems"] == []
    assert result["counts"]["pass"] == CHECKS, result["counts"]


def _prerequisites() -> tuple[str, str]:
    """Node and Chromium, or a failure that says what to install."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: this test drives Chromium with Node 20 and Playwright")
    if not PLAYWRIGHT.is_dir():
        pytest.fail(f"{PLAYWRIGHT} is missing: run `jlpm install` in ui-tests/")
    chromium = os.environ.get("BG_CHROMIUM") or "/usr/bin/chromium"
    if not os.access(chromium, os.X_OK):
        pytest.fail(f"no Chromium at {chromium}: install Debian's chromium, or set BG_CHROMIUM")
    return node, chromium


@pytest.fixture
def served(classroom: dict, site: dict) -> Iterator[str]:
    """The site, served by ``browsergrad-kernel serve`` from the new virtualenv."""
    cmd = [classroom["venv"] / "bin" / "browsergrad-kernel", "serve", site["output"]]
    server = subprocess.Popen(
        [str(c) for c in [*cmd, "--port", "0"]],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=classroom["env"],
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        found = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
        if found is None:
            pytest.fail(f"browsergrad-kernel serve did not start: {line}{server.stdout.read()}")
        yield found.group(1)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_site_runs_the_lab_in_chromium(served: str):
    node, chromium = _prerequisites()
    job = {
        "url": served,
        "lab": LAB,
        "version": browsergrad.__version__,
        "chromium": chromium,
    }
    proc = run([node, SCRIPT, json.dumps(job)], BROWSER_TIMEOUT, cwd=ROOT)
    found = json.loads(proc.stdout)
    expected = {
        "problems": [],
        "listing": ["labs", "welcome.ipynb"],
        "opened": f"labs/{LAB}/starter.ipynb",
        "output": f"browsergrad {browsergrad.__version__}",
        "kernel": "Python (browsergrad)",
        # the starter is not solved: Check my work says what to do
        "checked": {
            "pass": "✓ 1 passed",
            "fail": "✗ 1 failed",
            "message": "set answer and run its cell",
        },
        "foreign": [],  # no request to another origin
        "pageErrors": [],
    }
    assert {key: found.get(key) for key in expected} == expected, found

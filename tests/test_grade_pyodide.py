"""``grade --runtime pyodide``: a class folder of bad submissions, each graded in a fresh
Pyodide under Node, each with its own clear result; Node missing is a clear error.
(The grading process itself: labextension/test/grader.test.mjs.)"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_grade import (
    GOOD,
    assert_valid_result,
    bad_submissions,
    cli,
    events,
    lab,  # noqa: F401 (the fixture)
    notebook,
    problem_kinds,
    statuses,
    write_notebook,
)

from browsergrad_kernel.grading.pyodide import PyodideRuntime
from browsergrad_kernel.grading.runner import Lab, Limits, grade
from browsergrad_kernel.grading.runtimes import runtime_factory
from browsergrad_kernel.results.document import overall_status

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")

#: a submission that tries to get out of its interpreter or fool the grader
ESCAPES = {
    "outside.ipynb": notebook(
        GOOD, "import os\nprint(os.listdir('/'))\nopen('/etc/passwd').read()"
    ),
    "node-fs.ipynb": notebook(
        GOOD, "import js\njs.process.getBuiltinModule('fs').readFileSync('/etc/passwd')"
    ),
    "network.ipynb": notebook(GOOD, "import js\njs.eval(\"require('node:http')\")"),
    # every fd it can reach, with a line that would be a passing rubric check
    "forger.ipynb": notebook(
        GOOD,
        "import js, json\n"
        "fs = js.process.getBuiltinModule('fs')\n"
        "line = json.dumps({'kind': 'event', 'cell_id': '2', 'event': {}}) + '\\n'\n"
        "for fd in range(3, 64):\n"
        "    try:\n        fs.writeSync(fd, line)\n    except Exception:\n        pass\n"
        "print('✓ double(2) is 4')",
    ),
    "sabotage.ipynb": notebook(
        "def double(x):\n    return x",
        "import sys, contextlib\nfake = type(sys)('browsergrad')\n"
        "fake.check = lambda name: contextlib.nullcontext()\n"
        "fake.assert_equal = lambda *a, **k: None\nsys.modules['browsergrad'] = fake\nbg = fake",
    ),
}


def test_a_class_folder_of_bad_submissions(lab: Path, tmp_path: Path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    bad_submissions(folder, lab)
    for name, nb in ESCAPES.items():
        write_notebook(folder / name, nb)
    out = tmp_path / "results"
    proc = cli(
        str(lab), str(folder), "--runtime", "pyodide", "-o", str(out),
        "--cell-timeout", "3", "-j", "2", cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stdout + proc.stderr
    names = sorted(p.stem for p in folder.glob("*.ipynb"))
    results = {n: json.loads((out / f"{n}.json").read_text()) for n in names}
    for result in results.values():
        assert_valid_result(result)
    ran = [r for r in results.values() if r["cells"]]
    assert {r["runtime"]["implementation"] for r in ran} == {"pyodide"}
    assert {r["runtime"]["python"] for r in ran} == {"3.14.2"}

    for name in ("good", "awaits", "destroyer", "reads-data"):
        assert overall_status(results[name]) == "pass", (name, results[name]["problems"])

    loop = results["loop"]
    assert problem_kinds(loop) == [("c0", "timeout")]
    assert statuses(loop) == {"c0": "timeout", "c1": "ok", "rubric": "ok"}
    assert loop["counts"]["pass"] == 2

    stubborn = results["stubborn"]
    assert problem_kinds(stubborn) == [("c1", "killed")]
    assert statuses(stubborn) == {"c0": "ok", "c1": "timeout", "rubric": "not-run"}

    hard = results["hard-exit"]
    assert [kind for _, kind in problem_kinds(hard)] == ["crashed"]
    assert statuses(hard)["rubric"] == "not-run"

    assert results["exits"]["problems"][0]["exc_type"] == "SystemExit"
    assert results["import-error"]["problems"][0]["exc_type"] == "ModuleNotFoundError"
    assert [e["status"] for _, e in events(results["lying"])] == ["fail", "fail"]

    # Escapes are errors in their own cell; the rubric still grades the good cell.
    outside = results["outside"]
    assert problem_kinds(outside) == [("c1", "exception")]
    assert outside["problems"][0]["exc_type"] == "FileNotFoundError"
    assert outside["counts"]["pass"] == 2
    for name in ("node-fs", "network"):
        assert problem_kinds(results[name]) == [("c1", "exception")], name
        assert "ERR_ACCESS_DENIED" in results[name]["problems"][0]["traceback"] or (
            "restricted" in results[name]["problems"][0]["message"]
            or "no network" in results[name]["problems"][0]["message"]
        ), results[name]["problems"][0]

    # Forged channel lines are dropped and flagged; printed check lines count for nothing.
    forger = results["forger"]
    assert ("invalid-message") in [kind for _, kind in problem_kinds(forger)]
    assert "without the grading token" in forger["problems"][0]["message"]
    # (writing on every descriptor also breaks Node's own: the process ends there)
    assert [kind for _, kind in problem_kinds(forger)] == ["invalid-message", "crashed"]
    assert events(forger) == []
    assert overall_status(forger) == "error"

    # A submission that replaced browsergrad: the rubric imports a fresh one.
    sabotage = results["sabotage"]
    assert [e["status"] for _, e in events(sabotage)] == ["fail", "fail"]
    assert overall_status(sabotage) == "fail"


def test_without_node_the_error_names_what_is_missing(lab: Path, tmp_path: Path):
    sub = write_notebook(tmp_path / "s.ipynb", notebook(GOOD))
    empty = tmp_path / "bin"
    empty.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "browsergrad_kernel.cli", "grade", str(lab), str(sub),
         "--runtime", "pyodide"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PATH": str(empty)}, check=False,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "Node.js >= 20" in proc.stderr and "--runtime cpython" in proc.stderr
    assert not (tmp_path / "browsergrad-grades").exists()


def test_an_old_node_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    fake = tmp_path / "node"
    fake.write_text("#!/bin/sh\necho v18.19.0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(Exception, match=r"Node.js >= 20; .*node is 18\.19\.0"):
        runtime_factory("pyodide")


def test_a_site_without_the_runtime_is_named(tmp_path: Path):
    with pytest.raises(Exception, match=r"browsergrad\.runtime\.js"):
        PyodideRuntime.find(tmp_path)


def test_the_same_document_fields_as_cpython(lab: Path, tmp_path: Path):
    sub = write_notebook(tmp_path / "s.ipynb", notebook(GOOD, "print('hello')"))
    limits = Limits(cell=20, total=120)
    docs = {
        name: grade(Lab.load(lab), sub, limits, make_run=runtime_factory(name))
        for name in ("cpython", "pyodide")
    }
    for doc in docs.values():
        assert_valid_result(doc)
        assert overall_status(doc) == "pass"
    cpython, pyodide = docs["cpython"], docs["pyodide"]
    assert statuses(cpython) == statuses(pyodide)
    assert [e["name"] for _, e in events(cpython)] == [e["name"] for _, e in events(pyodide)]
    assert "hello" in pyodide["output"]
    assert cpython["runtime"]["implementation"] == sys.implementation.name
    assert pyodide["runtime"]["implementation"] == "pyodide"

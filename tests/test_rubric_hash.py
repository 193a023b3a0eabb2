"""A notebook rubric gets the same ``lab.rubric_sha256`` headless as in the browser: the
grader's hash (``Lab.load``) and the browser's (``notebookRubricCode`` and ``rubricSha256``
in ``rubricHash.ts``, bundled from its TypeScript source, run under Node on the notebook
file's JSON as JupyterLite's contents give it) agree, ``%%time_limit`` cells included."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from browsergrad_kernel.grading.runner import Lab
from browsergrad_kernel.results.document import rubric_sha256

ROOT = Path(__file__).resolve().parent.parent
EXT = ROOT / "labextension"
LAB = ROOT / "content" / "labs" / "text-stats"

SCRIPT = """
import { readFile } from 'node:fs/promises';
import { notebookRubricCode, rubricSha256 } from './rubricHash.mjs';
const notebook = JSON.parse(await readFile(process.argv[2], 'utf8'));
process.stdout.write(JSON.stringify(await rubricSha256(notebookRubricCode(notebook.cells))));
"""


def code(cell_id: str, source, **metadata) -> dict:
    return {
        "cell_type": "code",
        "id": cell_id,
        "metadata": metadata,
        "execution_count": None,
        "outputs": [],
        "source": source,
    }


#: a notebook rubric: time limits as magics (valid and not) and as metadata, sources as one
#: string and as lines, Windows newlines, text beyond ASCII, a markdown cell between
RUBRIC = {
    "nbformat": 4,
    "nbformat_minor": 5,
    "metadata": {},
    "cells": [
        code("a", "%%time_limit 5\nimport browsergrad as bg\n"),
        {"cell_type": "markdown", "id": "m", "metadata": {}, "source": "# Checks"},
        code("b", ["%%time_limit soon\r\n", "bg.assert_pass('é ✓')\r\n"]),
        code("c", "bg.assert_pass('two')", browsergrad={"time_limit": 3}),
        code("d", ""),
    ],
}


@pytest.fixture(scope="module")
def browser_hash(tmp_path_factory: pytest.TempPathFactory):
    """The browser's hash of a notebook file."""
    esbuild = EXT / "node_modules" / ".bin" / "esbuild"
    if not esbuild.exists():
        pytest.fail("esbuild is missing: run `jlpm install` in labextension/")
    folder = tmp_path_factory.mktemp("browser")
    source = EXT / "src" / "labs" / "rubricHash.ts"
    subprocess.run(
        [
            *(str(esbuild), str(source), "--bundle", "--format=esm", "--platform=node"),
            *(f"--outfile={folder / 'rubricHash.mjs'}", "--log-level=warning"),
        ],
        check=True,
        timeout=120,
    )
    (folder / "run.mjs").write_text(SCRIPT)

    def run(notebook: Path) -> str:
        proc = subprocess.run(
            ["node", str(folder / "run.mjs"), str(notebook)],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return json.loads(proc.stdout)

    return run


def notebook_lab(folder: Path, rubric: dict) -> Path:
    """The demo lab with ``rubric`` as its rubric notebook."""
    shutil.copytree(LAB, folder)
    (folder / "rubric.py").unlink()
    (folder / "rubric.ipynb").write_text(json.dumps(rubric, ensure_ascii=False), "utf-8")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["rubric_path"] = "rubric.ipynb"
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder / "rubric.ipynb"


def test_a_notebook_rubric_hashes_the_same_headless_and_in_the_browser(tmp_path, browser_hash):
    rubric = notebook_lab(tmp_path / "lab", RUBRIC)
    lab = Lab.load(tmp_path / "lab")
    assert lab.rubric_sha256 == browser_hash(rubric)
    # what the grader runs lost its %%time_limit line; what both hash did not
    assert lab.rubric_sha256 != rubric_sha256(lab.rubric.source)


def test_each_cell_counts(tmp_path, browser_hash):
    """A change in any code cell, a time limit's line too, changes both hashes alike."""
    changed = json.loads(json.dumps(RUBRIC))
    changed["cells"][0]["source"] = "%%time_limit 6\nimport browsergrad as bg\n"
    hashes = {}
    for name, notebook in (("original", RUBRIC), ("changed", changed)):
        rubric = notebook_lab(tmp_path / name, notebook)
        hashes[name] = Lab.load(tmp_path / name).rubric_sha256
        assert hashes[name] == browser_hash(rubric)
    assert hashes["original"] != hashes["changed"]

"""A TypeScript module of the labextension run under Node, for the tests that hold the browser's
code and the Python code to the same answers.

The module is bundled from its source by esbuild, with what it imports (for the browser, as the
labextension is built: ``@lumino/coreutils`` for Node wants ``crypto``). A short script drives
it: it reads the job it is given as ``job`` and answers with ``reply(answer)``; both travel as
JSON (stdin, stdout).
"""

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

EXT = Path(__file__).resolve().parent.parent / "labextension"
ESBUILD = EXT / "node_modules" / ".bin" / "esbuild"

#: put before every script: ``job`` and ``reply``
_PRELUDE = """\
import { text } from 'node:stream/consumers';
const job = JSON.parse(await text(process.stdin));
const reply = answer => process.stdout.write(JSON.stringify(answer));
"""


def node_module(
    tmp_path_factory: pytest.TempPathFactory, source: str, script: str
) -> Callable[[Any], Any]:
    """Bundle ``labextension/src/<source>`` as ``./module.mjs``; return a function that runs
    ``script`` (which imports from ``./module.mjs``) on a job and returns its reply."""
    module = EXT / "src" / source
    if not ESBUILD.exists():
        pytest.fail("esbuild is missing: run `jlpm install` in labextension/")
    if not module.is_file():
        pytest.fail(f"{module} is missing")
    folder = tmp_path_factory.mktemp(module.stem)
    subprocess.run(
        [
            *(str(ESBUILD), str(module), "--bundle", "--format=esm", "--platform=browser"),
            *(f"--outfile={folder / 'module.mjs'}", "--log-level=warning"),
        ],
        check=True,
        timeout=120,
    )
    runner = folder / "run.mjs"
    runner.write_text(_PRELUDE + script, encoding="utf-8")

    def run(job: Any) -> Any:
        proc = subprocess.run(
            ["node", str(runner)],
            input=json.dumps(job),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if proc.returncode != 0:
            pytest.fail(f"{source} under Node failed:\n{proc.stderr[-4000:]}")
        return json.loads(proc.stdout)

    return run

"""The grader finds a cell's time limit as the kernel does: the browser's ``cellTimeLimit``
(``timeLimit.ts``, bundled from its TypeScript source) and the grader's ``cell_time_limit``
give the same limit, code and error message for the same cells."""

import json
import subprocess
from pathlib import Path

import pytest

from browsergrad_kernel.grading.notebook import NO_LIMIT, TimeLimitError, cell_time_limit

ROOT = Path(__file__).resolve().parent.parent
EXT = ROOT / "labextension"
#: the fallback the browser is given: Python's "no limit of its own" (None) stands for it
FALLBACK = 777

SCRIPT = """
import { cellTimeLimit } from './timeLimit.mjs';
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const job = JSON.parse(Buffer.concat(chunks).toString());
process.stdout.write(JSON.stringify(job.cases.map(([code, metadata]) => {
  try {
    return cellTimeLimit(code, metadata, job.fallback);
  } catch (error) {
    return { error: error.message };
  }
})));
"""

CASES = [
    ("x = 1", {}),
    ("%%time_limit 5\nx = 1", {}),
    ("%%time_limit 5", {}),
    ("  %%time_limit 2.5s  \r\nx", {}),
    ("%%time_limit 1e1\nx", {}),
    ("%%time_limit .5\nx", {}),
    ("%%time_limit +3\nx", {}),
    ("%%time_limit NONE\nx", {}),
    ("%%time_limit off\nx", {"browsergrad": {"time_limit": 1}}),
    ("%%time_limit\nx", {}),
    ("%%time_limit 1 2\nx", {}),
    ("%%time_limit 0\nx", {}),
    ("%%time_limit -1\nx", {}),
    ("%%time_limit soon\nx", {}),
    ("%%time_limit 5ss\nx", {}),
    ("%%time_limit inf\nx", {}),
    ("%%time_limit_other 5\nx", {}),
    ("# %%time_limit 5\nx", {}),
    ("x\n%%time_limit 5", {}),
    ("x", {"browsergrad": {"time_limit": 3}}),
    ("x", {"browsergrad": {"time_limit": 0.25}}),
    ("x", {"browsergrad": {"time_limit": "4"}}),
    ("x", {"browsergrad": {"time_limit": " none "}}),
    ("x", {"browsergrad": {"time_limit": None}}),
    ("x", {"browsergrad": {"time_limit": 0}}),
    ("x", {"browsergrad": {"time_limit": -2}}),
    ("x", {"browsergrad": {"time_limit": 0.0}}),
    ("x", {"browsergrad": {"time_limit": -1.5}}),
    ("x", {"browsergrad": {"time_limit": True}}),
    ("x", {"browsergrad": {"time_limit": [1]}}),
    ("x", {"browsergrad": {"time_limit": {"s": 1}}}),
    ("x", {"browsergrad": {"time_limit": "ten"}}),
    ("x", {"browsergrad": {}}),
    ("x", {"browsergrad": "time_limit"}),
    ("x", {"other": {"time_limit": 3}}),
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> list:
    sources = sorted((EXT / "src").rglob("timeLimit.ts"))
    esbuild = EXT / "node_modules" / ".bin" / "esbuild"
    if len(sources) != 1 or not esbuild.exists():
        pytest.fail(f"want one timeLimit.ts and esbuild (jlpm install), found {sources}")
    folder = tmp_path_factory.mktemp("browser")
    subprocess.run(
        [
            *(str(esbuild), str(sources[0]), "--bundle", "--format=esm", "--platform=node"),
            *(f"--outfile={folder / 'timeLimit.mjs'}", "--log-level=warning"),
        ],
        check=True,
        timeout=120,
    )
    (folder / "run.mjs").write_text(SCRIPT)
    proc = subprocess.run(
        ["node", str(folder / "run.mjs")],
        input=json.dumps({"cases": CASES, "fallback": FALLBACK}),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(proc.stdout)


def grader(code: str, metadata: dict) -> dict:
    """The grader's answer, in the browser's terms."""
    try:
        limit, rest = cell_time_limit(code, metadata)
    except TimeLimitError as err:
        return {"error": str(err)}
    if limit is None:
        limit = FALLBACK
    return {"timeLimit": None if limit == NO_LIMIT else limit, "code": rest}


@pytest.mark.parametrize("position", range(len(CASES)), ids=[repr(c) for c in CASES])
def test_the_grader_and_the_browser_agree(browser: list, position: int):
    assert grader(*CASES[position]) == browser[position]

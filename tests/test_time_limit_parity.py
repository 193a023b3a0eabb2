"""The grader finds a cell's time limit as the kernel does: the browser's ``cellTimeLimit``
(``timeLimit.ts``, bundled from its TypeScript source) and the grader's ``cell_time_limit``
give the same limit, code and error message for the same cells."""

import pytest
from node_bundle import node_module

from browsergrad_kernel.grading.notebook import NO_LIMIT, TimeLimitError, cell_time_limit

#: the fallback the browser is given: Python's "no limit of its own" (None) stands for it
FALLBACK = 777

SCRIPT = """
import { cellTimeLimit } from './module.mjs';
reply(job.cases.map(([code, metadata]) => {
  try {
    return cellTimeLimit(code, metadata, job.fallback);
  } catch (error) {
    return { error: error.message };
  }
}));
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
    run = node_module(tmp_path_factory, "stop/timeLimit.ts", SCRIPT)
    return run({"cases": CASES, "fallback": FALLBACK})


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

"""browsergrad: checks and artifacts for labs run in the browsergrad kernel.

One source: the same package runs inside Pyodide (shipped to the site as a noarch
wheel) and under CPython (for headless grading and tests). Every call makes one
event (schema v1: docs/events.md, ``browsergrad/schema/``); the collector keeps
them all (``events()``, ``clear()``) and, inside IPython, a cell's events are
shown as one output.
"""

__version__ = "0.1.0"

from ._api import assert_error, assert_fail, assert_pass, emit_image, emit_json, log
from ._check import NotEqualError, assert_equal, check, check_equal
from ._config import configure
from ._question import question
from .collector import clear, events
from .flow import run_flow
from .submission import Submission, submit_results

__all__ = [
    "NotEqualError",
    "Submission",
    "__version__",
    "assert_equal",
    "assert_error",
    "assert_fail",
    "assert_pass",
    "check",
    "check_equal",
    "clear",
    "configure",
    "emit_image",
    "emit_json",
    "events",
    "log",
    "question",
    "run_flow",
    "submit_results",
]

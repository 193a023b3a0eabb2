"""What the kernel's worker calls: the one Python module named in TypeScript.

``labextension/src/worker/boot.ts`` imports this module once and calls
``start_kernel``; the worker then uses ``run_cell``, ``interrupt_waiting``,
``prompt_reader``, ``enable_jedi`` and ``install_flow_files`` (the files of
flows). Everything else under ``browsergrad._kernel`` is reached through these.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

import browsergrad

from . import boot, signals
from .boot import enable_jedi
from .cell_runner import run_cell
from .flow_files import install as install_flow_files
from .prompts import prompt_reader
from .signals import interrupt_waiting
from .snapshot import refresh_after_restore

__all__ = [
    "enable_jedi",
    "install_flow_files",
    "interrupt_waiting",
    "prepare_kernel",
    "prompt_reader",
    "run_cell",
    "start_kernel",
]

_prepared = False


def prepare_kernel() -> None:
    """Import the IPython-based kernel: everything that a memory snapshot can
    hold (no JavaScript object but Pyodide's own API)."""
    global _prepared
    if _prepared:
        return
    boot.start()
    import pyodide_kernel  # noqa: F401  (creates the kernel instance)

    boot.started()
    _prepared = True


def start_kernel(
    pip_index_urls: Sequence[str],
    wait: Callable[[float], object] | None = None,
    acknowledge: Callable[[], object] | None = None,
    rearm: Callable[[int], object] | None = None,
) -> tuple[str, str]:
    """Import the IPython-based kernel and handle Stop and time limits in it.

    ``pip_index_urls`` are the site's package indexes for ``%pip``; ``wait``,
    ``acknowledge`` and ``rearm`` are the interrupt buffer's operations (see
    ``signals.install``; without them, on pages that are not cross-origin
    isolated, ``time.sleep`` suspends with JSPI where it can). After a snapshot's restore, the
    imports are done already and randomness is reseeded. Returns the Python
    and browsergrad versions.
    """
    restored = _prepared
    prepare_kernel()
    boot.set_pip_index_urls(pip_index_urls)
    if restored:
        refresh_after_restore()
    signals.install(wait, acknowledge, rearm)
    return sys.version.split()[0], browsergrad.__version__

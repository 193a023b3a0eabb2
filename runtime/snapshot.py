"""Make the kernel's memory snapshot at package build (``runtime/snapshot.mjs``).

The snapshot is the interpreter right after ``entry.prepare_kernel()``: Pyodide
with the kernel's wheels unpacked and IPython, ``pyodide_kernel`` and
``browsergrad`` imported. A worker restores it instead of starting Python and
importing (``labextension/src/worker/snapshot.ts``). It is made by the Pyodide
that ships with the site (the snapshot is checked against its build id) under
Node. Node 20 has no JSPI, so the snapshot's ``run_sync`` is Pyodide's "not
supported" one and its call trampoline the JavaScript one; the restore re-makes
both for the runtime it runs in (``worker/runtimeChoices.ts``).
"""

import subprocess
from pathlib import Path

from browsergrad_kernel.constants import SNAPSHOT_FILES


def make_snapshot(stage: Path, packages: list[str]) -> dict[str, int]:
    """Write the snapshot files into ``stage`` (a runtime folder with its lock and
    wheels); return their sizes in bytes."""
    runner = Path(__file__).with_name("snapshot.mjs")
    cmd = ["node", str(runner), str(stage), *packages]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"making the kernel snapshot failed:\n{result.stdout}{result.stderr}")
    return {name: (stage / name).stat().st_size for name in SNAPSHOT_FILES}

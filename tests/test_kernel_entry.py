"""The worker (and the snapshot maker at package build) call Python through one module:
the names they use are the ones there."""

import re
from pathlib import Path

from browsergrad._kernel import entry

ROOT = Path(__file__).parents[1]
WORKER = ROOT / "labextension" / "src" / "worker"
SNAPSHOT_MAKER = ROOT / "runtime" / "snapshot.mjs"


def test_typescript_names_the_entry_module_once():
    sources = {p.name: p.read_text(encoding="utf-8") for p in WORKER.glob("*.ts")}
    named = [name for name, text in sources.items() if "'browsergrad." in text]
    assert named == ["boot.ts"]
    assert re.findall(r"'(browsergrad\.[\w.]+)'", sources["boot.ts"]) == [entry.__name__]


def test_every_function_the_worker_calls_is_exported():
    callers = [*WORKER.glob("*.ts"), SNAPSHOT_MAKER]
    text = "".join(p.read_text(encoding="utf-8") for p in callers)
    called = set(re.findall(r"\bentry\.(\w+)\(", text))
    called |= set(re.findall(r"\b_entry\.(\w+)\(", text))
    assert called == set(entry.__all__)
    assert all(callable(getattr(entry, name)) for name in entry.__all__)

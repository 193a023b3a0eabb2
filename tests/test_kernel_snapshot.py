"""The kernel's memory snapshot as the package ships it and a site serves it.

Restoring it is tested with real Pyodide in ``labextension/test/snapshot.test.mjs``
and in Chromium by ``ui-tests/tests/snapshot.spec.ts``.
"""

import gzip
import json
from pathlib import Path

import pytest

from browsergrad_kernel.constants import RUNTIME_MANIFEST_JSON, SNAPSHOT_FILES, SNAPSHOT_JSON
from browsergrad_kernel.site.assets import RuntimeAssetError, verify_runtime


def test_the_package_ships_a_snapshot_of_its_own_wheels(shipped_runtime: Path):
    description = json.loads((shipped_runtime / SNAPSHOT_JSON).read_text())
    lock = json.loads((shipped_runtime / "pyodide-lock.json").read_text())
    manifest = json.loads((shipped_runtime / RUNTIME_MANIFEST_JSON).read_text())
    assert description["format"] == 1
    assert description["pyodideVersion"] == manifest["pyodide_version"]
    assert description["browsergradVersion"] == manifest["browsergrad_version"]
    # every preloaded package, as the lock has it
    assert set(manifest["preload"]) <= set(description["wheels"])
    for name, sha256 in description["wheels"].items():
        assert lock["packages"][name]["sha256"] == sha256, name
    memory = gzip.decompress((shipped_runtime / description["snapshot"]["url"]).read_bytes())
    assert len(memory) == description["snapshot"]["bytes"]
    files = gzip.decompress((shipped_runtime / description["files"]["url"]).read_bytes())
    assert len(files) == description["files"]["bytes"]
    index = {path: (offset, size) for path, offset, size in description["files"]["index"]}
    offset, size = index["/lib/python3.14/site-packages/browsergrad/_kernel/entry.py"]
    source = (Path(__file__).parents[1] / "browsergrad/_kernel/entry.py").read_bytes()
    assert files[offset : offset + size] == source


def test_a_built_site_serves_the_snapshot_beside_pyodide(site_runtime: Path, shipped_runtime: Path):
    for name in SNAPSHOT_FILES:
        assert (site_runtime / name).read_bytes() == (shipped_runtime / name).read_bytes(), name


@pytest.mark.parametrize("name", SNAPSHOT_FILES)
def test_a_damaged_or_missing_snapshot_file_fails_the_runtime_check(runtime_copy: Path, name: str):
    with (runtime_copy / name).open("ab") as fh:
        fh.write(b"\0")
    with pytest.raises(RuntimeAssetError, match=f"corrupt or changed file .*{name}"):
        verify_runtime(runtime_copy)
    (runtime_copy / name).unlink()
    with pytest.raises(RuntimeAssetError, match=f"missing kernel snapshot file .*{name}"):
        verify_runtime(runtime_copy)

"""Names shared by the runtime assembly (package build) and the site addon (site build)."""

from pathlib import Path

#: the labextension plugin that reads the kernel settings
PLUGIN_ID = "browsergrad-kernel:kernel"

#: the assembled runtime shipped inside this package
DIST_DIR = Path(__file__).parent / "pyodide_dist"

#: where the runtime goes inside a built site, relative to the site root
SITE_SUBDIR = ("static", "browsergrad", "pyodide")

#: Pyodide core files copied from the ``pyodide`` npm package
CORE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "package.json",
)

PYODIDE_MJS = "pyodide.mjs"
LOCK_JSON = "pyodide-lock.json"
ALL_JSON = "all.json"
#: the runtime's own manifest (Pyodide version, core file digests, preloaded packages), in
#: ``DIST_DIR`` and in the site's runtime folder; a lab's is ``manifest.LAB_MANIFEST_JSON``
RUNTIME_MANIFEST_JSON = "manifest.json"

#: the kernel's memory snapshot (``runtime/snapshot.py``): its description, the
#: interpreter's memory and the files of its site-packages, both gzipped
SNAPSHOT_JSON = "kernel-snapshot.json"
SNAPSHOT_FILES = (SNAPSHOT_JSON, "kernel.snapshot.gz", "kernel-files.bin.gz")

#: the JupyterLite-only labextension (the kernel and its sessions), shipped inside this package
#: and not in ``share/jupyter/labextensions``, so a JupyterLab server never loads it
LITE_EXTENSION_NAME = "browsergrad-kernel-lite"
LITE_EXTENSION_DIR = Path(__file__).parent / "lite_labextension" / LITE_EXTENSION_NAME

"""Add Python 3.14 bytecode to pure wheels, so the kernel starts without compiling.

Bytecode must come from the interpreter that runs it, so this file runs inside
Pyodide under Node (``runtime/pycompile.mjs``), driven by ``compile_wheels()``
below from the package build. Only the modules the kernel imports when it starts
and serves its first requests are compiled (``startup_modules()`` finds them), so
the wheels grow little. Each ``.py`` keeps its source (for tracebacks and jedi)
and gains an unchecked hash-based ``__pycache__/*.pyc``; RECORD lists the new
files. The output is deterministic: same wheels in, same bytes out.
"""

import base64
import hashlib
import importlib.util
import subprocess
import zipfile
from pathlib import Path

#: a fixed timestamp for added zip entries (the zip epoch)
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def _bytecode_for(name: str, source: bytes) -> bytes | None:
    from importlib._bootstrap_external import _code_to_hash_pyc

    try:
        code = compile(source, name, "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return None  # e.g. Python 2 files some packages keep as data
    return bytes(_code_to_hash_pyc(code, importlib.util.source_hash(source), False))


#: what a new kernel does first: start, complete, show a traceback
STARTUP_SCRIPT = """
from browsergrad._kernel import entry
entry.start_kernel([])
import pyodide_kernel
entry.enable_jedi()
pyodide_kernel.kernel_instance.complete("import o", 8)
await pyodide_kernel.kernel_instance.run("import browsergrad\\n1/0")
"""


async def startup_modules(wheels: list[str], site: str = "/tmp/startup-site") -> list[str]:
    """In Pyodide: the wheel members (``pkg/mod.py``) the kernel start-up imports."""
    import sys

    for wheel in wheels:
        with zipfile.ZipFile(wheel) as zf:
            zf.extractall(site)
    sys.path.insert(0, site)
    from pyodide.code import eval_code_async

    await eval_code_async(STARTUP_SCRIPT, {})
    prefix = site.rstrip("/") + "/"
    files = (getattr(m, "__file__", None) or "" for m in list(sys.modules.values()))
    return sorted(f[len(prefix) :] for f in files if f.startswith(prefix) and f.endswith(".py"))


def compile_wheel(path: str, only: "set[str] | None" = None) -> int:
    """Add bytecode to the wheel at ``path`` in place (for the members in ``only``, if
    given); return how many files were added."""
    with zipfile.ZipFile(path) as wheel:
        entries = [(info, wheel.read(info)) for info in wheel.infolist()]
    names = {info.filename for info, _ in entries}
    record = next(n for n in names if n.endswith(".dist-info/RECORD"))
    added = []
    for info, data in entries:
        name = info.filename
        if not name.endswith(".py") or ".dist-info/" in name or ".data/" in name:
            continue
        if only is not None and name not in only:
            continue
        target = importlib.util.cache_from_source(name)
        if target in names:
            continue
        bytecode = _bytecode_for(name, data)
        if bytecode is not None:
            added.append((target, bytecode))
    if not added:
        return 0
    tmp = f"{path}.tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            if info.filename == record:
                lines = data.decode().rstrip("\n").split("\n")
                lines[-1:-1] = [_record_line(n, d) for n, d in added]
                data = ("\n".join(lines) + "\n").encode()
            out.writestr(info, data)
        for target, bytecode in added:
            out.writestr(zipfile.ZipInfo(target, ZIP_EPOCH), bytecode, zipfile.ZIP_DEFLATED)
    Path(tmp).replace(path)
    return len(added)


def compile_wheels(wheels: list[Path], pyodide_dir: Path) -> None:
    """From the host: byte-compile ``wheels`` (all in one folder) with Pyodide under Node."""
    if not wheels:
        return
    folder = wheels[0].parent
    runner = Path(__file__).with_name("pycompile.mjs")
    cmd = ["node", str(runner), str(pyodide_dir), str(folder), *(w.name for w in wheels)]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"byte-compiling wheels failed:\n{result.stdout}{result.stderr}")

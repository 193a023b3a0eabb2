"""Add Python 3.14 bytecode to pure wheels, so the kernel imports without compiling.

Bytecode must come from the interpreter that runs it, so this file runs inside
Pyodide under Node (``runtime/pycompile.mjs``), driven by ``compile_wheels()``
below from the package build. Each ``.py`` keeps its source (for tracebacks) and
gains an unchecked hash-based ``__pycache__/*.pyc``; RECORD lists the new files.
The output is deterministic: same wheel in, same bytes out.
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


def compile_wheel(path: str) -> int:
    """Add bytecode to the wheel at ``path`` in place; return how many files were added."""
    with zipfile.ZipFile(path) as wheel:
        entries = [(info, wheel.read(info)) for info in wheel.infolist()]
    names = {info.filename for info, _ in entries}
    record = next(n for n in names if n.endswith(".dist-info/RECORD"))
    added = []
    for info, data in entries:
        name = info.filename
        if not name.endswith(".py") or ".dist-info/" in name or ".data/" in name:
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

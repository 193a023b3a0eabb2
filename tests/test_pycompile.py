"""runtime/pycompile.py: adding bytecode to wheels (CPython here, Pyodide in the build)."""

import base64
import hashlib
import importlib.util
import zipfile
from pathlib import Path

from helpers import make_wheel

_spec = importlib.util.spec_from_file_location(
    "pycompile", Path(__file__).parents[1] / "runtime" / "pycompile.py"
)
_pycompile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_pycompile)
compile_wheel = _pycompile.compile_wheel


def _record(path):
    with zipfile.ZipFile(path) as wheel:
        record = next(n for n in wheel.namelist() if n.endswith("RECORD"))
        rows = [line.split(",") for line in wheel.read(record).decode().splitlines()]
        return wheel, {name: (digest, size) for name, digest, size in rows}


def test_adds_checked_record_entries_for_bytecode(tmp_path):
    wheel = make_wheel(tmp_path, "demo-mod")
    assert compile_wheel(str(wheel)) == 1
    pyc = importlib.util.cache_from_source("demo_mod.py")
    with zipfile.ZipFile(wheel) as zf:
        data = zf.read(pyc)
        assert "demo_mod.py" in zf.namelist()
    _, rows = _record(wheel)
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    assert rows[pyc] == (f"sha256={digest}", str(len(data)))
    flags = int.from_bytes(data[4:8], "little")
    assert flags == 0b01  # hash-based, unchecked: no stat of the source at import


def test_is_idempotent_and_deterministic(tmp_path):
    one = make_wheel(tmp_path / "one", "demo-mod")
    two = make_wheel(tmp_path / "two", "demo-mod")
    compile_wheel(str(one))
    compile_wheel(str(two))
    assert one.read_bytes() == two.read_bytes()
    assert compile_wheel(str(one)) == 0


def test_skips_files_that_do_not_compile(tmp_path):
    wheel = make_wheel(tmp_path, "demo-mod")
    with zipfile.ZipFile(wheel, "a") as zf:
        zf.writestr("demo_mod_py2.py", b"print 'old'\n")
    assert compile_wheel(str(wheel)) == 1

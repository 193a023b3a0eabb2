"""Each bad input stops ``jupyter lite build`` with a message naming the file."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import assert_ok, lite, make_wheel

from browsergrad_kernel.build_errors import RuntimeAssetError
from browsergrad_kernel.constants import LOCK_JSON, SITE_SUBDIR
from browsergrad_kernel.site.assets import verify_runtime

RUNTIME_OPT = "--BrowsergradSiteAddon.runtime_dir={}"
EXTRA_OPT = "--BrowsergradSiteAddon.extra_wheels={}"


def delete_core(rt: Path) -> str:
    (rt / "python_stdlib.zip").unlink()
    return "python_stdlib.zip"


def corrupt_core(rt: Path) -> str:
    wasm = rt / "pyodide.asm.wasm"
    data = bytearray(wasm.read_bytes())
    data[1000] ^= 0xFF
    wasm.write_bytes(bytes(data))
    return "pyodide.asm.wasm"


def tamper_wheel(rt: Path) -> str:
    wheel = next(rt.glob("ipython-*.whl"))
    wheel.write_bytes(wheel.read_bytes() + b"tampered")
    return wheel.name


def delete_wheel(rt: Path) -> str:
    wheel = next(rt.glob("jedi-*.whl"))
    wheel.unlink()
    return wheel.name


def remote_lock_entry(rt: Path) -> str:
    lock = json.loads((rt / LOCK_JSON).read_text())
    url = "https://cdn.jsdelivr.net/pyodide/v314.0.6/full/comm-0.2.3-py3-none-any.whl"
    lock["packages"]["comm"]["file_name"] = url
    (rt / LOCK_JSON).write_text(json.dumps(lock))
    return url


DAMAGE: dict[str, Callable[[Path], str]] = {
    "delete-core": delete_core,
    "corrupt-core": corrupt_core,
    "tamper-wheel": tamper_wheel,
    "delete-wheel": delete_wheel,
    "remote-lock-entry": remote_lock_entry,
}


def assert_fails_naming(proc, name: str) -> None:
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out[-4000:]
    assert name in out, out[-4000:]


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_runtime_fails_the_build(damage: str, runtime_copy: Path, tmp_path: Path):
    name = DAMAGE[damage](runtime_copy)
    lite_dir = tmp_path / "site"
    lite_dir.mkdir()
    assert_fails_naming(lite("build", lite_dir, RUNTIME_OPT.format(runtime_copy)), name)


def test_missing_extra_wheel(tmp_path: Path):
    proc = lite("build", tmp_path, EXTRA_OPT.format("wheels/nothere-1.0-py3-none-any.whl"))
    assert_fails_naming(proc, "nothere-1.0-py3-none-any.whl")


def test_compiled_extra_wheel(tmp_path: Path):
    wheel = make_wheel(tmp_path / "wheels", "native", tag="cp314-cp314-emscripten_5_0_3_wasm32")
    proc = lite("build", tmp_path, EXTRA_OPT.format(wheel))
    assert_fails_naming(proc, wheel.name)


def test_extra_wheel_with_unlocked_dependency(tmp_path: Path):
    wheel = make_wheel(tmp_path / "wheels", "needsnumpy", requires=("numpy>=2",))
    proc = lite("build", tmp_path, EXTRA_OPT.format(wheel))
    assert_fails_naming(proc, wheel.name)
    assert "numpy" in proc.stdout + proc.stderr


def test_failed_build_keeps_the_previous_runtime(runtime_copy: Path, tmp_path: Path):
    assert_ok(lite("build", tmp_path))
    corrupt_core(runtime_copy)
    assert lite("build", tmp_path, RUNTIME_OPT.format(runtime_copy)).returncode != 0
    verify_runtime(tmp_path.joinpath("_output", *SITE_SUBDIR))


def test_verify_runtime_names_a_tampered_output_file(runtime_copy: Path):
    name = tamper_wheel(runtime_copy)
    with pytest.raises(RuntimeAssetError, match=name):
        verify_runtime(runtime_copy)

"""Test helpers: run the ``jupyter lite`` CLI; write tiny wheels without a build backend."""

import base64
import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path


def lite(command: str, lite_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``jupyter lite <command>`` on ``lite_dir`` (output in ``lite_dir/_output``)."""
    exe = Path(sys.executable).with_name("jupyter-lite")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "jupyterlite_core"]
    cmd += [command, "--lite-dir", str(lite_dir), "--output-dir", str(lite_dir / "_output")]
    return subprocess.run(
        [*cmd, *args],
        cwd=lite_dir,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def assert_ok(proc: subprocess.CompletedProcess[str]) -> None:
    assert proc.returncode == 0, (
        f"{proc.args} failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    )


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def make_wheel(
    folder: Path,
    name: str,
    version: str = "0.1.0",
    requires: tuple[str, ...] = (),
    tag: str = "py3-none-any",
) -> Path:
    """A wheel holding one module ``<name>.py``."""
    module = name.replace("-", "_")
    dist_info = f"{module}-{version}.dist-info"
    meta = [f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"]
    meta += [f"Requires-Dist: {req}\n" for req in requires]
    files = {
        f"{module}.py": f"VALUE = {version!r}\n".encode(),
        f"{dist_info}/METADATA": "".join(meta).encode(),
        f"{dist_info}/WHEEL": (
            f"Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: {tag}\n"
        ).encode(),
    }
    record = [_record_line(n, d) for n, d in files.items()] + [f"{dist_info}/RECORD,,"]
    files[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{module}-{version}-{tag}.whl"
    with zipfile.ZipFile(path, "w") as zf:
        for n, d in files.items():
            zf.writestr(n, d)
    return path

"""Assemble ``browsergrad_kernel/pyodide_dist/``: the same-origin Pyodide runtime of the kernel.

Runs at package build time (from ``runtime/hatch_build.py``) or by hand:

    python runtime/assemble.py [--dist DIR] [--cache DIR] [--force]

Inputs: the Pyodide core from ``labextension/node_modules/pyodide``, the kernel wheels from
``@jupyterlite/pyodide-kernel/pypi``, the pinned wheels of ``runtime/requirements.txt``
(downloaded once into ``build/runtime-cache/``, hash-checked) and a noarch wheel built from
``browsergrad/``. A second run with unchanged inputs does nothing and needs no network.
"""

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from browsergrad_kernel.build_errors import BuildError  # noqa: E402
from browsergrad_kernel.constants import (  # noqa: E402
    ALL_JSON,
    CORE_FILES,
    LOCK_JSON,
    RUNTIME_MANIFEST_JSON,
    SNAPSHOT_FILES,
)
from browsergrad_kernel.site.assets import verify_runtime, write_json  # noqa: E402
from browsergrad_kernel.site.wheel_index import add_to_index, file_digest, new_lock  # noqa: E402
from runtime.pycompile import compile_wheels  # noqa: E402
from runtime.snapshot import make_snapshot  # noqa: E402

#: the Pyodide release runtime/requirements.txt is pinned for
PYODIDE_VERSION = "314.0.6"
PYTHON_VERSION = "3.14"

#: lock packages loaded at kernel start (pyodide adds their dependency closure)
PRELOAD = (
    "micropip",
    "piplite",
    "pyodide-kernel",
    "ipykernel",
    "comm",
    "ipython",
    "jedi",
    "browsergrad",
)

#: wheels taken from the @jupyterlite/pyodide-kernel npm package
KERNEL_WHEELS = (
    "pyodide_kernel-*-py3-none-any.whl",
    "piplite-*-py3-none-any.whl",
    "ipykernel-*-py3-none-any.whl",
    "widgetsnbextension-4.*-py3-none-any.whl",
)

Log = Callable[[str], object]


class AssembleError(Exception):
    """The runtime cannot be assembled; the message says what to do."""


@dataclass(frozen=True)
class Requirement:
    name: str
    version: str
    hashes: tuple[str, ...]

    @property
    def line(self) -> str:
        hashes = " ".join(f"--hash=sha256:{h}" for h in self.hashes)
        return f"{self.name}=={self.version} {hashes}"


def parse_requirements(path: Path) -> list[Requirement]:
    """Read ``name==version --hash=sha256:...`` lines (with ``\\`` continuations)."""
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    reqs = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        spec, *options = line.split()
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)", spec)
        hashes = tuple(o.removeprefix("--hash=sha256:") for o in options if "sha256:" in o)
        if not match or not hashes:
            raise AssembleError(f"{path}: want 'name==version --hash=sha256:...', got {raw!r}")
        reqs.append(Requirement(match[1], match[2], hashes))
    return reqs


@dataclass(frozen=True)
class Sources:
    root: Path

    @property
    def pyodide(self) -> Path:
        return self.root / "labextension" / "node_modules" / "pyodide"

    @property
    def kernel_pypi(self) -> Path:
        return self.root / "labextension/node_modules/@jupyterlite/pyodide-kernel/pypi"

    @property
    def requirements(self) -> Path:
        return self.root / "runtime" / "requirements.txt"

    @property
    def browsergrad(self) -> Path:
        return self.root / "browsergrad"

    @property
    def license(self) -> Path:
        return self.root / "LICENSE"

    def check(self) -> None:
        hint = "run the npm build first (`jlpm install` in labextension/), then build again"
        for folder in (self.pyodide, self.kernel_pypi):
            if not folder.is_dir():
                raise AssembleError(f"{folder} not found: {hint}")
        for name in (*CORE_FILES, LOCK_JSON):
            if not (self.pyodide / name).is_file():
                raise AssembleError(f"{self.pyodide / name} not found: {hint}")
        version = json.loads((self.pyodide / "package.json").read_text())["version"]
        if version != PYODIDE_VERSION:
            raise AssembleError(
                f"npm pyodide is {version} but runtime/requirements.txt is pinned for "
                f"{PYODIDE_VERSION}: update both (and PYODIDE_VERSION in {__file__}) together"
            )

    def kernel_wheels(self) -> list[Path]:
        wheels = []
        for pattern in KERNEL_WHEELS:
            found = sorted(self.kernel_pypi.glob(pattern))
            if len(found) != 1:
                raise AssembleError(f"want one {pattern} in {self.kernel_pypi}, found {found}")
            wheels += found
        return wheels

    def browsergrad_sources(self) -> list[Path]:
        return sorted(
            p
            for p in self.browsergrad.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
        )

    def digest(self) -> str:
        """One sha256 over every input, including the code that assembles."""
        here = Path(__file__).resolve()
        helpers = [ROOT / "browsergrad_kernel" / n for n in ("constants.py", "site/assets.py")]
        compiler = [here.with_name("pycompile.py"), here.with_name("pycompile.mjs")]
        files = [here, *compiler, ROOT / "browsergrad_kernel" / "site" / "wheel_index.py", *helpers]
        files += [self.requirements, self.pyodide / LOCK_JSON, *self.kernel_wheels()]
        files += [self.pyodide / n for n in CORE_FILES] + self.browsergrad_sources()
        files.append(self.license)
        outer = hashlib.sha256()
        for path in files:
            outer.update(f"{path.relative_to(self.root)}\0{file_digest(path)}\n".encode())
        return outer.hexdigest()


def _cached(req: Requirement, folder: Path) -> Path | None:
    from packaging.utils import canonicalize_name, parse_wheel_filename

    for path in sorted(folder.glob("*.whl")):
        name, version = parse_wheel_filename(path.name)[:2]
        if canonicalize_name(name) == canonicalize_name(req.name) and str(version) == req.version:
            if file_digest(path) in req.hashes:
                return path
    return None


def fetch_wheels(reqs: list[Requirement], cache: Path, log: Log) -> list[Path]:
    """The pinned wheels, from the cache or else from the package index (hash-checked)."""
    folder = cache / "wheels"
    folder.mkdir(parents=True, exist_ok=True)
    missing = [r for r in reqs if _cached(r, folder) is None]
    if missing:
        log(f"[browsergrad] downloading {len(missing)} pinned wheels into {folder}")
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            req_file = Path(tmp) / "requirements.txt"
            req_file.write_text("".join(r.line + "\n" for r in missing), encoding="utf-8")
            cmd = [sys.executable, "-m", "pip", "download", "--only-binary=:all:"]
            cmd += ["--python-version", PYTHON_VERSION, "--platform", "any"]
            cmd += ["--implementation", "py", "--no-deps", "--require-hashes"]
            cmd += ["--disable-pip-version-check", "-d", tmp, "-r", str(req_file)]
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if proc.returncode:
                raise AssembleError(
                    f"pip download of the pinned wheels failed (the first build needs PyPI):\n"
                    f"{proc.stdout[-2000:]}{proc.stderr[-2000:]}"
                )
            for wheel in Path(tmp).glob("*.whl"):
                shutil.move(wheel, folder / wheel.name)
    wheels = []
    for req in reqs:
        path = _cached(req, folder)
        if path is None:
            raise AssembleError(f"no wheel matching {req.name}=={req.version} and its hash")
        wheels.append(path)
    return wheels


def build_browsergrad_wheel(sources: Sources, out: Path) -> Path:
    """Build the noarch browsergrad wheel from the one ``browsergrad/`` source folder."""
    from hatchling.builders.wheel import WheelBuilder

    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(sources.browsergrad, project / "browsergrad", ignore=ignore)
        shutil.copy2(sources.license, project / "LICENSE")
        (project / "pyproject.toml").write_text(
            "[project]\n"
            'name = "browsergrad"\n'
            'dynamic = ["version"]\n'
            'description = "Checks and artifacts for labs run in the browsergrad kernel"\n'
            'license = "BSD-3-Clause"\n'
            'license-files = ["LICENSE"]\n'
            'requires-python = ">=3.12"\n'
            "[tool.hatch.version]\n"
            'path = "browsergrad/__init__.py"\n'
            "[tool.hatch.build.targets.wheel]\n"
            'packages = ["browsergrad"]\n',
            encoding="utf-8",
        )
        built = list(WheelBuilder(str(project)).build(directory=str(out), versions=["standard"]))
    return Path(built[0])


def write_runtime(stage: Path, sources: Sources, wheels: list[Path]) -> dict:
    """Fill ``stage`` with core, wheels, lock, index and manifest; return the manifest."""
    stage.mkdir(parents=True)
    for name in CORE_FILES:
        shutil.copy2(sources.pyodide / name, stage / name)
    shipped = []
    for wheel in wheels:
        shutil.copy2(wheel, stage / wheel.name)
        shipped.append(stage / wheel.name)
    try:
        compile_wheels(shipped, sources.pyodide)
    except RuntimeError as err:
        raise AssembleError(str(err)) from err
    info = json.loads((sources.pyodide / LOCK_JSON).read_text(encoding="utf-8"))["info"]
    try:
        lock = new_lock(info, shipped, stage)
    except RuntimeError as err:
        raise AssembleError(f"the shipped wheels do not form a closed set: {err}") from err
    locked = {p.file_name for p in lock.packages.values()}
    if locked != {p.name for p in shipped}:
        raise AssembleError(f"lock and wheels differ: {sorted(locked ^ {p.name for p in shipped})}")
    lock.to_json(stage / LOCK_JSON, indent=2)
    write_json(stage / ALL_JSON, add_to_index({}, shipped))
    bg = lock.packages["browsergrad"]
    try:
        make_snapshot(stage, list(PRELOAD))
    except RuntimeError as err:
        raise AssembleError(str(err)) from err
    manifest = {
        "pyodide_version": json.loads((stage / "package.json").read_text())["version"],
        "browsergrad_version": bg.version,
        "core": {name: file_digest(stage / name) for name in CORE_FILES},
        "preload": list(PRELOAD),
        "snapshot": {name: file_digest(stage / name) for name in SNAPSHOT_FILES},
    }
    write_json(stage / RUNTIME_MANIFEST_JSON, manifest)
    return manifest


def _stamp(cache: Path, dist: Path) -> Path:
    key = hashlib.sha256(str(dist.resolve()).encode()).hexdigest()[:16]
    return cache / "stamps" / f"{key}.json"


def _up_to_date(stamp: Path, dist: Path, digest: str) -> bool:
    try:
        if json.loads(stamp.read_text())["inputs"] != digest:
            return False
        verify_runtime(dist)
    except (OSError, ValueError, KeyError, BuildError):
        return False
    return True


def assemble(
    root: Path = ROOT,
    dist: Path | None = None,
    cache: Path | None = None,
    force: bool = False,
    log: Log = print,
) -> Path:
    """Assemble the runtime into ``dist`` unless it is already up to date; return ``dist``."""
    sources = Sources(root)
    sources.check()
    dist = dist or root / "browsergrad_kernel" / "pyodide_dist"
    cache = cache or root / "build" / "runtime-cache"
    cache.mkdir(parents=True, exist_ok=True)
    digest, stamp = sources.digest(), _stamp(cache, dist)
    if not force and _up_to_date(stamp, dist, digest):
        log(f"[browsergrad] runtime up to date: {dist}")
        return dist
    reqs = parse_requirements(sources.requirements)
    wheels = fetch_wheels(reqs, cache, log) + sources.kernel_wheels()
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        wheels.append(build_browsergrad_wheel(sources, Path(tmp) / "browsergrad"))
        stage = Path(tmp) / "stage"
        manifest = write_runtime(stage, sources, wheels)
        try:
            verify_runtime(stage)
        except BuildError as err:
            raise AssembleError(f"assembled runtime failed its own check: {err}") from err
        if dist.exists():
            shutil.rmtree(dist)
        dist.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(stage, dist)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps({"inputs": digest, "dist": str(dist)}) + "\n")
    log(
        f"[browsergrad] assembled {dist}: pyodide {manifest['pyodide_version']}, "
        f"browsergrad {manifest['browsergrad_version']}, {len(wheels)} wheels"
    )
    return dist


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, help="output folder (default: the package's)")
    parser.add_argument("--cache", type=Path, help="download cache (build/runtime-cache)")
    parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
    args = parser.parse_args(argv)
    try:
        assemble(dist=args.dist, cache=args.cache, force=args.force)
    except AssembleError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

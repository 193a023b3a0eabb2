"""One version: browsergrad/__init__.py and labextension/package.json agree, and the package
build stops when they do not."""

import json
import shutil
import sys
from pathlib import Path

import pytest

import browsergrad

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from runtime.hatch_build import RuntimeBuildHook  # noqa: E402
from runtime.version_check import NPM_SOURCE, VersionMismatch, check_versions  # noqa: E402


def test_the_repository_has_one_version():
    assert check_versions(ROOT) == browsergrad.__version__
    npm = json.loads((ROOT / NPM_SOURCE).read_text(encoding="utf-8"))["version"]
    assert npm == browsergrad.__version__


def test_the_lite_extension_has_the_same_version_and_wants_it():
    """The JupyterLite-only extension ships in the same wheel as the main one, and takes its
    tokens from it: both are one version."""
    lite = json.loads((ROOT / "labextension/lite/package.json").read_text(encoding="utf-8"))
    shared = lite["jupyterlab"]["sharedPackages"]["browsergrad-kernel"]
    assert lite["version"] == browsergrad.__version__
    assert lite["dependencies"]["browsergrad-kernel"] == browsergrad.__version__
    assert shared == {
        "bundled": False,
        "singleton": True,
        "requiredVersion": browsergrad.__version__,
    }


def sources(tmp_path: Path, npm_version: str) -> Path:
    """The two version files, with package.json saying ``npm_version``."""
    for name in ("browsergrad/__init__.py", "labextension/package.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    package = tmp_path / NPM_SOURCE
    data = json.loads(package.read_text(encoding="utf-8"))
    package.write_text(json.dumps({**data, "version": npm_version}), encoding="utf-8")
    return tmp_path


def test_a_different_version_is_named(tmp_path: Path):
    with pytest.raises(VersionMismatch) as raised:
        check_versions(sources(tmp_path, "9.9.9"))
    assert str(raised.value) == (
        f"labextension/package.json says version 9.9.9 but browsergrad/__init__.py says "
        f"{browsergrad.__version__}: browsergrad/__init__.py is the source, "
        "change labextension/package.json to match"
    )


def test_npm_and_python_spellings_of_one_version_agree(tmp_path: Path):
    root = sources(tmp_path, "0.2.0-alpha.1")
    init = root / "browsergrad" / "__init__.py"
    text = init.read_text(encoding="utf-8")
    init.write_text(text.replace(f'"{browsergrad.__version__}"', '"0.2.0a1"'), encoding="utf-8")
    assert check_versions(root) == "0.2.0a1"


class Aborted(Exception):
    pass


class App:
    """Stands in for hatch's application: ``abort`` ends the build."""

    def abort(self, message: str) -> None:
        raise Aborted(message)


@pytest.mark.parametrize("target", ["sdist", "wheel"])
def test_the_package_build_stops_on_a_mismatch(tmp_path: Path, target: str):
    root = sources(tmp_path, "9.9.9")
    hook = RuntimeBuildHook(str(root), {}, None, None, str(tmp_path / "dist"), target, App())
    with pytest.raises(Aborted) as aborted:
        hook.initialize("standard", {})
    assert str(aborted.value).startswith(
        "browsergrad version: labextension/package.json says version 9.9.9 but"
    )

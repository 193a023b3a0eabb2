"""Fixtures: a Lite site built once per session with the installed browsergrad-kernel."""

import shutil
from pathlib import Path

import pytest
from fresh_venv import built_wheel
from helpers import assert_ok, lite

from browsergrad_kernel.constants import DIST_DIR, RUNTIME_MANIFEST_JSON, SITE_SUBDIR


@pytest.fixture(scope="session")
def shipped_runtime() -> Path:
    """The runtime inside the installed package."""
    if not (DIST_DIR / RUNTIME_MANIFEST_JSON).exists():
        pytest.fail(
            f"{DIST_DIR} is not assembled: build the package, or run `python runtime/assemble.py`"
        )
    return DIST_DIR


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, shipped_runtime: Path) -> Path:
    """``jupyter lite build`` in an empty folder; returns the output folder."""
    lite_dir = tmp_path_factory.mktemp("site")
    assert_ok(lite("build", lite_dir))
    return lite_dir / "_output"


@pytest.fixture(scope="session")
def site_runtime(built_site: Path) -> Path:
    return built_site.joinpath(*SITE_SUBDIR)


@pytest.fixture
def runtime_copy(tmp_path: Path, shipped_runtime: Path) -> Path:
    """A private copy of the shipped runtime, safe to damage."""
    dest = tmp_path / "runtime"
    shutil.copytree(shipped_runtime, dest)
    return dest


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package's wheel, built from these sources (for the slow install tests)."""
    return built_wheel(tmp_path_factory.mktemp("wheel"))

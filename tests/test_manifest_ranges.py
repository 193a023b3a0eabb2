"""Range semantics of ``requires_browsergrad``: a table, npm's own semver, and properties."""

import functools
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from browsergrad_kernel.labs.manifest import is_range, is_version, satisfies

ROOT = Path(__file__).resolve().parent.parent

# (range, version, satisfied) as npm defines them.
TABLE = [
    # ^ on 0.x: up to the next minor; on 0.0.x: only that patch; else up to the next major
    ("^0.8.0", "0.8.0", True),
    ("^0.8.0", "0.8.7", True),
    ("^0.8.0", "0.9.0", False),
    ("^0.8.0", "0.7.99", False),
    ("^0.8.0", "1.0.0", False),
    ("^1.2.3", "1.2.3", True),
    ("^1.2.3", "1.99.0", True),
    ("^1.2.3", "2.0.0", False),
    ("^1.2.3", "1.2.2", False),
    ("^0.0.3", "0.0.3", True),
    ("^0.0.3", "0.0.4", False),
    ("^0.0.3", "0.1.0", False),
    ("^0.0.0", "0.0.0", True),
    ("^0.0.0", "0.0.1", False),
    # ~ with a full version: up to the next minor
    ("~0.8.1", "0.8.1", True),
    ("~0.8.1", "0.8.9", True),
    ("~0.8.1", "0.9.0", False),
    ("~0.8.1", "0.8.0", False),
    ("~1.2.3", "1.2.9", True),
    ("~1.2.3", "1.3.0", False),
    ("~0.0.1", "0.0.9", True),
    ("~0.0.1", "0.1.0", False),
    # exact
    ("0.8.1", "0.8.1", True),
    ("0.8.1", "0.8.2", False),
    ("0.8.1", "0.8.0", False),
    ("1.0.0", "1.0.0+build.5", True),
    # prereleases: only in a range whose own version is a prerelease of the same X.Y.Z
    ("^0.8.0", "0.8.1-rc.1", False),
    ("^0.8.0", "0.8.0-rc.1", False),
    ("^1.2.3-alpha.1", "1.2.3-alpha.2", True),
    ("^1.2.3-alpha.1", "1.2.3-alpha.0", False),
    ("^1.2.3-alpha.1", "1.2.3", True),
    ("^1.2.3-alpha.1", "1.2.4-alpha.1", False),
    ("^1.2.3-alpha.1", "1.9.0", True),
    ("~0.8.1-rc.1", "0.8.1-rc.2", True),
    ("~0.8.1-rc.1", "0.8.2-rc.1", False),
    ("~0.8.1-rc.1", "0.8.5", True),
    ("1.0.0-rc.1", "1.0.0-rc.1", True),
    ("1.0.0-rc.1", "1.0.0", False),
    ("1.0.0", "1.0.0-rc.1", False),
    ("^1.0.0-rc.1", "1.0.0-rc.10", True),
    ("^1.0.0-rc.2", "1.0.0-rc.10", True),
    ("^1.0.0-beta", "1.0.0-alpha", False),
    ("^1.0.0-alpha", "1.0.0-alpha.1", True),
    ("^1.0.0-1", "1.0.0-alpha", True),
    ("^1.0.0-alpha", "1.0.0-1", False),
]


@pytest.mark.parametrize(("range_", "version", "ok"), TABLE)
def test_range_table(range_: str, version: str, ok: bool):
    assert satisfies(version, range_) is ok


@pytest.mark.parametrize(
    "bad", ["^", "~", ">=1", ">=1.0.0", "1.2", "latest", "*", "", "^1", "~1.2"]
)
def test_bad_ranges(bad: str):
    assert not is_range(bad)
    with pytest.raises(ValueError, match="not a browsergrad range"):
        satisfies("1.0.0", bad)


@functools.cache
def npm_semver() -> Path:
    module = ROOT / "labextension" / "node_modules" / "semver"
    if not shutil.which("node") or not module.is_dir():
        pytest.fail("npm's semver is missing: run `jlpm install` in labextension/")
    return module


def npm_satisfies(cases: list[tuple[str, str]]) -> list[bool]:
    script = (
        f"const s = require({json.dumps(str(npm_semver()))});"
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(cases.map(([v, r]) => s.satisfies(v, r))));"
    )
    proc = subprocess.run(
        ["node", "-e", script],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(proc.stdout)


def test_the_table_is_what_npm_says():
    assert npm_satisfies([(v, r) for r, v, _ in TABLE]) == [ok for _, _, ok in TABLE]


# Versions close together, so ranges' edges are hit often.
numbers = st.integers(0, 3)
identifiers = st.sampled_from(["alpha", "beta", "rc", "0", "1", "2", "10", "x-y"])
prereleases = st.lists(identifiers, min_size=1, max_size=3).map(".".join)
builds = st.lists(st.sampled_from(["b", "7", "sha-1"]), min_size=1, max_size=2).map(".".join)


@st.composite
def versions(draw, build: bool = True) -> str:
    text = f"{draw(numbers)}.{draw(numbers)}.{draw(numbers)}"
    if draw(st.booleans()):
        text += f"-{draw(prereleases)}"
    if build and draw(st.booleans()):
        text += f"+{draw(builds)}"
    return text


ranges = st.tuples(st.sampled_from(["^", "~", ""]), versions(build=False)).map("".join)


def _release(v: str) -> tuple[int, int, int]:
    return tuple(int(n) for n in v.split("+")[0].split("-")[0].split("."))  # type: ignore[return-value]


def _pre(v: str) -> list[str]:
    core = v.split("+")[0]
    return core.split("-", 1)[1].split(".") if "-" in core else []


def _pre_key(ids: list[str]) -> tuple:
    # No prerelease sorts after any prerelease; numbers before words; shorter before longer.
    if not ids:
        return (1,)
    return (0, *[(0, int(i), "") if i.isdigit() else (1, 0, i) for i in ids])


def precedence(v: str) -> tuple:
    return (_release(v), _pre_key(_pre(v)))


def spec(version: str, range_: str) -> bool:
    """npm's range semantics, written out from its documentation."""
    op = range_[0] if range_[0] in "^~" else ""
    base = range_[len(op) :]
    major, minor, patch = _release(base)
    if _pre(version) and not (_pre(base) and _release(version) == _release(base)):
        return False
    if op == "":
        return precedence(version) == precedence(base)
    if op == "~":
        upper = (major, minor + 1, 0)
    elif major:
        upper = (major + 1, 0, 0)
    elif minor:
        upper = (0, minor + 1, 0)
    else:
        upper = (0, 0, patch + 1)
    return precedence(base) <= precedence(version) and _release(version) < upper


@settings(max_examples=400, deadline=None)
@given(versions(), ranges)
def test_ranges_follow_the_npm_rules(version: str, range_: str):
    assert is_version(version) and is_range(range_)
    assert satisfies(version, range_) is spec(version, range_)


@settings(max_examples=200, deadline=None)
@given(versions(build=False))
def test_a_version_satisfies_its_own_ranges(version: str):
    for op in ("^", "~", ""):
        assert satisfies(version, op + version)


@settings(max_examples=200, deadline=None)
@given(versions(build=False), builds, ranges)
def test_build_metadata_is_ignored(version: str, build: str, range_: str):
    assert satisfies(f"{version}+{build}", range_) is satisfies(version, range_)


@settings(max_examples=300, deadline=None)
@given(versions(), versions(build=False))
def test_tilde_is_within_caret_above_zero_zero(version: str, base: str):
    if _release(base)[:2] != (0, 0) and satisfies(version, "~" + base):
        assert satisfies(version, "^" + base)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(versions(), ranges), min_size=20, max_size=20))
def test_random_cases_agree_with_npm(cases: list[tuple[str, str]]):
    assert npm_satisfies(cases) == [satisfies(v, r) for v, r in cases]

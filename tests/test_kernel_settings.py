"""The kernel settings of a site, checked at build time against the shipped JSON Schema."""

import json
import re
from pathlib import Path

import jsonschema
import pytest
from helpers import assert_ok, lite
from test_stop_settings import kernel_settings, write_settings

from browsergrad_kernel.build_errors import KernelSettingsError
from browsergrad_kernel.site.kernel_settings import (
    SCHEMA_PATH,
    check_kernel_settings,
    schema,
    settings_problems,
)

CONFIG = Path("jupyter-lite.json")
#: the keys the build writes, so that a test varies only the one it is about
RUNTIME = {
    "pyodideUrl": "./static/browsergrad/pyodide/pyodide.mjs",
    "lockFileUrl": "./static/browsergrad/pyodide/pyodide-lock.json",
}


def check_output_limit(value, config_path: Path) -> None:
    check_kernel_settings({**RUNTIME, "outputLimit": value}, config_path)


def test_the_schema_is_a_valid_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(schema())
    assert json.loads(SCHEMA_PATH.read_text())["$schema"].endswith("/2020-12/schema")


def test_what_the_build_writes_is_valid(built_site: Path):
    assert settings_problems(kernel_settings(built_site)) == []


def test_keys_the_schema_does_not_know_are_kept():
    # a site author's own keys, or those of a later version, pass
    assert settings_problems({**RUNTIME, "timeLimitMs": 5000, "hostBridge": {}}) == []


@pytest.mark.parametrize(
    ("settings", "problems"),
    [
        (
            {},
            [
                "pyodideUrl is missing; it must be the URL of pyodide.mjs in the site, "
                "written by jupyter lite build",
                "lockFileUrl is missing; it must be the URL of pyodide-lock.json in the site, "
                "written by jupyter lite build",
            ],
        ),
        ([], ["the kernel settings must be a JSON object, got []"]),
        ({**RUNTIME, "pyodideUrl": 5}, ["pyodideUrl must be a URL, got 5"]),
        (
            {**RUNTIME, "pipliteUrls": ["./all.json", ""]},
            ['pipliteUrls[1] must be a URL, got ""'],
        ),
        (
            {**RUNTIME, "preloadPackages": "micropip"},
            ['preloadPackages must be a list of package names, got "micropip"'],
        ),
        ({**RUNTIME, "prewarm": "no"}, ['prewarm must be true or false, got "no"']),
        (
            {**RUNTIME, "isolationServiceWorker": 1},
            ["isolationServiceWorker must be true or false, got 1"],
        ),
        (
            {**RUNTIME, "timeLimit": float("nan"), "outputLimit": {"lines": 0}},
            [
                "timeLimit must be a positive number of seconds (or null), got NaN",
                "outputLimit.lines must be a positive whole number (or null), got 0",
            ],
        ),
    ],
)
def test_every_problem_names_the_key_and_the_value(settings, problems):
    assert settings_problems(settings) == problems
    with pytest.raises(KernelSettingsError) as caught:
        check_kernel_settings(settings, CONFIG)
    assert str(caught.value).splitlines() == [f"jupyter-lite.json: {p}" for p in problems]


@pytest.mark.parametrize(
    "value",
    [
        None,
        {},
        {"lines": 500},
        {"characters": 2_000_000},
        {"lines": None, "characters": 10},
        {"lines": 2e4},
    ],
)
def test_good_output_limits_pass(value):
    check_output_limit(value, CONFIG)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (5000, "outputLimit must be an object such as"),
        ("none", "outputLimit must be an object such as"),
        (
            {"rows": 10, "cols": 2},
            'outputLimit has unknown key "cols"; it takes "lines", "characters"\n'
            'jupyter-lite.json: outputLimit has unknown key "rows"; it takes "lines", "characters"',
        ),
        ({"lines": 0}, "outputLimit.lines must be a positive whole number (or null), got 0"),
        ({"lines": 2.5}, "outputLimit.lines must be a positive whole number (or null), got 2.5"),
        (
            {"characters": True},
            "outputLimit.characters must be a positive whole number (or null), got true",
        ),
        ({"lines": -2.0}, "outputLimit.lines must be a positive whole number (or null), got -2"),
        (
            {"characters": "1e6"},
            'outputLimit.characters must be a positive whole number (or null), got "1e6"',
        ),
        (
            {"characters": float("inf")},
            "outputLimit.characters must be a positive whole number (or null), got Infinity",
        ),
        ({"lines": 0.2}, "outputLimit.lines must be a positive whole number (or null), got 0.2"),
    ],
)
def test_bad_output_limits_name_the_file_and_key(value, message):
    with pytest.raises(KernelSettingsError) as caught:
        check_output_limit(value, CONFIG)
    assert str(caught.value).startswith("jupyter-lite.json: ")
    assert message in str(caught.value)


def test_the_output_limit_reaches_the_site(tmp_path: Path):
    write_settings(tmp_path, {"outputLimit": {"lines": 500}})
    assert_ok(lite("build", tmp_path))
    assert kernel_settings(tmp_path / "_output")["outputLimit"] == {"lines": 500}
    assert_ok(lite("check", tmp_path))


def test_a_bad_output_limit_fails_the_build(tmp_path: Path):
    write_settings(tmp_path, {"outputLimit": {"lines": -1}})
    proc = lite("build", tmp_path)
    assert proc.returncode != 0
    assert "outputLimit.lines must be a positive whole number (or null), got -1" in (
        proc.stdout + proc.stderr
    )


def test_docs_deploy_md_lists_every_key_with_the_schema_default():
    doc = (Path(__file__).parents[1] / "docs" / "deploy.md").read_text(encoding="utf-8")
    section = doc.split("## Kernel settings", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| `([^`]+)` \|", section, re.MULTILINE)
    properties = schema()["properties"]
    for key, default in rows:
        assert json.loads(default) == properties[key]["default"], key
    written = re.search(r"The build writes the others \((.*?)\)\.", section, re.DOTALL)
    assert written
    documented = {key for key, _ in rows} | set(re.findall(r"`(\w+)`", written.group(1)))
    assert documented == set(properties)
    assert "kernel-settings.v1.schema.json" in section

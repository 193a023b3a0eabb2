"""The browser's settings check (labextension/src/kernel/settingsCheck.ts: ajv with the shipped
schema) and the build's (jsonschema) find the same problems in the same settings."""

import re

import pytest
from node_bundle import node_module
from test_kernel_settings import RUNTIME

from browsergrad_kernel.site.kernel_settings import settings_problems

SCRIPT = """
import { checkSettings } from './module.mjs';
reply(job.map(raw => checkSettings(raw, 'https://example.org/').warnings));
"""

#: settings both checks must accept
GOOD = [
    {},
    {"timeLimit": None, "outputLimit": None},
    {"timeLimit": 0.5, "prewarm": False, "isolationServiceWorker": True},
    {"outputLimit": {"lines": 2e4, "characters": None}},
    {"pipliteUrls": ["./all.json"], "preloadPackages": ["micropip"], "labsUrl": "./labs.json"},
    {"pyodideVersion": "314.0.6", "browsergradVersion": "0.1.0", "ownKey": [1, "two"]},
    {"hostBridge": {}},
    {"hostBridge": {"origins": ["https://hub.example.org", "http://127.0.0.1:8001"]}},
    {"hostBridge": {"ackTimeoutSeconds": 0.5, "maxDonationBytes": 10, "logLevel": "error"}},
]
#: settings both checks must refuse, each with its problems
BAD = [
    {"timeLimit": 0},
    {"timeLimit": -1, "prewarm": 1},
    {"timeLimit": "10"},
    {"timeLimit": True},
    {"outputLimit": 5000},
    {"outputLimit": []},
    {"outputLimit": {"lines": 0, "characters": 2.5}},
    {"outputLimit": {"lines": True}},
    {"outputLimit": {"lines": -3.0}, "preloadPackages": ["micropip", "é", 1]},
    {"outputLimit": {"rows": 1}},
    {"pyodideUrl": "", "lockFileUrl": 3},
    {"pipliteUrls": "./all.json"},
    {"pipliteUrls": ["./all.json", 5]},
    {"preloadPackages": [""]},
    {"isolationServiceWorker": "yes"},
    {"labsUrl": None, "pyodideVersion": 314},
    {"hostBridge": {"origins": ["https://hub.example.org/"]}},
    {"hostBridge": {"origins": ["*", "hub.example.org"], "logLevel": "loud"}},
    {"hostBridge": {"ackTimeoutSeconds": 0, "maxDonationBytes": 1.5, "driveFolder": ""}},
    {"hostBridge": {"origin": "https://hub.example.org"}},
    {"hostBridge": ["https://hub.example.org"]},
]


def browser_text(warning: str) -> str:
    """A browser warning without its prefix and what the page does about it (``; using …``)."""
    return warning.removeprefix("browsergrad: ").rsplit("; ", 1)[0]


def what_and_where(problem: str) -> tuple[str, str]:
    """The key a problem names and the kind of problem, in either language's words."""
    problem = problem.removeprefix("browsergrad: ")
    if found := re.match(r"(\S+) (must be .*?), got ", problem):
        return found.group(1), found.group(2)
    if found := re.match(r"(\S+) has unknown key", problem):
        return found.group(1), "unknown key"
    raise AssertionError(f"unexpected problem text: {problem}")


@pytest.fixture(scope="module")
def browser_warnings(tmp_path_factory: pytest.TempPathFactory):
    """The browser's warnings for each of a list of settings (each with the runtime URLs)."""
    run = node_module(tmp_path_factory, "kernel/settingsCheck.ts", SCRIPT)
    return lambda cases: run([{**RUNTIME, **case} for case in cases])


def test_both_accept_the_same_settings(browser_warnings):
    for case, warnings in zip(GOOD, browser_warnings(GOOD), strict=True):
        assert settings_problems({**RUNTIME, **case}) == [], case
        assert warnings == [], case


def test_both_name_the_same_keys_and_problems(browser_warnings):
    for case, warnings in zip(BAD, browser_warnings(BAD), strict=True):
        python = sorted(map(what_and_where, settings_problems({**RUNTIME, **case})))
        assert python, case
        assert sorted(map(what_and_where, warnings)) == python, case


def test_both_spell_the_problems_alike(browser_warnings):
    # the same words and the values spelt as JSON on both sides (true, "10", not True, '10')
    for case, warnings in zip(BAD, browser_warnings(BAD), strict=True):
        python = sorted(settings_problems({**RUNTIME, **case}))
        assert sorted(map(browser_text, warnings)) == python, case

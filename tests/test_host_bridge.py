"""The host bridge's pieces under CPython: its site settings (``hostBridge``, checked by the
build), ``bg.submit_results()`` and the answer it reads, and the reference host page served by
``browsergrad-kernel host``. The bridge itself is tested under Node
(``labextension/test/hostBridge.test.mjs``) and in Chromium
(``ui-tests/tests/host-bridge.spec.ts``)."""

import re
import threading
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import comm
import pytest
from helpers import assert_ok, lite
from test_kernel_settings import RUNTIME
from test_stop_settings import kernel_settings, write_settings

import browsergrad as bg
from browsergrad import submission
from browsergrad_kernel.build_errors import KernelSettingsError
from browsergrad_kernel.site.kernel_settings import check_kernel_settings, settings_problems
from browsergrad_kernel.site.serve import HOST_PAGE, ISOLATION_HEADERS, make_server


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (
            {"origins": ["https://hub.example.org/lti"]},
            'hostBridge.origins[0] must be an origin such as "https://hub.example.org" '
            '(scheme, host and port; no path, no wildcard), got "https://hub.example.org/lti"',
        ),
        (
            {"origins": "https://hub.example.org"},
            'hostBridge.origins must be a list of origins such as "https://hub.example.org", '
            'got "https://hub.example.org"',
        ),
        (
            {"ackTimeoutSeconds": -1},
            "hostBridge.ackTimeoutSeconds must be a positive number of seconds, got -1",
        ),
        (
            {"logLevel": "verbose"},
            'hostBridge.logLevel must be one of "debug", "info", "warn", "error", got "verbose"',
        ),
        (
            {"maxDonationBytes": 0},
            "hostBridge.maxDonationBytes must be a positive whole number of bytes, got 0",
        ),
        (
            {"origin": "https://hub.example.org"},
            'hostBridge has unknown key "origin"; it takes "origins", "ackTimeoutSeconds", '
            '"maxDonationBytes", "logLevel", "driveFolder"',
        ),
    ],
)
def test_bad_host_bridge_settings_name_the_key_and_value(value, problem, tmp_path: Path):
    assert settings_problems({**RUNTIME, "hostBridge": value}) == [problem]
    with pytest.raises(KernelSettingsError, match=re.escape(f"{tmp_path}: {problem}")):
        check_kernel_settings({**RUNTIME, "hostBridge": value}, tmp_path)


def test_no_origin_is_allowed_by_default():
    from browsergrad_kernel.site.kernel_settings import schema

    assert schema()["properties"]["hostBridge"]["default"]["origins"] == []


def test_the_host_origins_reach_the_site(tmp_path: Path):
    origins = ["https://hub.example.org", "http://127.0.0.1:8001"]
    write_settings(tmp_path, {"hostBridge": {"origins": origins}})
    assert_ok(lite("build", tmp_path))
    assert kernel_settings(tmp_path / "_output")["hostBridge"] == {"origins": origins}


def test_a_bad_origin_fails_the_build(tmp_path: Path):
    write_settings(tmp_path, {"hostBridge": {"origins": ["*"]}})
    proc = lite("build", tmp_path)
    assert proc.returncode != 0
    assert 'hostBridge.origins[0] must be an origin such as "https://hub.example.org"' in (
        proc.stdout + proc.stderr
    )


def test_submit_results_outside_a_notebook_says_so():
    with pytest.raises(RuntimeError, match="submit_results\\(\\) needs a notebook"):
        bg.submit_results()


class FakeComm(comm.base_comm.BaseComm):
    """A comm that records what it would publish."""

    def __init__(self, **kwargs):
        self.published = []
        super().__init__(**kwargs)

    def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
        self.published.append((msg_type, data, keys))


class FakeShell:
    kernel = object()


def test_submit_results_opens_its_comm_and_shows_the_answer(monkeypatch):
    shown = []
    opened = []

    def create_comm(**kwargs):
        opened.append(FakeComm(**kwargs))
        return opened[-1]

    monkeypatch.setattr(submission, "get_shell", lambda: FakeShell())
    monkeypatch.setattr(comm, "create_comm", create_comm)
    monkeypatch.setattr(submission.Submission, "_show", lambda self: shown.append(self.text()))
    result = bg.submit_results()
    assert not result.done
    assert shown == ["Submitting the notebook's results…"]
    [channel] = opened
    assert channel.target_name == "browsergrad.submit.v1"
    assert channel.published[0][0] == "comm_open"
    assert channel.published[0][1] == {"version": 1}
    answer = {"success": True, "key": "browsergrad.submission.v1", "status": 200, "error": None}
    channel.handle_msg({"content": {"data": {"version": 1, "response": answer}}})
    assert result.response == answer
    assert result.success
    assert shown[-1] == "The results were submitted to the hub (a provisional score)."
    # a later close does not overwrite the answer
    channel.handle_close({"content": {"data": {}}})
    assert result.response == answer


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (
            {"response": {"success": True, "key": "k", "status": 0, "savedTo": "donations/a.json"}},
            "No hub is connected: the results were saved to donations/a.json.",
        ),
        (
            {"response": {"success": False, "key": "k", "status": 500, "error": "no thanks"}},
            "The results were not submitted: no thanks.",
        ),
        ("garbage", "The results were not submitted: the page answered with something"),
    ],
)
def test_the_answer_is_read_defensively(data, text):
    result = submission.Submission()
    result._show = lambda: None
    result._on_msg({"content": {"data": data}})
    assert result.text().startswith(text)


def test_a_page_without_the_extension_closes_the_comm_and_is_named():
    result = submission.Submission()
    result._show = lambda: None
    result._on_close({"content": {}})
    assert not result.success
    assert "has no browsergrad-kernel extension" in result.text()


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs = []

    def handle_starttag(self, tag, attrs):
        self.refs += [value for name, value in attrs if name in ("src", "href") and value]


def test_the_host_page_is_self_contained():
    parser = _Refs()
    parser.feed((HOST_PAGE / "index.html").read_text(encoding="utf-8"))
    assert sorted(parser.refs) == ["host.css", "host.js"]
    for name in parser.refs:
        assert (HOST_PAGE / name).is_file()
    script = (HOST_PAGE / "host.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert re.findall(r"https?://[^'\"`\s]+", script) == ["http://127.0.0.1:8000/lab/index.html"]


def test_the_host_page_is_served_without_isolation_headers():
    server = make_server(HOST_PAGE, 0, isolated=False)
    thread = threading.Thread(target=server.handle_request)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/"
        with urllib.request.urlopen(url, timeout=10) as response:
            body = response.read().decode()
            headers = response.headers
    finally:
        thread.join()
        server.server_close()
    assert "browsergrad reference host" in body
    assert not set(ISOLATION_HEADERS) & set(headers)

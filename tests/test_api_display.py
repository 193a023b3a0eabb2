"""Display data in a real IPython shell: one updating output per cell, throttled;
one output per image."""

import asyncio
import os

import pytest
from bgtest import EVENT, EVENTS, IMAGES, b64, validated_events
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config

import browsergrad as bg
from browsergrad import _display

GIF = b64(IMAGES["image/gif"])
EVENTS_MIME = "application/vnd.browsergrad.events.v1+json"
IMAGE_MIME = "application/vnd.browsergrad.image.v1+json"


class Recorder(DisplayPublisher):
    """Keeps every publish: (data, transient, update)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.calls: list[tuple[dict, dict, bool]] = []

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kw):
        self.calls.append((data, transient or {}, update))


@pytest.fixture(scope="module")
def shell(tmp_path_factory):
    saved = os.environ.get("IPYTHONDIR")
    os.environ["IPYTHONDIR"] = str(tmp_path_factory.mktemp("ipython"))
    config = Config()
    config.HistoryManager.hist_file = ":memory:"
    shell = InteractiveShell.instance(config=config)
    shell.display_pub = Recorder(shell=shell)
    shell.run_cell("import browsergrad as bg, base64")
    yield shell
    InteractiveShell.clear_instance()
    if saved is None:
        os.environ.pop("IPYTHONDIR", None)
    else:
        os.environ["IPYTHONDIR"] = saved


@pytest.fixture
def published(shell):
    """Run a cell; return what it published."""
    recorder = shell.display_pub

    def run(code: str) -> list[tuple[dict, dict, bool]]:
        recorder.calls.clear()
        result = shell.run_cell(code)
        assert result.error_in_exec is None and result.error_before_exec is None
        return list(recorder.calls)

    yield run
    recorder.calls.clear()


@pytest.fixture(autouse=True)
def _valid_events():
    yield from validated_events()


def events_of(call) -> list[dict]:
    data = call[0]
    EVENTS.validate(data[EVENTS_MIME])
    return data[EVENTS_MIME]["events"]


def test_one_cell_is_one_output_that_updates(published):
    calls = published(
        "bg.assert_pass('sum_of_0_to_9')\n"
        "bg.assert_fail('mean', 'wrong mean', expected=4.5, actual=4)\n"
        "bg.log('note', 'hello')\n"
        "bg.emit_json('series', [1, 2])\n"
    )
    first, *updates = calls
    assert first[2] is False and all(update for _, _, update in updates)
    display_id = first[1]["display_id"]
    assert all(transient == {"display_id": display_id} for _, transient, _ in calls)
    data = calls[-1][0]
    assert set(data) == {EVENTS_MIME, "text/plain"}
    assert [e["name"] for e in events_of(calls[-1])] == ["sum_of_0_to_9", "mean", "note", "series"]
    assert data["text/plain"] == (
        "✓ sum_of_0_to_9\n✗ mean: wrong mean (expected 4.5, got 4)\n[info] note: hello\n"
        "{json} series"
    )
    assert events_of(calls[-1]) == bg.events()


def test_each_cell_gets_a_new_display_id(published):
    one = published("bg.assert_pass('a')")
    two = published("bg.assert_pass('b')")
    assert len(one) == len(two) == 1
    assert one[0][1]["display_id"] != two[0][1]["display_id"]
    assert [e["name"] for e in events_of(two[0])] == ["b"]
    assert published("x = 1") == []


def test_throttle_10000_calls_are_a_handful_of_publishes(published):
    calls = published("for i in range(10_000):\n    bg.assert_pass(f'p{i}')\n")
    assert 2 <= len(calls) <= 20
    assert calls[0][2] is False and len(events_of(calls[0])) == 1
    assert all(update for _, _, update in calls[1:])
    assert len({transient["display_id"] for _, transient, _ in calls}) == 1
    final = events_of(calls[-1])
    assert [e["name"] for e in final] == [f"p{i}" for i in range(10_000)]
    assert final == bg.events()
    text = calls[-1][0]["text/plain"].split("\n")
    assert text[:2] == ["✓ p0", "✓ p1"]
    assert text[199:] == ["✓ p199", "… and 9800 more"]


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_throttle_publishes_when_due_and_flushes_at_the_end(shell, published, monkeypatch):
    clock = Clock()
    monkeypatch.setattr(_display, "monotonic", clock)
    calls = []
    shell.display_pub.publish = lambda data, *a, transient=None, update=False, **k: calls.append(
        ([e["name"] for e in data[EVENTS_MIME]["events"]], update)
    )
    try:
        shell.run_cell(
            "from browsergrad import _display\n"
            "bg.assert_pass('a')\n"  # shown at once
            "bg.assert_pass('b')\n"  # not yet due
            "_display.monotonic.now += 0.05\n"
            "bg.assert_pass('c')\n"  # not yet due
            "_display.monotonic.now += 0.06\n"
            "bg.assert_pass('d')\n"  # due: a..d
            "bg.assert_pass('e')\n"  # the end of the cell flushes
        )
    finally:
        del shell.display_pub.publish
    assert calls == [
        (["a"], False),
        (["a", "b", "c", "d"], True),
        (["a", "b", "c", "d", "e"], True),
    ]


def test_a_slow_publish_slows_the_throttle(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(_display, "monotonic", clock)

    def slow_display(*args, **kwargs):
        clock.now += 0.5

    monkeypatch.setattr("IPython.display.display", slow_display)
    output = _display.CellOutput()
    output.publish()
    assert output.due == clock.now + _display.SLOWDOWN * 0.5


def test_images_are_their_own_outputs(published):
    png, svg = b64(IMAGES["image/png"]), IMAGES["image/svg+xml"]
    calls = published(
        f"bg.assert_pass('before')\n"
        f"bg.emit_image('plot', 'image/png', {png!r})\n"
        f"bg.emit_image('vector', 'image/svg+xml', {b64(svg)!r})\n"
        f"bg.assert_pass('after')\n"
    )
    grouped = [call for call in calls if EVENTS_MIME in call[0]]
    images = [call for call in calls if IMAGE_MIME in call[0]]
    assert len(grouped) + len(images) == len(calls) and len(images) == 2
    assert [e["name"] for e in events_of(grouped[-1])] == ["before", "after"]
    plot, vector = (data for data, _, _ in images)
    assert all(transient == {} for _, transient, _ in images)
    assert set(plot) == {IMAGE_MIME, "image/png", "text/plain"}
    assert plot["image/png"] == png
    assert plot["text/plain"] == f"[image plot: image/png, {len(IMAGES['image/png'])} B]"
    assert vector["image/svg+xml"] == svg.decode()
    for data in (plot, vector):
        EVENT.validate(data[IMAGE_MIME])
    assert [e["name"] for e in bg.events()] == ["before", "plot", "vector", "after"]
    assert bg.events()[1] == plot[IMAGE_MIME]


def test_a_truncated_image_has_no_image_key(published):
    bg.configure(max_artifact_bytes=10)
    (call,) = published(f"bg.emit_image('big', 'image/gif', {b64(IMAGES['image/gif'])!r})")
    data = call[0]
    assert set(data) == {IMAGE_MIME, "text/plain"}
    assert data[IMAGE_MIME]["truncated"] is True
    assert data["text/plain"] == f"[image big: image/gif, {len(IMAGES['image/gif'])} B, truncated]"


def test_truncated_payloads_are_marked_in_text(published):
    bg.configure(max_artifact_bytes=5)
    calls = published("bg.emit_json('rows', list(range(10)))\nbg.log('l', 'a long text')")
    assert (
        calls[-1][0]["text/plain"] == "{json} rows [truncated: 21 B]\n[info] l: [truncated: 13 B]"
    )


def test_check_in_a_cell_shows_the_bare_assert_line(published):
    calls = published("x = 1\nwith bg.check('bare'):\n    assert x == 2\n")
    assert calls[-1][0]["text/plain"] == "✗ bare: assert failed: assert x == 2"


def test_an_async_cell_without_post_run_cell_is_flushed_by_the_loop(shell, monkeypatch):
    """pyodide_kernel runs cells with top-level await through run_cell_async, which does
    not trigger post_run_cell: the deferred events are flushed on the asyncio loop."""
    monkeypatch.setattr(_display, "INTERVAL", 0.01)
    recorder = shell.display_pub
    recorder.calls.clear()
    code = "import asyncio\nawait asyncio.sleep(0)\nfor n in 'abc':\n    bg.assert_pass(n)\n"

    async def run():
        await shell.run_cell_async(code, transformed_cell=code)
        await asyncio.sleep(0.2)

    asyncio.run(run())
    assert [e["name"] for e in events_of(recorder.calls[-1])] == ["a", "b", "c"]
    assert len({transient["display_id"] for _, transient, _ in recorder.calls}) == 1
    shell.run_cell("pass")  # the next cell starts a new output


def test_the_next_cell_flushes_what_an_async_cell_left(shell):
    recorder = shell.display_pub
    recorder.calls.clear()
    code = "for n in 'abc':\n    bg.assert_pass(n)\n"
    asyncio.run(shell.run_cell_async(code, transformed_cell=code))  # no loop left to flush
    assert [e["name"] for e in events_of(recorder.calls[-1])] == ["a"]
    display_id = recorder.calls[0][1]["display_id"]
    shell.run_cell("bg.assert_pass('d')")
    tail, new = recorder.calls[-2:]
    assert (tail[1]["display_id"], tail[2]) == (display_id, True)
    assert [e["name"] for e in events_of(tail)] == ["a", "b", "c"]
    assert new[1]["display_id"] != display_id
    assert [e["name"] for e in events_of(new)] == ["d"]


def test_a_failing_display_warns_and_loses_no_event(shell):
    def broken(*args, **kwargs):
        raise OSError("frontend gone")

    shell.display_pub.publish = broken
    try:
        with pytest.warns(RuntimeWarning, match="could not display an event: OSError"):
            shell.run_cell(f"bg.assert_pass('a')\nbg.emit_image('i', 'image/gif', {GIF!r})")
    finally:
        del shell.display_pub.publish
    assert [e["name"] for e in bg.events()] == ["a", "i"]


def test_outside_a_shell_nothing_is_displayed(shell):
    recorder = shell.display_pub
    recorder.calls.clear()
    InteractiveShell.clear_instance()
    try:
        bg.assert_pass("headless")
        assert _display.get_shell() is None
    finally:
        InteractiveShell._instance = shell
    assert recorder.calls == []
    assert bg.events()[-1]["name"] == "headless"

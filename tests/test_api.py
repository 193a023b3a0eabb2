"""The browsergrad API under plain CPython: events, their order, the collector."""

import itertools
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from bgtest import FIELDS, IMAGES, assert_valid, b64, last, validated_events

import browsergrad as bg
from browsergrad import collector
from browsergrad import text as event_text


@pytest.fixture(autouse=True)
def _valid_events():
    yield from validated_events()


def test_public_api_is_all_listed():
    assert sorted(bg.__all__) == sorted(
        [
            "NotEqualError",
            "Submission",
            "__version__",
            "assert_equal",
            "assert_error",
            "assert_fail",
            "assert_pass",
            "check",
            "check_equal",
            "clear",
            "configure",
            "emit_image",
            "emit_json",
            "events",
            "log",
            "question",
            "run_flow",
            "submit_results",
        ]
    )
    for name in bg.__all__:
        assert hasattr(bg, name)
    assert issubclass(bg.NotEqualError, AssertionError)


def test_assert_pass():
    before = datetime.now(UTC) - timedelta(seconds=1)
    bg.assert_pass("sum_of_0_to_9")
    bg.assert_pass("timed", duration_ms=12.5)
    first, second = bg.events()
    assert first == {
        "type": "assertion",
        "name": "sum_of_0_to_9",
        "timestamp": first["timestamp"],
        "seq": first["seq"],
        "status": "pass",
        "message": None,
        "expected": None,
        "actual": None,
        "expected_repr": None,
        "actual_repr": None,
        "exc_type": None,
        "duration_ms": None,
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", first["timestamp"])
    when = datetime.strptime(first["timestamp"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    assert before <= when <= datetime.now(UTC)
    assert second["duration_ms"] == 12.5
    assert second["seq"] == first["seq"] + 1


def test_assert_fail_keeps_json_values():
    bg.assert_fail("mean", "wrong mean", expected=4.5, actual=4)
    event = last()
    assert (event["status"], event["message"]) == ("fail", "wrong mean")
    assert (event["expected"], event["actual"]) == (4.5, 4)
    assert event["expected_repr"] is event["actual_repr"] is None
    bg.assert_fail("rows", "bad", expected={"a": [1, None, "x"]}, actual=[True], duration_ms=3)
    event = last()
    assert (event["expected"], event["actual"], event["duration_ms"]) == (
        {"a": [1, None, "x"]},
        [True],
        3.0,
    )


class Point:
    def __repr__(self):
        return "Point(1, 2)"


class BadRepr:
    def __repr__(self):
        raise RuntimeError("no")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ({1, 2}, "{1, 2}"),
        (Point(), "Point(1, 2)"),
        ((1, 2), "(1, 2)"),
        (float("nan"), "nan"),
        ({1: "a"}, "{1: 'a'}"),
        ([1, {2}], "[1, {2}]"),
        (BadRepr(), "<test_api.BadRepr object; repr() failed: RuntimeError>"),
    ],
)
def test_values_that_are_not_json_are_shown_by_repr(value, shown):
    bg.assert_fail("x", "differs", expected=value, actual=value)
    event = last()
    assert (event["expected"], event["expected_repr"]) == (None, shown)
    assert (event["actual"], event["actual_repr"]) == (None, shown)


def test_assert_error():
    try:
        _ = 1 / 0
    except ZeroDivisionError as exc:
        bg.assert_error("divide", "could not divide", exc=exc, duration_ms=0)
    bg.assert_error("plain", "no exception given")
    divide, plain = bg.events()
    assert (divide["status"], divide["exc_type"], divide["message"]) == (
        "error",
        "ZeroDivisionError",
        "could not divide",
    )
    assert divide["duration_ms"] == 0
    assert (plain["exc_type"], plain["message"]) == (None, "no exception given")


def test_log_and_emit_json():
    bg.log("epoch", "loss went down")
    bg.log("loss", {"value": 0.25}, level="warning")
    bg.emit_json("series", {"x": [0, 1, 2], "label": "é"})
    bg.emit_json("pair", (1, 2))
    bg.emit_json("nothing", None)
    text, loss, series, pair, nothing = bg.events()
    assert (text["type"], text["level"], text["data"], text["size"]) == (
        "log",
        "info",
        "loss went down",
        len('"loss went down"'),
    )
    assert (loss["level"], loss["data"]) == ("warning", {"value": 0.25})
    assert series["type"] == "json"
    assert series["data"] == {"x": [0, 1, 2], "label": "é"}
    assert series["size"] == len('{"x":[0,1,2],"label":"é"}'.encode())
    assert pair["data"] == [1, 2]
    assert (nothing["data"], nothing["truncated"]) == (None, False)


def test_events_keep_a_snapshot_of_the_data():
    rows = [1]
    bg.emit_json("rows", rows)
    bg.log("rows", rows)
    expected = {"n": [1]}
    bg.assert_fail("n", "differs", expected=expected, actual=2)
    rows.append(2)
    expected["n"].append(2)
    assert [event.get("data", event.get("expected")) for event in bg.events()] == [
        [1],
        [1],
        {"n": [1]},
    ]


def test_emit_image_every_type():
    for mime, raw in IMAGES.items():
        bg.emit_image(f"pic {mime}", mime, b64(raw))
    events = bg.events()
    assert [event["mime"] for event in events] == list(IMAGES)
    assert [event["size"] for event in events] == [len(raw) for raw in IMAGES.values()]
    assert all(event["truncated"] is False for event in events)
    assert all(list(event) == FIELDS["image"] for event in events)


def test_emit_image_accepts_line_wrapped_base64():
    import base64

    bg.emit_image("wrapped", "image/png", base64.encodebytes(IMAGES["image/png"] * 10).decode())
    assert last()["size"] == len(IMAGES["image/png"]) * 10


def test_order_and_seq_across_every_kind_of_call():
    bg.assert_pass("a")
    bg.log("b", 1)
    bg.emit_json("c", [])
    bg.emit_image("d", "image/gif", b64(IMAGES["image/gif"]))
    bg.assert_fail("e", "no")
    bg.assert_error("f", "boom")
    events = bg.events()
    assert [event["name"] for event in events] == list("abcdef")
    seqs = [event["seq"] for event in events]
    assert seqs == list(range(seqs[0], seqs[0] + 6))


def test_collector_returns_copies_and_clear_keeps_seq_counting():
    bg.assert_pass("one")
    copy = bg.events()
    copy[0]["name"] = "changed"
    copy.clear()
    assert [event["name"] for event in bg.events()] == ["one"]
    seq = last()["seq"]
    bg.clear()
    assert bg.events() == []
    bg.assert_pass("two")
    assert last()["seq"] == seq + 1


def test_a_subscriber_hears_each_event_as_it_is_made():
    heard = []
    unsubscribe = collector.subscribe(lambda event: heard.append((event["name"], len(bg.events()))))
    bg.assert_pass("one")
    bg.log("two", 2)
    unsubscribe()
    bg.assert_pass("three")
    unsubscribe()  # a second time does nothing
    # each event is heard once it is kept, in order, and not after unsubscribing
    count = len(bg.events())
    assert heard == [("one", count - 2), ("two", count - 1)]


def test_many_events_are_all_kept_in_order():
    for i in range(10_000):
        bg.assert_pass(f"p{i}")
    events = bg.events()
    assert len(events) == 10_000
    assert [event["name"] for event in events[:3]] == ["p0", "p1", "p2"]
    assert all(b["seq"] == a["seq"] + 1 for a, b in itertools.pairwise(events))


def test_configure_and_the_size_cap():
    assert bg.configure() == {"max_artifact_bytes": 1_000_000}
    assert bg.configure(max_artifact_bytes=10) == {"max_artifact_bytes": 10}
    bg.emit_json("small", [1, 2])
    bg.emit_json("big", list(range(100)))
    bg.log("big log", "x" * 20, level="debug")
    bg.emit_image("big image", "image/png", b64(IMAGES["image/png"]))
    bg.assert_fail("big values", "differs", expected="y" * 20, actual=list(range(20)))
    small, big, big_log, image, values = bg.events()
    assert (small["data"], small["truncated"]) == ([1, 2], False)
    assert (big["data"], big["truncated"], big["size"]) == (None, True, 291)
    assert (big_log["data"], big_log["truncated"], big_log["size"]) == (None, True, 22)
    assert (image["truncated"], image["size"]) == (True, len(IMAGES["image/png"]))
    assert values["expected"] is values["actual"] is None
    assert values["expected_repr"] == "'yyyyyyyy…"
    assert values["actual_repr"] == "[0, 1, 2,…"
    assert event_text.line(big) == "{json} big [truncated: 291 B]"
    assert event_text.line(big_log) == "[debug] big log: [truncated: 22 B]"
    assert event_text.image(image) == "[image big image: image/png, 36 B, truncated]"


def test_a_huge_artifact_is_summarised_not_kept():
    bg.emit_json("huge", ["x" * 1000] * 2000)
    event = last()
    assert (event["data"], event["truncated"], event["size"]) == (None, True, 2_000 * 1_003 + 1)


def test_text_lines():
    bg.assert_pass("sum_of_0_to_9")
    bg.assert_fail("mean", "wrong mean", expected=4.5, actual=4)
    bg.assert_fail("words", "differs", expected="a b", actual={1})
    bg.assert_fail("bare", "no values")
    bg.assert_error("divide", "division by zero", exc=ZeroDivisionError())
    bg.assert_error("plain", "stopped")
    bg.log("epoch", "loss went down", level="warning")
    bg.log("loss", {"value": 0.5})
    bg.emit_json("series", [1])
    bg.emit_image("plot", "image/png", b64(IMAGES["image/png"] * 500))
    assert [event_text.line(event) for event in bg.events()] == [
        "✓ sum_of_0_to_9",
        "✗ mean: wrong mean (expected 4.5, got 4)",
        '✗ words: differs (expected "a b", got {1})',
        "✗ bare: no values",
        "! divide: ZeroDivisionError: division by zero",
        "! plain: stopped",
        "[warning] epoch: loss went down",
        '[info] loss: {"value": 0.5}',
        "{json} series",
        "[image plot: image/png, 18.0 kB]",
    ]


def test_text_is_plain_one_line_per_event():
    bg.assert_fail("evil\n✓ forged", "\x1b[31mred\x1b[0m\r\u202eevil", expected=1, actual=2)
    line = event_text.line(last())
    assert line == "✗ evil\\n✓ forged: \\x1b[31mred\\x1b[0m\\r\\u202eevil (expected 1, got 2)"
    bg.log("long", "z" * 5000)
    assert len(event_text.line(last())) < 250
    # the event itself keeps the strings as given
    assert bg.events()[0]["name"] == "evil\n✓ forged"


def test_text_caps_the_number_of_lines():
    shown = [f"✓ p{i}" for i in range(200)]
    assert event_text.lines(shown, 200).count("\n") == 199
    assert event_text.lines(shown, 10_000).endswith("✓ p199\n… and 9800 more")


def test_cpython_without_ipython_only_collects():
    code = (
        "import sys, browsergrad as bg\n"
        "bg.assert_pass('a'); bg.emit_image('i', 'image/svg+xml', {!r})\n"
        "assert 'IPython' not in sys.modules, 'IPython was imported'\n"
        "print(len(bg.events()))\n"
    ).format(b64(IMAGES["image/svg+xml"]))
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "2\n", "")


def test_every_event_here_is_valid_against_the_schema():
    bg.assert_pass("a", duration_ms=1)
    bg.log("b", [1, "two", None, True, {"x": 1.5}], level="error")
    for event in bg.events():
        assert_valid(event)

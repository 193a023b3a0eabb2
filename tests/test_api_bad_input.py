"""Each bad input is a clear error at the call site; nothing is recorded, nothing lost."""

import math
import re

import pytest
from bgtest import IMAGES, b64, validated_events

import browsergrad as bg


@pytest.fixture(autouse=True)
def _valid_events():
    yield from validated_events()


class Thing:
    pass


class FakeArray:
    def tolist(self):
        return [1]


def circular():
    rows = [1]
    rows.append({"self": rows})
    return rows


PNG = b64(IMAGES["image/png"])

BAD = {
    "name int": (lambda: bg.assert_pass(3), TypeError, "assert_pass: name must be a str, not int"),
    "name None": (
        lambda: bg.assert_fail(None, "m"),
        TypeError,
        "assert_fail: name must be a str, not NoneType",
    ),
    "name bytes": (lambda: bg.log(b"x", 1), TypeError, "log: name must be a str, not bytes"),
    "check name": (lambda: bg.check(1.5), TypeError, "check: name must be a str, not float"),
    "check_equal name": (
        lambda: bg.check_equal(["a"], 1, 1),
        TypeError,
        "check_equal: name must be a str, not list",
    ),
    "image name": (
        lambda: bg.emit_image(7, "image/png", PNG),
        TypeError,
        "emit_image: name must be a str, not int",
    ),
    "message": (
        lambda: bg.assert_fail("x", 42),
        TypeError,
        "assert_fail: message must be a str, not int",
    ),
    "exc": (
        lambda: bg.assert_error("x", "m", exc="boom"),
        TypeError,
        "assert_error: exc must be an exception or None, not str",
    ),
    "set": (
        lambda: bg.emit_json("x", {"a": [0, 1, 2, {1}]}),
        TypeError,
        'emit_json: data["a"][3] (set) is not JSON-serialisable',
    ),
    "object": (
        lambda: bg.emit_json("x", [{"k": Thing()}]),
        TypeError,
        'emit_json: data[0]["k"] (test_api_bad_input.Thing) is not JSON-serialisable',
    ),
    "array-like": (
        lambda: bg.emit_json("x", {"arr": FakeArray()}),
        TypeError,
        r'data["arr"] (test_api_bad_input.FakeArray) is not JSON-serialisable; '
        "convert it first (e.g. with .tolist())",
    ),
    "nan": (
        lambda: bg.emit_json("x", {"a": [1.0, math.nan]}),
        TypeError,
        'emit_json: data["a"][1] is nan, which JSON cannot represent',
    ),
    "infinity": (
        lambda: bg.log("x", -math.inf),
        TypeError,
        "log: data is -inf, which JSON cannot represent",
    ),
    "int key": (
        lambda: bg.emit_json("x", {"a": {1: "one"}}),
        TypeError,
        'emit_json: data["a"] has the key 1 (int); JSON keys must be str',
    ),
    "tuple key": (
        lambda: bg.emit_json("x", {(1, 2): 3}),
        TypeError,
        "emit_json: data has the key (1, 2) (tuple); JSON keys must be str",
    ),
    "circular": (
        lambda: bg.emit_json("x", circular()),
        TypeError,
        'emit_json: data[1]["self"] contains itself (a circular reference)',
    ),
    "bytes data": (
        lambda: bg.log("x", b"raw"),
        TypeError,
        "log: data (bytes) is not JSON-serialisable",
    ),
    "level": (
        lambda: bg.log("x", 1, level="loud"),
        ValueError,
        "log: level must be one of debug, info, warning, error; got 'loud'",
    ),
    "level case": (lambda: bg.log("x", 1, level="INFO"), ValueError, "got 'INFO'"),
    "level type": (lambda: bg.log("x", 1, level=None), ValueError, "got None"),
    "duration negative": (
        lambda: bg.assert_pass("x", duration_ms=-1),
        ValueError,
        "assert_pass: duration_ms must be a finite number >= 0, got -1",
    ),
    "duration nan": (
        lambda: bg.assert_fail("x", "m", duration_ms=math.nan),
        ValueError,
        "assert_fail: duration_ms must be a finite number >= 0, got nan",
    ),
    "duration str": (
        lambda: bg.assert_error("x", "m", duration_ms="5"),
        TypeError,
        "assert_error: duration_ms must be a number or None, not str",
    ),
    "duration bool": (
        lambda: bg.assert_pass("x", duration_ms=True),
        TypeError,
        "duration_ms must be a number or None, not bool",
    ),
    "mime": (
        lambda: bg.emit_image("x", "image/bmp", PNG),
        ValueError,
        "emit_image: mime must be one of image/png, image/jpeg, image/gif, image/webp, "
        "image/svg+xml; got 'image/bmp'",
    ),
    "mime not image": (
        lambda: bg.emit_image("x", "text/html", b64(b"<b>hi</b>")),
        ValueError,
        "got 'text/html'",
    ),
    "mime type": (lambda: bg.emit_image("x", None, PNG), TypeError, "mime must be a str"),
    "base64": (
        lambda: bg.emit_image("x", "image/png", "not base64!"),
        ValueError,
        "emit_image: data_base64 is not valid base64",
    ),
    "base64 padding": (
        lambda: bg.emit_image("x", "image/png", PNG[:-3]),
        ValueError,
        "data_base64 is not valid base64",
    ),
    "base64 bytes": (
        lambda: bg.emit_image("x", "image/png", PNG.encode()),
        TypeError,
        "data_base64 must be a str of base64 text, not bytes "
        "(use base64.b64encode(raw).decode('ascii'))",
    ),
    "png is not jpeg": (
        lambda: bg.emit_image("x", "image/jpeg", PNG),
        ValueError,
        "emit_image: data_base64 does not hold a JPEG image",
    ),
    "jpeg is not png": (
        lambda: bg.emit_image("x", "image/png", b64(IMAGES["image/jpeg"])),
        ValueError,
        "does not hold a PNG image",
    ),
    "riff is not webp": (
        lambda: bg.emit_image("x", "image/webp", b64(b"RIFF\x00\x00\x00\x00WAVEfmt ")),
        ValueError,
        "does not hold a WEBP image",
    ),
    "gif": (
        lambda: bg.emit_image("x", "image/gif", b64(b"GIF90a")),
        ValueError,
        "does not hold a GIF image",
    ),
    "empty": (lambda: bg.emit_image("x", "image/png", ""), ValueError, "PNG"),
    "svg without svg": (
        lambda: bg.emit_image("x", "image/svg+xml", b64(b"<html></html>")),
        ValueError,
        "emit_image: the SVG data has no <svg element",
    ),
    "svg not text": (
        lambda: bg.emit_image("x", "image/svg+xml", b64(b"<svg \xff\xfe>")),
        ValueError,
        "emit_image: the SVG data is not UTF-8 text",
    ),
    "assert_equal msg": (
        lambda: bg.assert_equal(1, 1, msg=3),
        TypeError,
        "assert_equal: msg must be a str, not int",
    ),
    "decorate a non-function": (
        lambda: bg.check("x")(42),
        TypeError,
        "check: decorates a function, not int",
    ),
    "configure type": (
        lambda: bg.configure(max_artifact_bytes="1MB"),
        TypeError,
        "configure: max_artifact_bytes must be an int, not str",
    ),
    "configure bool": (
        lambda: bg.configure(max_artifact_bytes=True),
        TypeError,
        "must be an int, not bool",
    ),
    "configure zero": (
        lambda: bg.configure(max_artifact_bytes=0),
        ValueError,
        "configure: max_artifact_bytes must be positive, got 0",
    ),
    "configure unknown": (
        lambda: bg.configure(max_bytes=5),
        TypeError,
        "unexpected keyword argument 'max_bytes'",
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_input_is_a_clear_error_and_records_nothing(case):
    call, error, text = BAD[case]
    bg.assert_pass("before")
    settings = bg.configure()
    with pytest.raises(error, match=re.escape(text)):
        call()
    assert bg.configure() == settings
    bg.assert_pass("after")
    before, after = bg.events()
    assert (before["name"], after["name"]) == ("before", "after")
    assert after["seq"] == before["seq"] + 1


def test_errors_name_the_public_function():
    with pytest.raises(TypeError, match=r"^browsergrad\.emit_json: "):
        bg.emit_json("x", {1})


def test_a_deeply_nested_value_is_an_error_not_a_crash():
    value: list = []
    for _ in range(100_000):
        value = [value]
    with pytest.raises(TypeError, match="nested too deeply"):
        bg.emit_json("deep", value)
    bg.assert_fail("deep", "m", expected=value)
    assert bg.events()[0]["expected_repr"] is not None


def test_values_that_are_not_json_never_raise():
    class Weird:
        def __eq__(self, other):
            raise RuntimeError("no comparing")

        def __repr__(self):
            raise RuntimeError("no repr")

    class BrokenDict(dict):
        def __iter__(self):
            raise RuntimeError("no iterating")

    bg.assert_fail("weird", "m", expected=Weird(), actual={Weird: 1})
    bg.assert_fail("broken", "m", expected=BrokenDict(a=1))
    weird, broken = bg.events()
    assert weird["expected_repr"].startswith("<test_api_bad_input")
    assert weird["actual_repr"].startswith("{<class ")
    assert (broken["expected"], broken["expected_repr"]) == (None, "{'a': 1}")

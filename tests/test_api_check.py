"""``check()`` as a context manager and a decorator; ``assert_equal``; ``check_equal``."""

import asyncio
import importlib.util
import sys

import pytest
from bgtest import last, validated_events

import browsergrad as bg


@pytest.fixture(autouse=True)
def _valid_events():
    yield from validated_events()


def test_a_block_that_runs_is_a_pass_with_its_duration():
    with bg.check("runs") as handle:
        total = sum(range(10))
    assert total == 45
    assert handle.name == "runs"
    event = last()
    assert (event["name"], event["status"], event["message"]) == ("runs", "pass", None)
    assert isinstance(event["duration_ms"], float) and event["duration_ms"] >= 0


def test_assert_equal_gives_a_fail_with_expected_and_actual():
    with bg.check("mean"):
        bg.assert_equal(4, 4.5)
    with bg.check("named"):
        bg.assert_equal([1, 2], [1, 3], msg="wrong list")
    with bg.check("set"):
        bg.assert_equal({1}, {2})
    mean, named, as_repr = bg.events()
    assert (mean["status"], mean["message"], mean["expected"], mean["actual"]) == (
        "fail",
        "not equal",
        4.5,
        4,
    )
    assert (named["message"], named["expected"], named["actual"]) == (
        "wrong list",
        [1, 3],
        [1, 2],
    )
    assert (as_repr["expected_repr"], as_repr["actual_repr"]) == ("{2}", "{1}")
    assert (as_repr["expected"], as_repr["actual"]) == (None, None)


def test_assert_equal_raises_an_assertion_error_carrying_the_values():
    bg.assert_equal(2, 2)
    with pytest.raises(bg.NotEqualError) as info:
        bg.assert_equal(2, 3)
    assert isinstance(info.value, AssertionError)
    assert (info.value.actual, info.value.expected, info.value.msg) == (2, 3, None)
    assert str(info.value) == "expected 3, got 2"
    with pytest.raises(AssertionError, match=r"^sizes: expected 'a', got 'b'$"):
        bg.assert_equal("b", "a", "sizes")
    assert bg.events() == []


def test_an_assertion_message_is_the_fail_message():
    with bg.check("with message"):
        raise AssertionError("x should be 1")
    assert (last()["status"], last()["message"]) == ("fail", "x should be 1")


def _exec_file(tmp_path, source: str) -> None:
    """Run ``source`` from a real file (pytest rewrites asserts in test modules only)."""
    path = tmp_path / "student.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("student_code", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)


def test_a_bare_assert_shows_its_source_line(tmp_path):
    _exec_file(
        tmp_path,
        "import browsergrad as bg\n"
        "x = 1\n"
        "def helper():\n"
        "    assert x + 1 == 3\n"
        "with bg.check('bare'):\n"
        "    assert x == 2\n"
        "with bg.check('nested'):\n"
        "    helper()\n",
    )
    bare, nested = bg.events()
    assert (bare["status"], bare["message"]) == ("fail", "assert failed: assert x == 2")
    assert nested["message"] == "assert failed: assert x + 1 == 3"


def test_a_bare_assert_without_source_still_fails_clearly():
    code = compile("with bg.check('no source'):\n    assert False\n", "<no file>", "exec")
    exec(code, {"bg": bg})
    assert (last()["status"], last()["message"]) == ("fail", "assert failed")


def test_other_exceptions_are_errors_and_later_checks_still_run():
    with bg.check("divide"):
        _ = 1 / 0
    with bg.check("key"):
        {}["missing"]
    with bg.check("after"):
        pass
    divide, key, after = bg.events()
    assert (divide["status"], divide["exc_type"], divide["message"]) == (
        "error",
        "ZeroDivisionError",
        "division by zero",
    )
    assert (key["exc_type"], key["message"]) == ("KeyError", "'missing'")
    assert after["status"] == "pass"


@pytest.mark.parametrize("stop", [KeyboardInterrupt, SystemExit, GeneratorExit])
def test_interrupts_and_exits_go_on_and_record_nothing(stop):
    with pytest.raises(stop), bg.check("stopped"):
        raise stop()
    assert bg.events() == []


def test_as_a_decorator():
    @bg.check("adds")
    def add(a, b):
        """Adds."""
        return a + b

    @bg.check("fails")
    def fails():
        bg.assert_equal(1, 2)
        return "not reached"

    @bg.check("breaks")
    def breaks():
        raise ValueError("bad value")

    assert (add.__name__, add.__doc__) == ("add", "Adds.")
    assert add(2, 3) == 5
    assert fails() is None
    assert breaks() is None
    assert add(1, 1) == 2
    events = bg.events()
    assert [(e["name"], e["status"]) for e in events] == [
        ("adds", "pass"),
        ("fails", "fail"),
        ("breaks", "error"),
        ("adds", "pass"),
    ]
    assert (events[2]["exc_type"], events[2]["message"]) == ("ValueError", "bad value")


def test_as_a_decorator_of_a_coroutine_function():
    @bg.check("async ok")
    async def ok():
        await asyncio.sleep(0)
        return 7

    @bg.check("async fails")
    async def fails():
        await asyncio.sleep(0)
        bg.assert_equal("a", "b")

    assert asyncio.run(ok()) == 7
    assert asyncio.run(fails()) is None
    assert [(e["name"], e["status"]) for e in bg.events()] == [
        ("async ok", "pass"),
        ("async fails", "fail"),
    ]


def test_nested_checks_each_record_once():
    with bg.check("outer"):
        with bg.check("inner"):
            bg.assert_equal(1, 0)
        bg.assert_pass("between")
    assert [(e["name"], e["status"]) for e in bg.events()] == [
        ("inner", "fail"),
        ("between", "pass"),
        ("outer", "pass"),
    ]


def test_check_equal():
    assert bg.check_equal("same", [1, 2], [1, 2]) is True
    assert bg.check_equal("differ", 4, 4.5) is False
    assert bg.check_equal("repr", {1}, {2}) is False

    class Ambiguous:
        def __eq__(self, other):
            raise ValueError("truth value is ambiguous")

    assert bg.check_equal("compare", Ambiguous(), 1) is False
    same, differ, as_repr, compare = bg.events()
    assert same["status"] == "pass"
    assert (differ["status"], differ["message"], differ["expected"], differ["actual"]) == (
        "fail",
        "not equal",
        4.5,
        4,
    )
    assert (as_repr["expected_repr"], as_repr["actual_repr"]) == ("{2}", "{1}")
    assert (compare["status"], compare["exc_type"]) == ("error", "ValueError")
    assert compare["message"] == "truth value is ambiguous"


def test_check_does_not_leak_the_exception_state():
    with bg.check("divide"):
        _ = 1 / 0
    assert sys.exc_info() == (None, None, None)

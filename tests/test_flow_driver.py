"""The run cycle's driver and types under CPython (browsergrad.flow)."""

import json

import pytest

from browsergrad.flow import (
    CommandSystemDonate,
    CommandSystemExit,
    CommandSystemLog,
    CommandUIRender,
    ConsentTable,
    FlowDriver,
    FlowProtocolError,
    Page,
    PageConfirm,
    PageConsent,
    PageError,
    PageFileInput,
    PageProgress,
    PageQuestionnaire,
    PageRadio,
    PageText,
    PayloadFalse,
    PayloadJSON,
    PayloadResponse,
    PayloadString,
    PayloadTrue,
    PayloadVoid,
    Question,
    payload_from_json,
)


def test_the_first_send_is_none_and_each_payload_is_the_yield_value():
    seen = []

    def script():
        seen.append("started")
        answer = yield CommandUIRender(PageConfirm("Go?"))
        seen.append(answer)
        name = yield CommandUIRender(PageRadio("Pick", ["a", "b"]))
        seen.append(name)

    driver = FlowDriver(script())
    first = driver.next(None)
    assert isinstance(first, CommandUIRender) and first.page.title == "Go?"
    assert seen == ["started"]
    second = driver.next(PayloadTrue())
    assert isinstance(second.page, PageRadio)
    end = driver.next(PayloadString("b"))
    assert end == CommandSystemExit(0, "End of script")
    assert seen == ["started", PayloadTrue(), PayloadString("b")]
    assert driver.ended
    with pytest.raises(RuntimeError, match="has ended"):
        driver.next(PayloadVoid())


def test_bare_yields_are_skipped():
    def script():
        yield
        yield
        got = yield CommandSystemLog("info", "hello")
        assert got == PayloadVoid()
        yield

    driver = FlowDriver(script())
    assert driver.next() == CommandSystemLog("info", "hello")
    assert driver.next(PayloadVoid()) == CommandSystemExit(0, "End of script")


def test_an_exception_is_logged_shown_with_its_traceback_then_exit_1():
    def script():
        yield CommandUIRender(PageText("one"))
        raise KeyError("missing-column")

    driver = FlowDriver(script())
    driver.next()
    log = driver.next(PayloadVoid())
    assert isinstance(log, CommandSystemLog) and log.level == "error"
    assert "KeyError: 'missing-column'" in log.message and "Traceback" in log.message
    page = driver.next(PayloadVoid())
    assert isinstance(page.page, PageError)
    assert page.page.message == "KeyError: 'missing-column'"
    assert "raise KeyError" in page.page.traceback
    assert "flow/driver.py" not in page.page.traceback
    end = driver.next(PayloadVoid())
    assert end.code == 1 and "KeyError" in end.info


def test_a_yielded_non_command_is_an_error_naming_its_type_and_ends_the_flow():
    closed = []

    def script():
        try:
            yield 42
            yield CommandUIRender(PageText("never"))
        finally:
            closed.append(True)

    driver = FlowDriver(script())
    log = driver.next()
    assert "yielded a int, not a command: 42" in log.message
    page = driver.next(PayloadVoid())
    assert isinstance(page.page, PageError) and "int" in page.page.message
    assert driver.next(PayloadVoid()).code == 1
    assert closed == [True]


def test_a_script_may_exit_itself_and_stop_closes_it():
    def script():
        yield CommandSystemExit(3, "done early")
        yield CommandUIRender(PageText("never"))

    driver = FlowDriver(script())
    assert driver.next() == CommandSystemExit(3, "done early")
    assert driver.ended

    finals = []

    def waiting():
        try:
            yield CommandUIRender(PageConfirm("?"))
        finally:
            finals.append("cleanup")

    driver = FlowDriver(waiting())
    driver.next()
    assert driver.stop("Stopped by the user", 2) == CommandSystemExit(2, "Stopped by the user")
    assert finals == ["cleanup"]
    # a second stop keeps the first reason
    assert driver.stop("again").info == "Stopped by the user"


def test_not_a_generator_is_refused_clearly():
    with pytest.raises(TypeError, match="a flow is a generator"):
        FlowDriver(lambda: None)


def test_commands_and_pages_as_json():
    assert CommandSystemDonate("k", '{"a": 1}').to_json() == {
        "__type__": "CommandSystemDonate",
        "key": "k",
        "json_string": '{"a": 1}',
    }
    assert CommandUIRender(PageFileInput("Choose", extensions=[".ZIP"])).to_json()["page"] == {
        "__type__": "PageFileInput",
        "title": "Choose",
        "text": "",
        "extensions": [".zip"],
    }
    radio = PageRadio("Pick", [("x", "Ex"), "y"]).to_json()
    assert radio["items"] == [{"id": "x", "label": "Ex"}, {"id": "y", "label": "y"}]
    consent = PageConsent(
        "Review", [ConsentTable("t", "Rows", ["a", "b"], [{"a": 1, "b": 2, "c": 3}])]
    ).to_json()
    assert consent["tables"][0]["rows"] == [{"a": 1, "b": 2}]
    quest = PageQuestionnaire("Q", [Question("age", "Age", "number", required=True)]).to_json()
    assert quest["questions"][0] == {
        "id": "age",
        "label": "Age",
        "kind": "number",
        "choices": [],
        "required": True,
    }
    assert PageProgress("p", percentage=50).to_json()["percentage"] == 50
    assert Page.custom("PageSlider", {"max": 3}).to_json() == {"__type__": "PageSlider", "max": 3}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: CommandSystemDonate("k", {"a": 1}), "json_string as a str, not dict"),
        (lambda: CommandSystemDonate("k", "{not json"), "not JSON"),
        (lambda: CommandSystemDonate("", "{}"), "non-empty string key"),
        (lambda: CommandSystemLog("loud", "x"), "level must be one of"),
        (lambda: PageFileInput("f", extensions=["zip"]).to_json(), "looks like '.zip'"),
        (lambda: PageRadio("r", []).to_json(), "at least one item"),
        (lambda: PageProgress("p", percentage=140).to_json(), "0 to 100"),
        (lambda: PageQuestionnaire("q", [Question("a", "A", "color")]).to_json(), "kind is one of"),
        (lambda: PageQuestionnaire("q", [Question("a", "A", "choice")]).to_json(), "needs choices"),
        (lambda: PageConfirm(3).to_json(), "title must be a str, not int"),
        (
            lambda: PageConsent(
                "c", [ConsentTable("t", "T", ["a"], []), ConsentTable("t", "U", ["a"], [])]
            ).to_json(),
            "ids must differ",
        ),
    ],
)
def test_bad_commands_and_pages_say_what_is_wrong(make, message):
    with pytest.raises(FlowProtocolError, match=message):
        make()


def test_payloads_from_the_frontend():
    assert payload_from_json({"__type__": "PayloadTrue"}) == PayloadTrue()
    assert payload_from_json({"__type__": "PayloadFalse"}) == PayloadFalse()
    assert payload_from_json({"__type__": "PayloadString", "value": "b"}) == PayloadString("b")
    rows = payload_from_json({"__type__": "PayloadJSON", "value": '{"t": [{"a": 1}]}'})
    assert isinstance(rows, PayloadJSON) and rows.data == {"t": [{"a": 1}]}
    refused = payload_from_json({"__type__": "PayloadVoid", "value": "unknown page type PageX"})
    assert refused.value == "unknown page type PageX"
    response = payload_from_json(
        {
            "__type__": "PayloadResponse",
            "success": False,
            "key": "k",
            "status": 0,
            "error": "no host",
        }
    )
    assert response == PayloadResponse(False, "k", 0, "no host")
    opened = payload_from_json(
        {"__type__": "PayloadFile", "value": {"file_id": "f", "name": "a.zip", "size": 3}},
        open_file=lambda value: value["name"],
    )
    assert opened.value == "a.zip"
    with pytest.raises(FlowProtocolError, match="no file can be opened"):
        payload_from_json({"__type__": "PayloadFile", "value": {}})
    with pytest.raises(FlowProtocolError, match="unknown or malformed payload 'PayloadNope'"):
        payload_from_json({"__type__": "PayloadNope"})
    with pytest.raises(FlowProtocolError, match="must be an object"):
        payload_from_json("PayloadTrue")
    json.dumps(response.to_json())

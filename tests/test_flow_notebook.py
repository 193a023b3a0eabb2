"""A flow in a notebook (browsergrad.flow.notebook) with a recording comm (CPython)."""

import json

from browsergrad.flow import (
    FLOW_MIME,
    CommandSystemDonate,
    CommandUIRender,
    NotebookFlow,
    PageConfirm,
    PageFileInput,
    PageProgress,
    PageRadio,
    PayloadTrue,
)


class FakeComm:
    def __init__(self, target_name, data):
        self.target_name, self.open_data = target_name, data
        self.comm_id = "c1"
        self.sent: list[dict] = []
        self.closed = False

    def on_msg(self, callback):
        self.msg = callback

    def on_close(self, callback):
        self.close_cb = callback

    def send(self, data):
        self.sent.append(json.loads(json.dumps(data)))

    def close(self):
        self.closed = True

    def answer(self, payload, seq=None):
        seq = self.sent[-1]["seq"] if seq is None else seq
        self.msg({"content": {"data": {"type": "response", "seq": seq, "payload": payload}}})


def start(script):
    shown = []
    holder = {}

    def factory(**kwargs):
        holder["comm"] = FakeComm(**kwargs)
        return holder["comm"]

    flow = NotebookFlow(script, "demo", factory, lambda data, raw: shown.append(data))
    return flow, holder["comm"], shown


def test_the_cycle_over_the_comm_and_its_transcript():
    def script():
        ok = yield CommandUIRender(PageConfirm("Share?"))
        if ok == PayloadTrue():
            yield CommandUIRender(PageProgress("Working", percentage=10))
            yield CommandUIRender(PageProgress("Almost", percentage=90))
            yield CommandSystemDonate("results", json.dumps({"a": 1}))

    flow, comm, shown = start(script())
    assert comm.target_name == "browsergrad.flow"
    assert shown[0][FLOW_MIME]["flow_id"] == comm.open_data["flow_id"]
    assert shown[0]["text/plain"] == "Flow: demo"
    assert comm.sent[0]["command"]["page"]["__type__"] == "PageConfirm"
    comm.answer({"__type__": "PayloadTrue"})
    assert comm.sent[-1]["command"]["page"]["__type__"] == "PageProgress"
    comm.answer({"__type__": "PayloadTrue"})
    comm.answer({"__type__": "PayloadTrue"})
    assert comm.sent[-1]["command"]["__type__"] == "CommandSystemDonate"
    comm.answer(
        {
            "__type__": "PayloadResponse",
            "success": True,
            "key": "results",
            "status": 200,
            "error": None,
        }
    )
    last = comm.sent[-1]
    assert last["command"] == {"__type__": "CommandSystemExit", "code": 0, "info": "End of script"}
    assert last["transcript"].splitlines() == [
        "Flow: demo",
        "1. Confirm: Share?",
        "   -> True",
        "2. Progress: Almost",
        "3. Donate 'results' (8 characters)",
        "   -> delivered (status 200)",
        "Ended: End of script (exit code 0)",
    ]
    assert comm.closed and flow.ended


def test_a_stale_response_shows_the_current_step_again():
    def script():
        yield CommandUIRender(PageRadio("Pick", ["a"]))

    flow, comm, _ = start(script())
    comm.answer({"__type__": "PayloadString", "value": "a"}, seq=99)
    assert len(comm.sent) == 2 and comm.sent[1] == comm.sent[0]
    assert not flow.ended


def test_stop_from_the_frontend_ends_the_flow_and_releases_its_files():
    released = []

    def script():
        yield CommandUIRender(PageConfirm("wait"))

    flow, comm, _ = start(script())

    class File:
        def end(self, reason):
            released.append(reason)

    flow.files.append(File())
    comm.msg({"content": {"data": {"type": "stop", "reason": "Stopped by the user"}}})
    assert comm.sent[-1]["command"] == {
        "__type__": "CommandSystemExit",
        "code": 2,
        "info": "Stopped by the user",
    }
    assert released == ["its flow ended (Stopped by the user)"] and comm.closed


def test_a_closed_comm_ends_the_flow_without_sending():
    def script():
        yield CommandUIRender(PageConfirm("wait"))

    flow, comm, _ = start(script())
    comm.close_cb({})
    assert flow.ended and len(comm.sent) == 1
    assert flow.driver.exit.info == "The flow's output was closed"


def test_a_page_that_cannot_be_sent_fails_the_flow_visibly():
    def script():
        yield CommandUIRender(PageFileInput("f", extensions=["zip"]))

    _, comm, _ = start(script())
    first = comm.sent[0]["command"]
    assert (
        first["__type__"] == "CommandSystemLog"
        and "PageFileInput could not be sent" in first["message"]
    )
    comm.answer({"__type__": "PayloadVoid"})
    assert comm.sent[-1]["command"]["page"]["__type__"] == "PageError"
    comm.answer({"__type__": "PayloadVoid"})
    assert comm.sent[-1]["command"]["code"] == 1


def test_a_file_payload_outside_the_kernel_is_refused_and_the_flow_goes_on():
    got = []

    def script():
        got.append((yield CommandUIRender(PageFileInput("f", extensions=[".zip"]))))

    _, comm, _ = start(script())
    comm.answer({"__type__": "PayloadFile", "value": {"file_id": "x", "name": "a.zip", "size": 1}})
    assert "only be read in the browsergrad kernel" in got[0].value
    assert comm.sent[-1]["command"]["code"] == 0

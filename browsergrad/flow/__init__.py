"""Flows: Python-driven interactions in the browsergrad kernel (docs/flows.md).

A flow is a generator that yields commands and receives payloads::

    def script():
        ok = yield CommandUIRender(PageConfirm("Share your results?"))
        if isinstance(ok, PayloadTrue):
            yield CommandSystemDonate("results", json.dumps({"score": 3}))

    bg.run_flow(script())
"""

from .commands import (
    Command,
    CommandSystemDonate,
    CommandSystemExit,
    CommandSystemLog,
    CommandUIRender,
    FlowProtocolError,
    Payload,
    PayloadFalse,
    PayloadFile,
    PayloadJSON,
    PayloadResponse,
    PayloadString,
    PayloadTrue,
    PayloadVoid,
    payload_from_json,
)
from .driver import END_OF_SCRIPT, FlowDriver
from .files import FlowFile, FlowFileClosedError
from .notebook import COMM_TARGET, EXIT_STOPPED, FLOW_MIME, NotebookFlow, run_flow
from .pages import (
    ConsentTable,
    CustomPage,
    Page,
    PageConfirm,
    PageConsent,
    PageError,
    PageFileInput,
    PageProgress,
    PageQuestionnaire,
    PageRadio,
    PageText,
    Question,
)

__all__ = [
    "COMM_TARGET",
    "END_OF_SCRIPT",
    "EXIT_STOPPED",
    "FLOW_MIME",
    "Command",
    "CommandSystemDonate",
    "CommandSystemExit",
    "CommandSystemLog",
    "CommandUIRender",
    "ConsentTable",
    "CustomPage",
    "FlowDriver",
    "FlowFile",
    "FlowFileClosedError",
    "FlowProtocolError",
    "NotebookFlow",
    "Page",
    "PageConfirm",
    "PageConsent",
    "PageError",
    "PageFileInput",
    "PageProgress",
    "PageQuestionnaire",
    "PageRadio",
    "PageText",
    "Payload",
    "PayloadFalse",
    "PayloadFile",
    "PayloadJSON",
    "PayloadResponse",
    "PayloadString",
    "PayloadTrue",
    "PayloadVoid",
    "Question",
    "payload_from_json",
    "run_flow",
]

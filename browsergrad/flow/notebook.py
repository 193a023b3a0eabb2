"""A flow in a notebook: ``run_flow(script)`` shows it in the cell's output.

The cell finishes at once. Commands go to the frontend, and responses come
back, on a comm (target ``browsergrad.flow``), so the kernel is free while the
user answers. The output is ``application/vnd.browsergrad.flow.v1+json`` with a
``text/plain`` transcript that the frontend keeps up to date, so a saved
notebook reads as text. Stop, a restart or closing the notebook end the flow
(``CommandSystemExit(2, ...)``) and release its files.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from .commands import (
    CommandSystemDonate,
    CommandSystemExit,
    CommandSystemLog,
    CommandUIRender,
    FlowProtocolError,
    PayloadFile,
    PayloadJSON,
    PayloadResponse,
    PayloadString,
    PayloadVoid,
    payload_from_json,
)
from .driver import FlowDriver
from .pages import PageProgress

COMM_TARGET = "browsergrad.flow"
FLOW_MIME = "application/vnd.browsergrad.flow.v1+json"
#: exit codes: 0 end of script, 1 the flow failed, 2 ended from outside
EXIT_STOPPED = 2


def describe_payload(payload: Any) -> str:
    if isinstance(payload, PayloadFile):
        return f"file {payload.value.name} ({payload.value.size:,} bytes)"
    if isinstance(payload, PayloadResponse):
        if payload.success:
            return f"delivered (status {payload.status})"
        return f"not delivered: {payload.error or 'no reason given'}"
    if isinstance(payload, PayloadString):
        return repr(payload.value)
    if isinstance(payload, PayloadJSON):
        return f"JSON ({len(payload.value):,} characters)"
    if isinstance(payload, PayloadVoid):
        return f"refused: {payload.value}" if payload.value else "shown"
    return type(payload).__name__.removeprefix("Payload")


class Transcript:
    """The flow as text: what each step showed and what came back."""

    def __init__(self, title: str) -> None:
        self.lines = [f"Flow: {title}"]
        self.steps = 0
        self.last_progress = False

    def command(self, command: Any) -> None:
        progress = isinstance(command, CommandUIRender) and isinstance(command.page, PageProgress)
        if progress and self.last_progress:  # progress updates in place, here too
            self.lines[-1] = f"{self.steps}. {command.page.summary()}"
        elif isinstance(command, CommandUIRender):
            self.steps += 1
            self.lines.append(f"{self.steps}. {command.page.summary()}")
        elif isinstance(command, CommandSystemDonate):
            self.steps += 1
            self.lines.append(
                f"{self.steps}. Donate {command.key!r} ({len(command.json_string):,} characters)"
            )
        elif isinstance(command, CommandSystemLog) and command.level == "error":
            self.lines.append(f"   error: {command.message.splitlines()[0]}")
        elif isinstance(command, CommandSystemExit):
            self.lines.append(f"Ended: {command.info} (exit code {command.code})")
        self.last_progress = progress

    def response(self, command: Any, payload: Any) -> None:
        if isinstance(command, CommandUIRender) and isinstance(command.page, PageProgress):
            return
        if isinstance(command, CommandUIRender | CommandSystemDonate):
            self.lines.append(f"   -> {describe_payload(payload)}")

    def text(self) -> str:
        return "\n".join(self.lines)


class NotebookFlow:
    """One running flow: its driver, its comm, its files."""

    def __init__(self, script: Any, title: str, comm_factory=None, display=None) -> None:
        self.driver = FlowDriver(script)
        self.flow_id = uuid.uuid4().hex
        self.transcript = Transcript(title)
        self.files: list = []
        self.seq = 0
        self.current: Any = None
        if comm_factory is None:
            import comm

            comm_factory = comm.create_comm
        self.comm = comm_factory(
            target_name=COMM_TARGET, data={"flow_id": self.flow_id, "version": 1}
        )
        self.comm.on_msg(self._on_msg)
        self.comm.on_close(self._on_close)
        if display is None:
            from IPython.display import display
        display(
            {
                FLOW_MIME: {"flow_id": self.flow_id, "comm_id": self.comm.comm_id, "version": 1},
                "text/plain": self.transcript.text(),
            },
            raw=True,
        )
        self._advance(None)

    @property
    def ended(self) -> bool:
        return self.driver.ended

    def _open_file(self, value: dict) -> Any:
        from .._kernel.flow_files import open_file

        file = open_file(value)
        self.files.append(file)
        return file

    def _on_msg(self, msg: dict) -> None:
        data = msg.get("content", {}).get("data", {})
        if self.ended:
            return
        kind = data.get("type") if isinstance(data, dict) else None
        if kind == "stop":
            self._end(str(data.get("reason") or "Stopped"))
            return
        if kind != "response" or data.get("seq") != self.seq:
            self._send_current()  # stale or malformed: show the current step again
            return
        try:
            payload = payload_from_json(data.get("payload"), self._open_file)
        except FlowProtocolError as error:
            payload = PayloadVoid(f"bad response: {error}")
        self.transcript.response(self.current, payload)
        self._advance(payload)

    def _on_close(self, msg: Any) -> None:
        if not self.ended:
            self._end("The flow's output was closed", send=False)

    def _advance(self, payload: Any) -> None:
        try:
            command, wire = self._wire(self.driver.next(payload))
        except KeyboardInterrupt:
            self._end("Stopped during a step")
            return
        self.current, self.current_wire = command, wire
        self.transcript.command(command)
        self.seq += 1
        self._send_current()
        if isinstance(command, CommandSystemExit):
            self._finish()

    def _wire(self, command: Any) -> tuple[Any, dict]:
        """The command as JSON; one that cannot be sent fails the flow, saying why."""
        try:
            data = command.to_json()
            json.dumps(data)
            return command, data
        except (FlowProtocolError, TypeError, ValueError) as error:
            page = getattr(command, "page", None)
            what = type(page if page is not None else command).__name__
            failed = self.driver.fail(f"The flow's {what} could not be sent: {error}")
            return failed, failed.to_json()

    def _send_current(self) -> None:
        self.comm.send(
            {
                "type": "command",
                "seq": self.seq,
                "command": self.current_wire,
                "transcript": self.transcript.text(),
            }
        )

    def _end(self, info: str, send: bool = True) -> None:
        command = self.driver.stop(info, EXIT_STOPPED)
        self.current, self.current_wire = command, command.to_json()
        self.transcript.command(command)
        if send:
            self.seq += 1
            self._send_current()
        self._finish(close=send)

    def _finish(self, close: bool = True) -> None:
        info = self.driver.exit.info if self.driver.exit else "ended"
        for file in self.files:
            file.end(f"its flow ended ({info})")
        if close:
            self.comm.close()


def run_flow(script: Any, title: str = "flow") -> None:
    """Run the flow ``script`` (a generator) in this cell's output; returns at once.

    Returns None, so that the cell shows the flow and nothing else.
    """
    from .._display import get_shell

    if get_shell() is None:
        raise RuntimeError(
            "run_flow needs a Jupyter kernel (it shows the flow in a notebook); "
            "outside one, drive the generator with browsergrad.flow.FlowDriver"
        )
    NotebookFlow(script, title)

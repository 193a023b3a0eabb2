"""The run cycle's driver: a generator in, one command at a time out.

``FlowDriver(script)`` starts the generator with ``send(None)`` and resumes it
with each response's payload. Bare ``yield``s are skipped; StopIteration
becomes ``CommandSystemExit(0, "End of script")``; an exception, or a yielded
value that is not a command, becomes an error log, an error page with the
traceback, and ``CommandSystemExit(1, ...)``: never a hung page.
"""

from __future__ import annotations

import traceback
from collections import deque
from collections.abc import Generator
from typing import Any

from .commands import COMMANDS, CommandSystemExit, CommandSystemLog, CommandUIRender
from .pages import PageError

END_OF_SCRIPT = "End of script"


class FlowDriver:
    """Drives one flow; ``next(payload)`` returns the next command to handle."""

    def __init__(self, script: Generator) -> None:
        if not (hasattr(script, "send") and hasattr(script, "throw") and hasattr(script, "close")):
            raise TypeError(
                "a flow is a generator (a function with yield, called), "
                f"not {type(script).__name__}"
            )
        self._script = script
        self._started = False
        self._queue: deque = deque()
        self.exit: CommandSystemExit | None = None

    @property
    def ended(self) -> bool:
        return self.exit is not None

    def next(self, payload: Any = None) -> Any:
        """The next command, after giving ``payload`` to the script."""
        if self.exit is not None:
            raise RuntimeError(f"this flow has ended ({self.exit.info})")
        if self._queue:
            return self._hand_out(self._queue.popleft())
        value = payload
        while True:
            try:
                if not self._started:
                    self._started = True
                    command = self._script.send(None)
                else:
                    command = self._script.send(value)
            except StopIteration:
                return self._hand_out(CommandSystemExit(0, END_OF_SCRIPT))
            except KeyboardInterrupt:
                raise
            except BaseException as error:  # the script's own failure
                # the script's frames only, not the driver's
                frames = error.__traceback__.tb_next if error.__traceback__ else None
                return self._fail(
                    f"{type(error).__name__}: {error}",
                    "".join(traceback.format_exception(type(error), error, frames)),
                )
            if command is None:  # a bare yield: resume at once
                value = None
                continue
            if not isinstance(command, COMMANDS):
                self._script.close()
                return self._fail(
                    f"The flow yielded a {type(command).__name__}, not a command: {command!r:.200}",
                    "A flow yields CommandUIRender, CommandSystemDonate, "
                    "CommandSystemLog or CommandSystemExit.",
                )
            return self._hand_out(command)

    def stop(self, info: str, code: int = 1) -> CommandSystemExit:
        """End the flow from outside (Stop, restart, a closed notebook)."""
        if self.exit is None:
            self._queue.clear()
            try:
                self._script.close()  # runs the script's finally blocks
            except Exception:
                pass
            self.exit = CommandSystemExit(code, info)
        return self.exit

    def fail(self, message: str, details: str = "") -> Any:
        """End the flow with an error: a log line, an error page, then exit 1."""
        try:
            self._script.close()
        except Exception:
            pass
        self._queue.clear()
        return self._fail(message, details)

    def _fail(self, message: str, details: str) -> Any:
        self._queue.extend(
            [
                CommandUIRender(PageError("The flow failed", message, details)),
                CommandSystemExit(1, message),
            ]
        )
        return self._hand_out(CommandSystemLog("error", f"{message}\n{details}".rstrip()))

    def _hand_out(self, command: Any) -> Any:
        if isinstance(command, CommandSystemExit):
            self._queue.clear()
            self.exit = command
            try:
                self._script.close()
            except Exception:
                pass
        return command

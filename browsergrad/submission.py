"""Results to the hub: ``bg.submit_results()``.

The page (the browsergrad-kernel extension) puts the notebook's ``results.v1`` document
together, as the Tests panel exports it, and donates it through the host bridge to the hub
that embeds the site, or saves it to the drive when none does (see docs/host-protocol.md).
The call opens a comm (target ``browsergrad.submit.v1``) and returns at once, so the kernel
stays free; the page answers on the comm with the donation's response, which the returned
:class:`Submission` holds and shows, as text, in place of "Submitting…".
"""

from __future__ import annotations

from typing import Any

from ._display import get_shell

#: the comm target the page answers on
SUBMIT_COMM_TARGET = "browsergrad.submit.v1"
#: the version of the comm's messages
SUBMIT_VERSION = 1

_NO_PAGE = (
    "the page did not answer: it has no browsergrad-kernel extension (install "
    "browsergrad-kernel where JupyterLab runs, or use the site)"
)


def _response(data: Any) -> dict:
    """The page's answer checked: the fields of an ``IDonationResponse``."""
    response = data.get("response") if isinstance(data, dict) else None
    if not isinstance(response, dict) or not isinstance(response.get("success"), bool):
        return {
            "success": False,
            "key": "",
            "status": 0,
            "error": f"the page answered with something that is not a response: {data!r:.200}",
        }
    kept = {
        "success": response["success"],
        "key": str(response.get("key", "")),
        "status": response.get("status") if isinstance(response.get("status"), int) else 0,
        "error": response.get("error") if isinstance(response.get("error"), str) else None,
    }
    if isinstance(response.get("savedTo"), str):
        kept["savedTo"] = response["savedTo"]
    return kept


class Submission:
    """One ``submit_results()`` call: pending until the page answers.

    ``response`` is ``None`` while pending, then a dict with ``success``, ``key``,
    ``status``, ``error`` and, when saved to the drive, ``savedTo``.
    """

    def __init__(self) -> None:
        self.response: dict | None = None
        self._handle: Any = None

    @property
    def done(self) -> bool:
        return self.response is not None

    @property
    def success(self) -> bool:
        return bool(self.response and self.response["success"])

    def text(self) -> str:
        """The outcome in words."""
        response = self.response
        if response is None:
            return "Submitting the notebook's results…"
        saved = response.get("savedTo")
        if response["success"] and saved:
            return f"No hub is connected: the results were saved to {saved}."
        if response["success"]:
            return "The results were submitted to the hub (a provisional score)."
        where = f" They were saved to {saved}." if saved else ""
        return f"The results were not submitted: {response['error']}.{where}"

    def __repr__(self) -> str:
        state = "pending" if self.response is None else repr(self.response)
        return f"<browsergrad Submission {state}>"

    def _ipython_display_(self) -> None:
        # as a cell's last value: the one output, not a second one
        self._show()

    def _show(self) -> None:
        from IPython.display import display

        bundle = {"text/plain": self.text()}
        if self._handle is None:
            self._handle = display(bundle, raw=True, display_id=True)
        else:
            self._handle.update(bundle, raw=True)

    def _answer(self, response: dict) -> None:
        if self.response is None:
            self.response = response
            self._show()

    def _on_msg(self, msg: dict) -> None:
        self._answer(_response(msg.get("content", {}).get("data")))

    def _on_close(self, msg: dict) -> None:
        self._answer({"success": False, "key": "", "status": 0, "error": _NO_PAGE})


def submit_results() -> Submission:
    """Donate this notebook's results to the hub that embeds the site.

    Returns at once; the :class:`Submission` shows the outcome when the page answers
    (submitted, saved to the drive, or why not). Outside a notebook kernel it raises
    ``RuntimeError``.
    """
    shell = get_shell()
    if shell is None or getattr(shell, "kernel", None) is None:
        raise RuntimeError(
            "submit_results() needs a notebook: run it in a cell of a notebook in the "
            "browsergrad site or JupyterLab (headless, hubs re-grade with "
            "`browsergrad-kernel grade`)"
        )
    import comm

    submission = Submission()
    submission._show()
    channel = comm.create_comm(target_name=SUBMIT_COMM_TARGET, data={"version": SUBMIT_VERSION})
    channel.on_msg(submission._on_msg)
    channel.on_close(submission._on_close)
    return submission

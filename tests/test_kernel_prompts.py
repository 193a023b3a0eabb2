"""browsergrad._kernel.prompts under CPython: input() answered, or cancelled by
Stop or a time limit inside a running cell, which keeps its state."""

import asyncio

import pytest

from browsergrad._kernel import cell_runner, signals
from browsergrad._kernel.cell_runner import run_cell
from browsergrad._kernel.prompts import prompt_reader


@pytest.fixture
def acks():
    """Count acknowledgements as the worker's interrupt buffer would."""
    taken = []
    signals._acknowledge = lambda: taken.append(1)
    yield taken
    signals._acknowledge = signals._ignore
    cell_runner._running = None


class Kernel:
    """Runs the cell and turns any exception into an error reply, as IPython does."""

    def __init__(self, cell):
        self.cell = cell

    async def run(self, code):
        try:
            await self.cell()
        except BaseException as error:
            return {"status": "error", "ename": type(error).__name__, "evalue": str(error)}
        return {"status": "ok"}


async def ran(cell, time_limit=None):
    return await run_cell(Kernel(cell), "", time_limit)


def test_the_answer_is_returned_and_the_prompt_passed_as_text():
    asked = []
    read = prompt_reader(lambda prompt, password: asked.append((prompt, password)) or "Ada", False)
    assert read(42) == "Ada"
    assert asked == [("42", False)]
    assert read.__name__ == "input"
    hidden = prompt_reader(lambda prompt, password: f"{prompt}:{password}", True)
    assert hidden("pw? ") == "pw? :True"
    assert hidden.__name__ == "getpass"


@pytest.mark.parametrize(
    ("signum", "ename", "message"),
    [(signals.STOP, "KeyboardInterrupt", ""), (signals.TIME_LIMIT, "TimeoutError", "0.5 s")],
)
def test_a_cancelled_prompt_raises_the_signal_error_in_the_cell(acks, signum, ename, message):
    read = prompt_reader(lambda prompt, password: int(signum), False)
    state = {}

    async def cell():
        state["before"] = 1
        state["name"] = read("name? ")

    reply = asyncio.run(ran(cell, 0.5))
    assert reply["ename"] == ename
    assert message in reply["evalue"]
    assert state == {"before": 1}
    assert acks == [1]


def test_a_copy_of_the_signal_right_after_is_taken_not_raised_again(acks):
    read = prompt_reader(lambda prompt, password: int(signals.STOP), False)
    seen = []

    async def cell():
        try:
            read()
        except KeyboardInterrupt:
            # the same Stop still in the interrupt buffer reaches Python now
            signals._on_signal(signals.STOP, None)
            seen.append("once")
            raise

    reply = asyncio.run(ran(cell))
    assert reply["ename"] == "KeyboardInterrupt"
    assert seen == ["once"]
    assert len(acks) == 2

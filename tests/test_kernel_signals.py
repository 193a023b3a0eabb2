"""browsergrad._kernel.signals and cell_runner under CPython: the signal handler,
interruptible sleep, stopping a cell that awaits."""

import asyncio
import os
import signal
import threading
import time

import pytest

from browsergrad._kernel import cell_runner, signals
from browsergrad._kernel.cell_runner import run_cell


@pytest.fixture
def installed():
    """Install the handlers with a wait that a test can wake; undo afterwards."""
    old_handlers = {s: signal.getsignal(s) for s in (signals.STOP, signals.TIME_LIMIT)}
    real_sleep = time.sleep
    wake = threading.Event()
    acks = []

    def rearm(signum):
        # As the worker's buffer does: deliver again at a later bytecode.
        threading.Timer(0.001, os.kill, (os.getpid(), signum)).start()

    signals.install(lambda ms: wake.wait(ms / 1000), lambda: acks.append(1), rearm)
    yield wake, acks
    time.sleep = real_sleep
    for signum, handler in old_handlers.items():
        signal.signal(signum, handler)
    signals._acknowledge = signals._ignore
    signals._rearm = signals._ignore
    cell_runner._running = None


def send_later(signum: int, wake: threading.Event, delay: float = 0.1) -> None:
    def fire():
        time_module_sleep(delay)
        os.kill(os.getpid(), signum)
        wake.set()

    threading.Thread(target=fire, daemon=True).start()


time_module_sleep = time.sleep  # the real one, for helper threads


class Kernel:
    """Stands in for pyodide_kernel's kernel: ``run`` runs the cell and, as
    IPython does, turns any exception into an error reply."""

    def __init__(self, cell):
        self.cell = cell

    async def run(self, code):
        try:
            await self.cell()
        except BaseException as error:  # IPython's run_code catches everything too
            return {"status": "error", "ename": type(error).__name__, "evalue": str(error)}
        return {"status": "ok"}


def test_stop_wakes_time_sleep(installed):
    wake, acks = installed
    send_later(signal.SIGINT, wake)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        time.sleep(30)
    assert time.monotonic() - started < 10
    assert acks


def test_sleep_keeps_its_contract(installed):
    started = time.monotonic()
    time.sleep(0.05)
    assert time.monotonic() - started >= 0.05
    with pytest.raises(ValueError, match="non-negative"):
        time.sleep(-1)
    with pytest.raises(TypeError):
        time.sleep("1")


def test_time_limit_names_the_limit(installed):
    wake, _ = installed

    async def busy():
        while True:  # as IPython runs a cell without awaits: in the task
            sum(range(1000))

    async def main():
        task = run_cell(Kernel(busy), "", 0.25)
        send_later(signal.SIGALRM, wake)
        return await task

    reply = asyncio.run(main())
    assert reply["ename"] == "TimeoutError"
    assert "time limit of 0.25 s" in reply["evalue"]


def test_interrupt_waiting_raises_at_the_await(installed):
    _, acks = installed

    async def waits():
        await asyncio.sleep(30)

    async def main():
        task = run_cell(Kernel(waits), "")
        await asyncio.sleep(0.05)
        assert signals.interrupt_waiting(signals.STOP) is True
        # A second Stop right after is taken, not raised twice.
        assert signals.interrupt_waiting(signals.STOP) is True
        assert (await task)["ename"] == "KeyboardInterrupt"
        assert cell_runner.running() is None
        assert signals.interrupt_waiting(signals.STOP) is False

    asyncio.run(main())
    assert len(acks) == 2


def test_signal_in_a_bystander_stops_the_waiting_cell(installed):
    """Python run by something else while the cell awaits is not what stops."""
    wake, _ = installed

    async def waits():
        await asyncio.sleep(30)

    async def main():
        task = run_cell(Kernel(waits), "")
        await asyncio.sleep(0.05)
        send_later(signal.SIGINT, wake, delay=0)
        bystander_done = False

        async def bystander():
            nonlocal bystander_done
            for _ in range(200):
                await asyncio.sleep(0.005)
            bystander_done = True

        other = asyncio.ensure_future(bystander())
        assert (await task)["ename"] == "KeyboardInterrupt"
        await other
        assert bystander_done

    asyncio.run(main())


def test_format_seconds():
    assert signals.format_seconds(2) == "2 s"
    assert signals.format_seconds(0.25) == "0.25 s"


def test_stop_before_the_cell_runs_is_an_error_reply(installed):
    """As when Stop comes while the packages of a cell's imports load."""

    class LoadingKernel:
        async def run(self, code):
            await asyncio.sleep(30)  # IPython has not started the cell yet
            return {"status": "ok"}

    async def main():
        task = run_cell(LoadingKernel(), "import something")
        await asyncio.sleep(0.05)
        assert signals.interrupt_waiting(signals.STOP) is True
        return await task

    reply = asyncio.run(main())
    assert reply == {
        "status": "error",
        "ename": "KeyboardInterrupt",
        "evalue": "",
        "traceback": ["KeyboardInterrupt"],
    }

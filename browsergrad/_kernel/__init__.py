"""Kernel internals of browsergrad, not its user API (that is ``browsergrad`` itself).

- ``boot``: start-up in Pyodide, importing only what the first cell needs;
- ``cell_runner``: running one cell as the task that Stop and time limits stop;
- ``signals``: the Stop (SIGINT) and time-limit (SIGALRM) handlers and the
  interruptible ``time.sleep``;
- ``entry``: the only module the worker (``labextension/src/worker/``) calls.
"""

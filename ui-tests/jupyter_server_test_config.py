"""A real JupyterLab (and Notebook 7) server for the Galata spec tests/jupyterlab.spec.ts.

Galata's own test set-up (no token, the app exposed as ``window.jupyterapp``, galata's
helper extension), with the notebooks in ``sites/jupyterlab`` of ui-tests (made here,
emptied per test by galata's tmpPath folders). The port is given on the command line.
"""

from pathlib import Path

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 (c is the config the server passes in)

root = Path(__file__).parent / "sites" / "jupyterlab"
root.mkdir(parents=True, exist_ok=True)
c.ServerApp.root_dir = str(root)  # noqa: F821
# Notebook 7 on the same server, with its app as window.jupyterapp too
c.JupyterNotebookApp.expose_app_in_browser = True  # noqa: F821
# CI containers run as root; this server is for tests only
c.ServerApp.allow_root = True  # noqa: F821

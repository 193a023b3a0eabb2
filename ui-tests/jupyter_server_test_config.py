"""A real JupyterLab (and Notebook 7) server for the Galata spec tests/jupyterlab.spec.ts.

Galata's own test set-up (no token, the app exposed as ``window.jupyterapp``, galata's
helper extension), with the notebooks in ``sites/jupyterlab`` of ui-tests (made here,
emptied per test by galata's tmpPath folders). The port is given on the command line.
"""

import json
import sys
from pathlib import Path

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 (c is the config the server passes in)

root = Path(__file__).parent / "sites" / "jupyterlab"
root.mkdir(parents=True, exist_ok=True)
c.ServerApp.root_dir = str(root)  # noqa: F821

# A second ipykernel that cannot import browsergrad, as a kernel of another environment
# would (its kernelspec's language is not "python", so no notebook starts it unasked), in
# the data folder playwright.config.js puts on JUPYTER_PATH.
data = Path(__file__).parent / "sites" / "jupyterlab-data"
spec = data / "kernels" / "no-browsergrad" / "kernel.json"
spec.parent.mkdir(parents=True, exist_ok=True)
hide = "import sys; sys.modules['browsergrad'] = None; from ipykernel import kernelapp as k; "
spec.write_text(
    json.dumps(
        {
            "argv": [
                sys.executable,
                "-c",
                hide + "k.launch_new_instance()",
                "-f",
                "{connection_file}",
            ],
            "display_name": "Python without browsergrad",
            "language": "python-without-browsergrad",
        }
    )
)

# Notebook 7 on the same server, with its app as window.jupyterapp too
c.JupyterNotebookApp.expose_app_in_browser = True  # noqa: F821
# CI containers run as root; this server is for tests only
c.ServerApp.allow_root = True  # noqa: F821

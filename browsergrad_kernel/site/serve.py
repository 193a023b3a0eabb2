"""A static server for built sites, with or without cross-origin isolation.

Cross-origin isolation (COOP/COEP) gives Pyodide a SharedArrayBuffer interrupt
buffer, so a running cell can be interrupted without losing state. The server
binds 127.0.0.1 only: it is for trying a site locally.
"""

from __future__ import annotations

import functools
import mimetypes
import sys
import urllib.parse
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HOST = "127.0.0.1"
#: the reference host page (docs/host-protocol.md), a static folder
HOST_PAGE = Path(__file__).parents[1] / "host"

ISOLATION_HEADERS = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
    "Cross-Origin-Resource-Policy": "same-origin",
}

for _ext, _type in {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".whl": "application/octet-stream",
    ".ipynb": "application/json",
}.items():
    mimetypes.add_type(_type, _ext)


class SiteRequestHandler(SimpleHTTPRequestHandler):
    """Serves files, adding the isolation headers when asked to."""

    isolated = True

    def end_headers(self) -> None:
        if self.isolated:
            for name, value in ISOLATION_HEADERS.items():
                self.send_header(name, value)
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class SiteServer(ThreadingHTTPServer):
    """Quiet when a browser drops a download (a Stop that replaces a kernel's worker does)."""

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def make_server(root: Path, port: int, isolated: bool = True) -> ThreadingHTTPServer:
    """A server for the site in ``root``; port 0 picks a free port."""
    if not (root / "index.html").is_file():
        raise FileNotFoundError(f"{root} is not a built site: it has no index.html")
    handler = type("Handler", (SiteRequestHandler,), {"isolated": isolated})
    return SiteServer((HOST, port), functools.partial(handler, directory=str(root)))


def serve(root: Path, port: int, isolated: bool = True) -> None:
    """Serve ``root`` until interrupted, printing the URL."""
    server = make_server(root, port, isolated)
    mode = "cross-origin isolated" if isolated else "not isolated"
    print(f"Serving {root} ({mode}) at http://{HOST}:{server.server_port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def serve_host_page(port: int, site: str) -> None:
    """Serve the reference host page until interrupted, printing its URL for ``site``."""
    server = make_server(HOST_PAGE, port, isolated=False)
    query = urllib.parse.urlencode({"site": site})
    print(
        f"Serving the reference host page at http://{HOST}:{server.server_port}/?{query}\n"
        f"The site must allow the origin http://{HOST}:{server.server_port} "
        "(hostBridge.origins in its jupyter-lite.json).",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()

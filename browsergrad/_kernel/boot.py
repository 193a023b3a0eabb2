"""Start-up of the browsergrad kernel: import only what the first cell needs.

``entry.start_kernel`` runs ``start()`` once, in Pyodide, before ``import pyodide_kernel``:

- jedi (IPython's completer, ~0.5 s to import) is installed but hidden while
  IPython starts (cells can import it after that); ``enable_jedi()`` hands it
  to the completer at the first completion;
- IPython's terminal ``embed`` (which pulls in prompt_toolkit) is replaced by a
  stub that imports the real one when called;
- piplite is configured when ``%pip`` first imports it, not at start.

``started()`` also makes error replies name the exception type as Jupyter
expects (``ZeroDivisionError``, not ``<class 'ZeroDivisionError'>``).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import types
from collections.abc import Callable, Sequence

EMBED_MODULE = "IPython.terminal.embed"


class HiddenModules(importlib.abc.MetaPathFinder):
    """Makes the named top-level packages unimportable until removed."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = frozenset(names)

    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition(".")[0] in self.names:
            raise ModuleNotFoundError(f"{fullname} is deferred", name=fullname)
        return None


class AfterImport(importlib.abc.MetaPathFinder):
    """Calls ``callback(module)`` right after the module ``name`` is executed."""

    def __init__(self, name: str, callback: Callable[[types.ModuleType], None]) -> None:
        self.name = name
        self.callback = callback

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        run = loader.exec_module

        def exec_module(module: types.ModuleType) -> None:
            run(module)
            self.callback(module)

        loader.exec_module = exec_module
        return spec


def _lazy_embed_module() -> types.ModuleType:
    stub = types.ModuleType(EMBED_MODULE, "Stand-in until IPython.embed is called.")

    def embed(*args, **kwargs):
        if sys.modules.get(EMBED_MODULE) is stub:
            del sys.modules[EMBED_MODULE]
        from IPython.terminal.embed import embed as real_embed

        return real_embed(*args, **kwargs)

    stub.embed = embed
    return stub


_hidden: HiddenModules | None = None
#: the site's package indexes for ``%pip``, set per worker (after a snapshot's restore too)
_pip_index_urls: list[str] = []


def start() -> None:
    """Prepare the interpreter before the kernel (and IPython) is imported."""
    global _hidden
    _hidden = HiddenModules(["jedi"])
    sys.meta_path.insert(0, _hidden)
    sys.modules.setdefault(EMBED_MODULE, _lazy_embed_module())

    def configure_piplite(module: types.ModuleType) -> None:
        module._PIPLITE_DISABLE_PYPI = True
        module._PIPLITE_URLS = _pip_index_urls

    sys.meta_path.insert(0, AfterImport("piplite.piplite", configure_piplite))


def set_pip_index_urls(urls: Sequence[str]) -> None:
    """The indexes ``%pip`` reads: this site's, known only in the worker."""
    _pip_index_urls[:] = list(urls)


def started() -> None:
    """Call once the kernel is imported: user imports see real modules again."""
    _unhide()
    stub = sys.modules.get(EMBED_MODULE)
    if stub is not None and getattr(stub, "__file__", None) is None:
        del sys.modules[EMBED_MODULE]
    interpreter = sys.modules.get("pyodide_kernel.interpreter")
    if interpreter is not None:
        interpreter.Interpreter._showtraceback = _showtraceback


def _showtraceback(self, etype, evalue, stb) -> None:
    """Record the last error with the exception's own name as ``ename``."""
    self._last_traceback = {
        "ename": getattr(etype, "__name__", str(etype)),
        "evalue": str(evalue),
        "traceback": stb,
    }


def _unhide() -> None:
    global _hidden
    if _hidden is not None:
        sys.meta_path.remove(_hidden)
        _hidden = None


def enable_jedi() -> bool:
    """Hand jedi to IPython's completer; True when jedi is in use."""
    _unhide()
    completer = sys.modules.get("IPython.core.completer")
    if completer is None or getattr(completer, "JEDI_INSTALLED", False):
        return bool(completer and completer.JEDI_INSTALLED)
    try:
        import jedi
        import jedi.api.classes
        import jedi.api.helpers
    except ImportError:
        return False
    jedi.settings.case_insensitive_completion = False
    completer.jedi = jedi
    completer.JEDI_INSTALLED = True
    return True

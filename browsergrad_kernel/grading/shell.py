"""The IPython shell the grading process runs cells in, as the browser kernel runs them.

A cell is IPython code, not plain Python: magics, ``?`` help, ``display()``, the last
expression's ``Out[n]`` and top-level ``await`` work as IPython makes them work, and an
unknown magic is IPython's ``UsageError``. What would reach outside the grading process is
skipped instead, with a note for the cell: installers (``%pip``, ``%conda``, …; the grader
installs nothing) and shell commands (``!cmd``, ``x = !cmd``, ``%%bash`` and the other
script magics, aliases such as ``%ls``, the editor of ``%edit``).

Imported only by ``child.py``, in the grading process; it imports nothing from the grader.
"""

from __future__ import annotations

import types
from collections.abc import Callable

#: line magics that install packages
INSTALLERS = ("pip", "conda", "mamba", "micromamba", "uv")
#: cell magics that run another program on the cell
SCRIPT_MAGICS = ("bash", "sh", "script", "perl", "ruby", "python", "python2", "python3", "pypy")
#: line magics that open an editor
EDITORS = ("edit", "ed")

INSTALL_NOTE = "skipped: the grader installs nothing (the packages are those where it runs)"
SHELL_NOTE = "skipped: shell commands do not run in grading"
EDITOR_NOTE = "skipped: no editor opens in grading"

Note = Callable[[str], None]


def _shown(text: str, limit: int = 120) -> str:
    """One line of a cell's code, for a note."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class GradingShell:
    """One IPython shell for one submission; ``note(text)`` hears what was skipped."""

    def __init__(self, note: Note) -> None:
        from IPython.core.interactiveshell import InteractiveShell
        from IPython.utils.text import SList
        from traitlets.config import Config

        config = Config()
        config.HistoryManager.enabled = False  # no sqlite file, nothing kept between runs
        config.InteractiveShell.colors = "nocolor"
        self._note = note
        self._empty = SList
        self.cell_name = ""
        # A fresh __main__ (IPython installs it in sys.modules), as a notebook has.
        module = types.ModuleType("__main__")
        self.shell = InteractiveShell.instance(config=config, user_module=module)
        # Tracebacks and SyntaxErrors name the cell: File "<cell c0>", line 1.
        self.shell.compile.get_code_name = lambda raw, code, number: f"<cell {self.cell_name}>"
        self._skip_outside_calls()

    def run(self, name: str, source: str) -> BaseException | None:
        """Run one cell; the exception it ended with, or None. Exceptions outside the
        cell's code (a time limit while IPython works) are raised."""
        self.cell_name = name
        result = self.shell.run_cell(source, store_history=True)
        return result.error_before_exec or result.error_in_exec

    def _skip_outside_calls(self) -> None:
        shell = self.shell

        def system(cmd: str, *args: object, **kwargs: object) -> None:
            self._note(f"!{_shown(cmd)}: {SHELL_NOTE}")

        def getoutput(cmd: str, *args: object, **kwargs: object) -> object:
            self._note(f"!{_shown(cmd)}: {SHELL_NOTE}")
            return self._empty()

        shell.system = shell.system_piped = shell.system_raw = system
        shell.getoutput = getoutput
        for name in INSTALLERS:
            self._line_magic(name, INSTALL_NOTE)
        for name in EDITORS:
            self._line_magic(name, EDITOR_NOTE)
        for name in SCRIPT_MAGICS:
            self._cell_magic(name, SHELL_NOTE)

    def _line_magic(self, name: str, note: str) -> None:
        def skipped(line: str) -> None:
            self._note(f"%{name} {_shown(line)}".rstrip() + f": {note}")

        self.shell.register_magic_function(skipped, "line", name)

    def _cell_magic(self, name: str, note: str) -> None:
        def skipped(line: str, cell: str) -> None:
            self._note(f"%%{name} {_shown(line)}".rstrip() + f": {note}")

        self.shell.register_magic_function(skipped, "cell", name)

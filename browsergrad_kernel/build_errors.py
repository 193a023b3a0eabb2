"""The errors that stop a build: ``jupyter lite build`` (the addons) and the runtime's assembly.

Each message names the offending file and, where it can, what to do. The addons turn any
``BuildError`` into a clean task failure (``addons/_base.py``); the subclasses say which part
of the build found the problem.
"""


class BuildError(Exception):
    """The build cannot go on: it would leave a site that breaks at run time."""


class UnreadableFileError(BuildError):
    """A JSON file the build reads is missing or is not JSON."""


class RuntimeAssetError(BuildError):
    """The Pyodide runtime (core files, wheels, lock, package index, its manifest) or an extra
    wheel is missing, corrupt or inconsistent."""


class SiteConfigError(BuildError):
    """The site's ``jupyter-lite.json`` cannot be configured for the kernel, or an extra
    wheel it names is not a local file."""


class KernelSettingsError(BuildError):
    """The kernel settings in ``jupyter-lite.json`` are not valid."""


class IsolationError(BuildError):
    """The cross-origin isolation service worker cannot be put into the site."""


class LabsError(BuildError):
    """One or more labs of the site are invalid or need another runtime."""

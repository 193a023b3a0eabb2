"""browsergrad: checks and artifacts for labs run in the browsergrad kernel.

One source: the same package runs inside Pyodide (shipped to the site as a noarch
wheel) and under CPython (for headless grading and tests).
"""

__version__ = "0.1.0"

__all__ = ["__version__"]

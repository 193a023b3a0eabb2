"""The one results document, ``results.v1``, and its JUnit XML: what headless grading writes
and the Tests panel exports (``labextension/src/results/`` is the browser's side)."""

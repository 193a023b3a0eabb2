"""Headless grading: re-run the submissions of a lab in fresh CPython processes.

Nothing is imported here: the grading process imports ``grading.child`` and must not load
the grader itself.
"""

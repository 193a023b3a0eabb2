"""Exports of graded ``results.v1`` documents for courses (docs/grading.md): Gradescope's
``results.json``, a class gradebook CSV, and a feedback page per student. The JSON and JUnit
files are ``grading/report.py``'s."""

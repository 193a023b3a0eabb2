"""``browsergrad-kernel check-lab LAB``: the quality checks of a lab (docs/grading.md)."""

"""Result files (JSON and JUnit XML) and the summary table of a grading run."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from junitparser import Error, Failure, JUnitXml, TestCase, TestSuite
from rich.console import Console
from rich.table import Table
from rich.text import Text

from browsergrad.text import clean
from browsergrad.text import line as text_line

#: characters XML 1.0 cannot hold, even escaped
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_COMPARED = ("expected", "actual", "expected_repr", "actual_repr")
_STYLE = {"pass": "green", "fail": "red", "error": "bold red"}


def _xml(text: Any) -> str:
    """Text safe for XML: impossible characters written as ``\\xNN``."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))


def _value(event: dict[str, Any], side: str) -> str:
    if event.get(f"{side}_repr") is not None:
        return event[f"{side}_repr"]
    return json.dumps(event.get(side), ensure_ascii=False)


def junit(result: dict[str, Any]) -> JUnitXml:
    """One test suite: a test case per assertion, and an error case per problem."""
    lab = result["lab"]["id"]
    suite = TestSuite(_xml(f"{lab}@{result['lab']['version']}: {result['notebook']}"))
    suite.timestamp = result["started"]
    suite.add_property("browsergrad", result["runtime"]["browsergrad"])
    suite.add_property("python", result["runtime"]["python"])
    for event in result["events"]:
        if event["type"] != "assertion":
            continue
        ms = event.get("duration_ms")
        seconds = None if ms is None else round(ms / 1000, 6)
        case = TestCase(_xml(event["name"]), f"{lab}.{_xml(event['cell_id'])}", seconds)
        if event["status"] == "fail":
            failure = Failure(_xml(event["message"] or "failed"), "AssertionFailed")
            if any(event[key] is not None for key in _COMPARED):
                failure.text = _xml(
                    f"expected: {_value(event, 'expected')}\nactual: {_value(event, 'actual')}"
                )
            case.result = [failure]
        elif event["status"] == "error":
            case.result = [Error(_xml(event["message"] or "error"), event["exc_type"] or "Error")]
        suite.add_testcase(case)
    for problem in result["problems"]:
        where = problem["cell_id"] or "submission"
        case = TestCase(_xml(f"{where}: {problem['kind']}"), f"{lab}.{_xml(where)}")
        error = Error(_xml(problem["message"]), problem["exc_type"] or problem["kind"])
        if problem["traceback"]:
            error.text = _xml(problem["traceback"])
        case.result = [error]
        suite.add_testcase(case)
    suite.update_statistics()
    suite.time = round(result["duration_ms"] / 1000, 6)
    xml = JUnitXml()
    xml.add_testsuite(suite)
    return xml


def write_result(result: dict[str, Any], folder: Path, stem: str) -> tuple[Path, Path]:
    """``<stem>.json`` and ``<stem>.junit.xml`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    json_path = folder / f"{stem}.json"
    json_path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    xml_path = folder / f"{stem}.junit.xml"
    junit(result).write(str(xml_path), pretty=True)
    return json_path, xml_path


def _first_issue(result: dict[str, Any]) -> str:
    for problem in result["problems"]:
        return _problem_text(problem)
    for event in result["events"]:
        if event["type"] == "assertion" and event["status"] != "pass":
            return text_line(event)
    return ""


def _problem_text(problem: dict[str, Any]) -> str:
    return (
        f"! [{problem['cell_id'] or 'submission'}] {problem['kind']}: {clean(problem['message'])}"
    )


def summary_table(results: list[dict[str, Any]]) -> Table:
    """One row per submission. Every string from a submission goes in as plain ``Text``, so
    nothing in it is read as console markup."""
    table = Table(title="browsergrad grades", title_justify="left")
    table.add_column("submission", overflow="fold")
    table.add_column("result")
    for column in ("pass", "fail", "error", "problems", "seconds"):
        table.add_column(column, justify="right")
    for result in results:
        counts = result["counts"]
        table.add_row(
            Text(result["notebook"]),
            Text(result["status"], style=_STYLE[result["status"]]),
            *(Text(str(counts[key])) for key in ("pass", "fail", "error", "problems")),
            Text(f"{result['duration_ms'] / 1000:.1f}"),
        )
    return table


def print_first_issues(console: Console, results: list[dict[str, Any]]) -> None:
    """For each submission that did not pass, its first problem or failure."""
    for result in results:
        if result["status"] != "pass":
            line = Text(f"{clean(result['notebook'])}: ", style="bold")
            line.append(_first_issue(result))
            console.print(line)


def print_details(console: Console, result: dict[str, Any]) -> None:
    """Each failed or errored assertion (as the notebook's text output shows it, with its
    cell) and each problem of one submission, one per line."""
    for event in result["events"]:
        if event["type"] == "assertion" and event["status"] != "pass":
            console.print(Text(f"[{event['cell_id']}] {text_line(event)}"))
    for problem in result["problems"]:
        console.print(Text(_problem_text(problem)))

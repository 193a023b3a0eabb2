"""Validate and read results files (the Tests panel's exports, and what
`browsergrad-kernel grade` writes), for the panel and lab specs (run with BG_PYTHON) and
tests/test_junit.py.

    python exports.py fetch-xsd     fetch the JUnit schema (once; scripts/test.sh does it)
    python exports.py json FILE     validate against results.v1; print the document
    python exports.py junit FILE    validate against the JUnit XSD; print its content as JSON

The JUnit schema is `junit-10.xsd` (Jenkins xUnit's, as the pytest project keeps it to
check its own JUnit reports); it ships in pytest's source distribution, which this takes
from PyPI at the version of pytest installed, and keeps in build/state/.
A file that does not validate ends the script with status 1 and the reasons.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "browsergrad" / "schema"
XSD = ROOT / "build" / "state" / "junit-10.xsd"


def fetch_xsd() -> Path:
    if XSD.exists():
        return XSD
    pinned = f"pytest=={version('pytest')}"
    with tempfile.TemporaryDirectory() as tmp:
        pip = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:"]
        subprocess.run([*pip, "-d", tmp, pinned], check=True)
        (sdist,) = Path(tmp).glob("pytest-*.tar.gz")
        with tarfile.open(sdist) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("/junit-10.xsd"))
            data = tar.extractfile(member).read()
    XSD.parent.mkdir(parents=True, exist_ok=True)
    XSD.write_bytes(data)
    return XSD


def check_json(path: Path) -> dict:
    import jsonschema
    from referencing import Registry, Resource

    schemas = [json.loads(p.read_text(encoding="utf-8")) for p in SCHEMA_DIR.glob("*.json")]
    registry = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas
    )
    results = next(s for s in schemas if s["$id"] == "urn:browsergrad:schema:results:v1")
    document = json.loads(path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(results, registry=registry)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    if errors:
        sys.exit("results.v1 schema:\n" + "\n".join(errors))
    return document


def check_junit(path: Path) -> dict:
    import xmlschema

    schema = xmlschema.XMLSchema(str(fetch_xsd()))
    errors = [str(error) for error in schema.iter_errors(str(path))]
    if errors:
        sys.exit("junit-10.xsd:\n" + "\n".join(errors))
    from xml.etree import ElementTree

    def element(node) -> dict:
        return {
            "tag": node.tag,
            "attributes": dict(node.attrib),
            "text": (node.text or "").strip(),
            "children": [element(child) for child in node],
        }

    return element(ElementTree.parse(path).getroot())


def main() -> None:
    command, *args = sys.argv[1:]
    if command == "fetch-xsd":
        print(fetch_xsd())
    elif command == "json":
        print(json.dumps(check_json(Path(args[0]))))
    elif command == "junit":
        print(json.dumps(check_junit(Path(args[0]))))
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()

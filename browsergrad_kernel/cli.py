"""The ``browsergrad-kernel`` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .checklab import command as check_lab_command
from .grading import command as grade_command
from .site.serve import serve, serve_host_page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="browsergrad-kernel")
    commands = parser.add_subparsers(dest="command", required=True)
    serve_cmd = commands.add_parser("serve", help="serve a built site on 127.0.0.1")
    serve_cmd.add_argument("site", type=Path, help="the output folder of `jupyter lite build`")
    serve_cmd.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    serve_cmd.add_argument(
        "--no-isolation",
        action="store_true",
        help="omit the COOP/COEP headers (no interrupt buffer for the kernel)",
    )
    host_cmd = commands.add_parser(
        "host", help="serve the reference host page (a hub in miniature) on 127.0.0.1"
    )
    host_cmd.add_argument("--port", type=int, default=8001, help="0 picks a free port")
    host_cmd.add_argument(
        "--site",
        default="http://127.0.0.1:8000/lab/index.html",
        help="the URL of the site to embed (its settings must allow this page's origin)",
    )
    grade_command.add_parser(commands)
    check_lab_command.add_parser(commands)
    args = parser.parse_args(argv)
    if args.command == "grade":
        return grade_command.run(args)
    if args.command == "check-lab":
        return check_lab_command.run(args)
    try:
        if args.command == "host":
            serve_host_page(args.port, args.site)
        else:
            serve(args.site, args.port, isolated=not args.no_isolation)
    except (FileNotFoundError, OSError) as error:
        print(f"browsergrad-kernel serve: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

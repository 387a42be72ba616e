"""The `limber` command: start the app, or check and list routine files.

Only argparse is imported up front: starting the app goes straight to the
window (nothing of the routine loader is needed before its first paint), and
`validate` and `list` (app.commands) never import the Qt widgets, so they work
on a machine without a display.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app import __version__


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is not None and (args.routine is not None or args.start):
        parser.error("--routine and --start are for starting the app, not for a subcommand")
    if args.command == "validate":
        from app.commands import validate

        return validate(args.files)
    if args.command == "list":
        from app.commands import list_routines

        return list_routines()
    from app.ui import launch

    return launch(args.routine, args.start)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="limber",
        description="A guided, timed warm-up before your run. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"limber {__version__}")
    parser.add_argument(
        "--routine",
        metavar="ID_OR_PATH",
        help="open this routine: an id from `limber list`, or a routine file",
    )
    parser.add_argument(
        "--start", action="store_true", help="start the routine at once, without the picker"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    validate = commands.add_parser(
        "validate",
        help="check routine files and report every problem",
        description="Check routine files (or the stretch library) against the format.",
    )
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    commands.add_parser(
        "list",
        help="list every routine, shipped and your own",
        description="List every routine, shipped and your own, with its regions and length.",
    )
    return parser

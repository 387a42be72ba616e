"""The `limber` command: start the app, or check and list routine files.

Only argparse is imported up front: starting the app goes straight to the
window (nothing of the routine loader is needed before its first paint), and
`validate` and `list` (app.commands) never import the Qt widgets, so they work
on a machine without a display.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from app import __version__
from app.i18n import install_language


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    install_language(None)  # the system's; the window may take the Settings' choice instead
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is not None and (args.routine is not None or args.start):
        parser.error("--routine and --start are for starting the app, not for a subcommand")
    if args.command in ("validate", "list"):
        return _run_text_command(args)
    from app.ui import launch

    return launch(args.routine, args.start)


# What a shell reports for a program ended by SIGPIPE (128 + 13): `limber list | head`.
BROKEN_PIPE_EXIT = 141


def _run_text_command(args: argparse.Namespace) -> int:
    """`validate` or `list`, printing to a terminal, a file or a pipe.

    Output under a locale that cannot encode a character (a "—" in a title under
    ISO-8859-1) gets a replacement character instead of a crash; a reader that
    goes away (`| head -1`) ends the command quietly, with the status a shell
    gives a program that SIGPIPE ended.
    """
    from app.commands import list_routines, validate

    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    try:
        code = validate(args.files) if args.command == "validate" else list_routines()
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would flush again on the way out and complain: point stdout at nothing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return BROKEN_PIPE_EXIT
    return code


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

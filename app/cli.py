"""The `limber` command: start the app, or check and list routine files.

Only argparse is imported up front: starting the app goes straight to the
window (nothing of the routine loader is needed before its first paint), and
`validate` and `list` (app.commands) never import the Qt widgets, so they work
on a machine without a display.

The system's language is installed first thing, so the help, the errors and
every line of `validate` and `list` are in it. argparse's own words go through
the standard `gettext` domain, which holds no catalog of ours: the ones every
help shows ("usage:", the section titles, the help options, "error:") are
given in our catalog here instead; the rarer messages of argparse itself (a
missing argument, an unknown command) stay in English.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

from app import __version__
from app.i18n import _, install_language


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    install_language(None)  # the system's; the window may take the Settings' choice instead
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is not None and (args.routine is not None or args.start):
        parser.error(_("--routine and --start are for starting the app, not for a subcommand"))
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


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter with "usage:" in the runner's language."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        # Translators: the start of the help's first line, "usage: limber [-h] ...".
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse's parser with its help option and "error:" in the runner's language."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(formatter_class=_HelpFormatter, add_help=False, **kwargs)
        # Translators: the title of the help's list of options.
        self.options = self.add_argument_group(_("options"))
        self.options.add_argument("-h", "--help", action="help", help=_("show this help and exit"))

    def error(self, message: str) -> NoReturn:
        """Usage and the message on stderr, exit status 2, as argparse's own."""
        self.print_usage(sys.stderr)
        # Translators: {program} is "limber" or "limber validate".
        text = _("{program}: error: {message}").format(program=self.prog, message=message)
        self.exit(2, text + "\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="limber",
        description=_("A guided, timed warm-up before your run. With no command, opens the app."),
    )
    options = parser.options
    options.add_argument(
        "--version",
        action="version",
        version=f"limber {__version__}",
        help=_("show the version and exit"),
    )
    options.add_argument(
        "--routine",
        metavar="ID_OR_PATH",
        help=_("open this routine: an id from `limber list`, or a routine file"),
    )
    options.add_argument(
        "--start", action="store_true", help=_("start the routine at once, without the picker")
    )
    commands = parser.add_subparsers(
        dest="command",
        metavar="COMMAND",
        # Translators: the title of the help's list of commands (validate, list).
        title=_("commands"),
    )
    validate = commands.add_parser(
        "validate",
        help=_("check routine files and report every problem"),
        description=_("Check routine files (or the stretch library) against the format."),
    )
    # Translators: the title of the help's list of arguments (the files to check).
    files = validate.add_argument_group(_("arguments"))
    files.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help=_("a routine file, or the stretch library (stretches.yaml)"),
    )
    commands.add_parser(
        "list",
        help=_("list every routine, shipped and your own"),
        description=_("List every routine, shipped and your own, with its regions and length."),
    )
    return parser

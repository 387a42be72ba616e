"""The YAML node layer of the routine loader: strict composing, positions, syntax errors.

The YAML is only *composed* into nodes, never constructed into Python objects:
tags that would build objects are refused, aliases are refused before anything
expands them, and nothing in a routine file can run code. libyaml composes a
plain file fast; PyYAML's own parser words every syntax error, so a file gets
the same verdict on either. Problems are collected in a `_Report`, so checking
(app.format_checker) can go on past the first.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.composer import Composer, ComposerError
from yaml.events import AliasEvent
from yaml.reader import ReaderError
from yaml.resolver import Resolver

from app.i18n import N_, _

if yaml.__with_libyaml__:
    from yaml._yaml import CParser

# At the cap a file still reads in a fraction of a second, even one with a syntax error
# at its very end (which only PyYAML's slower pure-Python parser words exactly).
MAX_FILE_BYTES = 256 * 1024
# The format nests four levels deep; the composer recurses, so cap it well below Python's limit.
MAX_NESTING = 32
# Translated where it is reported (`too_large_message`, `_(TAB_MESSAGE)`): the
# language is chosen after the imports.
TOO_LARGE_MESSAGE = N_("file is larger than {size} KiB: routine files are small text files")
TAB_MESSAGE = N_("tab character: YAML needs spaces here (indent with spaces, not tabs)")

_YAML_TAG = "tag:yaml.org,2002:"
# What plain YAML resolves to on its own. Anything else came from an explicit tag.
_PLAIN_TAGS = frozenset(
    _YAML_TAG + name
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp", "merge", "value")
)
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


@dataclass(frozen=True)
class Problem:
    """One mistake in a file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class RoutineError(Exception):
    """A file that cannot be used, with every problem found in it, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(
            sorted(problems, key=lambda problem: (problem.line, problem.column))
        )
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


def too_large_message() -> str:
    """Why a file over the size cap is refused, in the runner's language."""
    return _(TOO_LARGE_MESSAGE).format(size=MAX_FILE_BYTES // 1024)


def _not_allowed_character(code: int) -> str:
    # Translators: {character} is a Unicode code point, like "U+0007".
    return _("character {character} is not allowed in a routine file").format(
        character=f"U+{code:04X}"
    )


class _Report:
    """Collects the problems of one file, so checking can go on past the first."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.text = ""  # the decoded file, to place a problem inside a value
        self._line_starts: list[int] | None = None

    def index_of(self, mark: yaml.Mark) -> int:
        """The index in `text` of a mark's line and column (the same on both parsers)."""
        if self._line_starts is None:
            self._line_starts = [0, *(match.end() for match in _LINE_BREAK.finditer(self.text))]
        starts = self._line_starts
        line = min(int(mark.line), len(starts) - 1)
        return min(starts[line] + int(mark.column), len(self.text))

    def character(self, node: yaml.Node, char: str, message: str) -> None:
        """A problem with one character of a scalar: at that character when it is
        written as it is, else (an escape like "\\u202e") at the start of the value."""
        start, end = self.index_of(node.start_mark), self.index_of(node.end_mark)
        found = self.text.find(char, start, max(start, end))
        if found < 0:
            self.at(node, message)
            return
        line, column = _line_and_column(self.text, found)
        self.add(line, column, message)

    def add(self, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, column, message))

    def at(self, where: yaml.Node | yaml.Mark, message: str) -> None:
        mark = where.start_mark if isinstance(where, yaml.Node) else where
        self.add(mark.line + 1, mark.column + 1, message)

    def fatal(self, line: int, column: int, message: str) -> RoutineError:
        """The error to raise when the file cannot be read any further."""
        self.add(line, column, message)
        return RoutineError(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise RoutineError(self.problems)


class _RefusedNode(yaml.ScalarNode):
    """Stands in for an alias or a tagged value that was already reported.

    Checks skip it silently, so one mistake gives one message.
    """


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__()
        self.mark = mark


class _Refusing(Composer):
    """PyYAML's safe composer, refusing aliases and object-building tags as it goes.

    An alias is replaced by a placeholder instead of being resolved, so even a
    "billion laughs" file never holds more nodes than it has characters. Mixed
    into a parser below: PyYAML's own, or libyaml's.
    """

    _report: _Report
    _depth: int

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        # The stubs leave Parser.check_event/get_event/peek_event untyped (and Event marks loose).
        if self.check_event(AliasEvent):  # type: ignore[attr-defined]
            event: Any = self.get_event()  # type: ignore[attr-defined]
            self._report.at(
                event.start_mark,
                # Translators: {alias} is the alias as written in the file, like "*common".
                _("aliases ({alias}) are not supported in routine files").format(
                    alias=f"*{event.anchor}"
                ),
            )
            return _RefusedNode("", "", event.start_mark, event.end_mark)
        self._depth += 1
        try:
            if self._depth > MAX_NESTING:
                raise _TooDeep(self.peek_event().start_mark)  # type: ignore[attr-defined]
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if node is not None and node.tag not in _PLAIN_TAGS:
            self._report.at(node, _unsupported_tag(node.tag))
            return _RefusedNode("", "", node.start_mark, node.end_mark)
        return node

    def compose_scalar_node(self, anchor: Any) -> yaml.ScalarNode:
        # The non-specific tag "!" ("! 30"): PyYAML's parser resolves the value as if
        # it were plain (30 is a number), libyaml's events say text. PyYAML's way on both.
        event: Any = self.peek_event()  # type: ignore[attr-defined]
        if event.tag == "!":
            event.tag = self.resolve(yaml.ScalarNode, event.value, (True, False))  # type: ignore[attr-defined]
        return super().compose_scalar_node(anchor)


class _StrictComposer(_Refusing, yaml.SafeLoader):
    """The strict composer on PyYAML's pure-Python parser: the one whose syntax
    errors the messages are worded for."""

    def __init__(self, text: str, report: _Report) -> None:
        yaml.SafeLoader.__init__(self, text)
        self._report = report
        self._depth = 0


if yaml.__with_libyaml__:

    class _StrictLibyamlComposer(_Refusing, CParser, Resolver):
        """The strict composer on libyaml's parser: the same nodes, marks and refusals,
        several times faster (the parsing, most of the work, is in C). Its syntax
        errors are libyaml's, worded differently: for those, see _compose_strictly."""

        def __init__(self, text: str, report: _Report) -> None:
            CParser.__init__(self, text)
            Composer.__init__(self)
            Resolver.__init__(self)
            self._report = report
            self._depth = 0


class _LibyamlSyntaxError(Exception):
    """libyaml could not parse the file: PyYAML's parser reads it again to say why."""


def _compose_with_libyaml(text: str) -> yaml.Node | None:
    """The fast path: libyaml's composer, for a file with nothing to refuse.

    Several times faster than the pure-Python composer, which matters at
    start-up. Anything unusual (a syntax error, an alias, a tag, deep nesting,
    no libyaml) returns None, and the strict composer reads the file again to
    report it precisely. libyaml composes aliases without copying, so even a
    "billion laughs" file is small here, and the walk below stops at the first
    node it meets twice.
    """
    # A "!" may be a tag: the strict composer resolves those as PyYAML does.
    if not yaml.__with_libyaml__ or "!" in text:
        return None
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return None
    if root is None:
        return None
    seen: set[int] = set()
    pending: list[tuple[yaml.Node, int]] = [(root, 1)]
    while pending:
        node, depth = pending.pop()
        if id(node) in seen or depth > MAX_NESTING or node.tag not in _PLAIN_TAGS:
            return None
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            pending.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                pending.extend(((key, depth + 1), (value, depth + 1)))
    return root


def _unsupported_tag(tag: str) -> str:
    shown = "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag
    return _(
        "tag '{tag}' is not supported in routine files "
        "(they hold only text, numbers, lists and mappings)"
    ).format(tag=shown)


def _compose(data: str | bytes, report: _Report, empty_message: str) -> yaml.Node:
    """The file's root node; raises RoutineError if the file cannot be parsed at all."""
    text = _decode(data, report)
    report.text = text
    if _PYYAML_VERDICT_ONLY.search(text):
        root = _compose_on_pyyaml(text, report)
    else:
        root = _compose_with_libyaml(text)
        if root is None:
            root = _compose_strictly(text, report)
    if root is None:
        raise report.fatal(1, 1, empty_message)
    return root


# What the two parsers disagree on, so that a file holding it is read by PyYAML's
# parser alone (every file then gets PyYAML's verdict): tabs (libyaml takes one
# after a colon, PyYAML's parser none outside quotes and block text), and a
# comment straight after a block scalar's header ("|#": libyaml takes it), and a
# byte-order mark past the start (libyaml skips it, PyYAML reads it as text).
_PYYAML_VERDICT_ONLY = re.compile(r"\t|[|>][-+0-9]*#|\ufeff")


def _compose_on_pyyaml(text: str, report: _Report) -> yaml.Node | None:
    """A file with something the parsers disagree on, on PyYAML's parser only.

    A tab it refuses stops the parse; to report the file's other problems too,
    the checks then read the same file with spaces for its tabs (the same
    length, so every position holds). If that does not parse either, the tab is
    the one problem reported.
    """
    reported = len(report.problems)
    try:
        return _single_node(_StrictComposer, text, report)
    except RoutineError:
        tab = report.problems[-1]
        if tab.message != _(TAB_MESSAGE):
            raise
    del report.problems[reported:]
    spaced = text.replace("\t", " ")
    report.text = spaced
    try:
        root = _compose_with_libyaml(spaced)
        if root is None:
            root = _compose_strictly(spaced, report)
    except RoutineError:
        del report.problems[reported:]
        raise report.fatal(tab.line, tab.column, tab.message) from None
    report.add(tab.line, tab.column, tab.message)
    return root


def _compose_strictly(text: str, report: _Report) -> yaml.Node | None:
    """The root node, with every alias and tag reported; None for an empty file.

    On libyaml's parser when there is one, several times faster than PyYAML's
    own: a file at the size cap takes a tenth of a second, not most of one.
    Only a syntax error needs PyYAML's parser, for the wording the messages
    are written for (and the same look-ahead: libyaml may stop at an error
    further on than PyYAML's composer gets); it reads up to the error.
    """
    if yaml.__with_libyaml__:
        reported = len(report.problems)
        try:
            return _single_node(_StrictLibyamlComposer, text, report)
        except _LibyamlSyntaxError:
            del report.problems[reported:]  # PyYAML's composer reports them again
    return _single_node(_StrictComposer, text, report)


def _single_node(
    composer_class: Callable[[str, _Report], _Refusing], text: str, report: _Report
) -> yaml.Node | None:
    """Runs a strict composer; raises RoutineError where the file cannot be read on."""
    on_libyaml = composer_class is not _StrictComposer
    try:
        composer = composer_class(text, report)  # PyYAML's reader checks the characters here
        try:
            return composer.get_single_node()
        finally:
            composer.dispose()  # type: ignore[attr-defined]
    except _TooDeep as error:
        raise report.fatal(
            error.mark.line + 1,
            error.mark.column + 1,
            _("lists and mappings are nested too deeply"),
        ) from None
    except ComposerError as error:  # raised by PyYAML's composer, over either parser
        raise _syntax_error(error, text, report) from None
    except yaml.YAMLError as error:
        if on_libyaml:
            raise _LibyamlSyntaxError from None
        raise _syntax_error(error, text, report) from None


def _syntax_error(error: yaml.YAMLError, text: str, report: _Report) -> RoutineError:
    """The error to raise for a file PyYAML's reader, parser or composer refused."""
    if isinstance(error, ReaderError):
        line, column = _line_and_column(text, error.position)
        return report.fatal(line, column, _not_allowed_character(error.character))
    if not isinstance(error, yaml.MarkedYAMLError):
        return report.fatal(1, 1, _invalid_yaml(str(error)))
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return report.fatal(line, column, _yaml_syntax_message(error))


def _decode(data: str | bytes, report: _Report) -> str:
    """The file's text without a byte-order mark; refuses huge files before any parsing."""
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > MAX_FILE_BYTES:
        raise report.fatal(1, 1, too_large_message())
    if isinstance(data, str):
        try:
            data.encode("utf-8")
        except UnicodeEncodeError as error:  # a lone surrogate: text, but no character
            line, column = _line_and_column(data, error.start)
            raise report.fatal(
                line, column, _not_allowed_character(ord(data[error.start]))
            ) from None
        return data.removeprefix("\ufeff")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise report.fatal(1, 1, _("file is encoded as UTF-16: save it as UTF-8"))
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        good = data[: error.start].decode("utf-8").removeprefix("\ufeff")
        line, column = _line_and_column(good, len(good))
        raise report.fatal(
            line,
            column,
            # Translators: {byte} is the byte that is not UTF-8, like "0xff".
            _("not valid UTF-8 (byte {byte}): save the file as UTF-8").format(
                byte=f"0x{data[error.start]:02x}"
            ),
        ) from None


def _line_and_column(text: str, index: int) -> tuple[int, int]:
    """1-based position of text[index], counting line breaks the way PyYAML does."""
    line, line_start = 1, 0
    for match in _LINE_BREAK.finditer(text, 0, index):
        line, line_start = line + 1, match.end()
    return line, index - line_start + 1


def _yaml_syntax_message(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or ""
    if "'\\t'" in problem:
        return _(TAB_MESSAGE)
    details = ", ".join(part for part in (error.context, problem) if part)
    if problem == "mapping values are not allowed here":
        # Translators: {details} is PyYAML's own English wording of the syntax error.
        return _(
            "invalid YAML: {details} (check the indentation, or put text that contains ': ' "
            "in quotes)"
        ).format(details=details)
    return _invalid_yaml(details)


def _invalid_yaml(details: str) -> str:
    # Translators: {details} is PyYAML's own English wording of the syntax error,
    # like "while scanning a quoted scalar, found unexpected end of stream".
    return _("invalid YAML: {details}").format(details=details)

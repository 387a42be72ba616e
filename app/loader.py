"""Reading the stretch library and routine files, with compiler-style error messages.

Users write routine files by hand, so every mistake is reported as
`FILE:LINE:COL: message` at the exact key or value that is wrong, and all the
mistakes in a file are reported at once. The YAML is only *composed* into
nodes, never constructed into Python objects: tags that would build objects
are refused, aliases are refused before anything expands them, and nothing in
a routine file can run code.
"""

from __future__ import annotations

import codecs
import difflib
import math
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer, ComposerError
from yaml.events import AliasEvent
from yaml.reader import ReaderError
from yaml.resolver import Resolver

if yaml.__with_libyaml__:
    from yaml._yaml import CParser

from app import pictures
from app.regions import Region
from app.resources import picture_problem, split_asset_path
from app.routine import (
    DEFAULT_LEAD_IN,
    DEFAULT_REST,
    DEFAULT_TEMPO,
    MAX_HOLD,
    MAX_PAUSE,
    MAX_REPS,
    MAX_TEMPO,
    MIN_HOLD,
    MIN_REPS,
    MIN_TEMPO,
    Dose,
    Hold,
    Kind,
    Reps,
    Routine,
    Sides,
    Step,
    Stretch,
    renamed_say,
)

# Routine files are a few kilobytes; anything bigger is the wrong file (or an attack).
# At the cap a file still reads in a fraction of a second, even one with a syntax error
# at its very end (which only PyYAML's slower pure-Python parser words exactly).
MAX_FILE_BYTES = 256 * 1024
# The format nests four levels deep; the composer recurses, so cap it well below Python's limit.
MAX_NESTING = 32
TOO_LARGE_MESSAGE = (
    f"file is larger than {MAX_FILE_BYTES // 1024} KiB: routine files are small text files"
)

DURATION_EXAMPLES = "30, '45s' or '1m30s'"
TAB_MESSAGE = "tab character: YAML needs spaces here (indent with spaces, not tabs)"

# The keys each mapping may have, in the order the docs list them (and "did you mean" offers).
ROUTINE_KEYS = ("title", "summary", "lead_in", "rest", "steps")
STRETCH_KEYS = (
    *("name", "region", "instructions", "cue", "image", "sides"),
    *("hold", "reps", "tempo", "say", "kind"),
)
STEP_KEYS = (
    *("stretch", "name", "instructions", "cue", "region", "image", "picture", "say", "sides"),
    *("hold", "reps", "tempo", "rest"),
)

_YAML_TAG = "tag:yaml.org,2002:"
# What plain YAML resolves to on its own. Anything else came from an explicit tag.
_PLAIN_TAGS = frozenset(
    _YAML_TAG + name
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp", "merge", "value")
)
_SCALAR_KINDS = {
    "str": "text",
    "int": "a number",
    "float": "a number",
    "bool": "a true/false value",
    "null": "nothing",
    "timestamp": "a date",
}
_STRETCH_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_WHOLE_NUMBER = re.compile(r"\+?[0-9]+\Z")
_NUMBER = r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_DURATION = re.compile(rf"(?:(?P<minutes>{_NUMBER})\s*m)?\s*(?:(?P<seconds>{_NUMBER})\s*s?)?")
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


# --- durations ---------------------------------------------------------------------------------


def parse_duration(value: object) -> float:
    """Seconds from a duration as users write it: 30, 1.5, '45s', '1m', '1m30s', '90'.

    Raises ValueError with a message that can be shown to the user as it is,
    so the editor can reuse it for its own fields.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"expected a duration like {DURATION_EXAMPLES}, found {_kind_of(value)}")
    seconds = _duration_text_seconds(value) if isinstance(value, str) else float(value)
    if not math.isfinite(seconds):
        raise ValueError(f"expected a duration like {DURATION_EXAMPLES}, found {value!r}")
    if seconds < 0:
        raise ValueError(f"a duration cannot be negative, found {value!r}")
    return seconds


def _duration_text_seconds(text: str) -> float:
    stripped = text.strip()
    negative = stripped.startswith("-")
    match = _DURATION.fullmatch(stripped[1:] if negative else stripped)
    if match is None or (match["minutes"] is None and match["seconds"] is None):
        raise ValueError(f"expected a duration like {DURATION_EXAMPLES}, found {text!r}")
    seconds = float(match["minutes"] or 0) * 60 + float(match["seconds"] or 0)
    return -seconds if negative else seconds


def _kind_of(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return repr(value)


# --- reading and composing ---------------------------------------------------------------------


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
                event.start_mark, f"aliases (*{event.anchor}) are not supported in routine files"
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
    return (
        f"tag '{shown}' is not supported in routine files "
        "(they hold only text, numbers, lists and mappings)"
    )


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
        if tab.message != TAB_MESSAGE:
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
            error.mark.line + 1, error.mark.column + 1, "lists and mappings are nested too deeply"
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
        return report.fatal(
            line, column, f"character U+{error.character:04X} is not allowed in a routine file"
        )
    if not isinstance(error, yaml.MarkedYAMLError):
        return report.fatal(1, 1, f"invalid YAML: {error}")
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return report.fatal(line, column, _yaml_syntax_message(error))


def _decode(data: str | bytes, report: _Report) -> str:
    """The file's text without a byte-order mark; refuses huge files before any parsing."""
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > MAX_FILE_BYTES:
        raise report.fatal(1, 1, TOO_LARGE_MESSAGE)
    if isinstance(data, str):
        try:
            data.encode("utf-8")
        except UnicodeEncodeError as error:  # a lone surrogate: text, but no character
            line, column = _line_and_column(data, error.start)
            raise report.fatal(
                line,
                column,
                f"character U+{ord(data[error.start]):04X} is not allowed in a routine file",
            ) from None
        return data.removeprefix("\ufeff")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise report.fatal(1, 1, "file is encoded as UTF-16: save it as UTF-8")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        good = data[: error.start].decode("utf-8").removeprefix("\ufeff")
        line, column = _line_and_column(good, len(good))
        raise report.fatal(
            line,
            column,
            f"not valid UTF-8 (byte 0x{data[error.start]:02x}): save the file as UTF-8",
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
        return TAB_MESSAGE
    message = ", ".join(part for part in (error.context, problem) if part)
    if problem == "mapping values are not allowed here":
        message += " (check the indentation, or put text that contains ': ' in quotes)"
    return f"invalid YAML: {message}"


# --- checking nodes ----------------------------------------------------------------------------


def _describe(node: yaml.Node) -> str:
    """What a node holds, in words, for "expected X, found Y" messages."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return _SCALAR_KINDS.get(node.tag.removeprefix(_YAML_TAG), "a value")


def _is_text(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _YAML_TAG + "str"


def _shown(node: yaml.Node) -> str:
    """A scalar as the user wrote it (quoted), or what kind of collection it is."""
    if isinstance(node, yaml.ScalarNode):
        return repr(node.value) if _is_text(node) else str(node.value)
    return _describe(node)


def _suggestion(word: str, choices: Sequence[str]) -> str | None:
    """The choice the user most likely meant: a near-miss spelling, or the one id
    that has `word` as one of its dash-separated parts ('hips' -> 'trunk-hips')."""
    matches = difflib.get_close_matches(word.lower(), choices, n=1)
    if matches:
        return matches[0]
    containing = [choice for choice in choices if word.lower() in choice.split("-")]
    return containing[0] if len(containing) == 1 else None


def _unknown(what: str, word: str, choices: Sequence[str]) -> str:
    close = _suggestion(word, choices)
    if close is not None:
        return f"unknown {what} '{word}' (did you mean '{close}'?)"
    return f"unknown {what} '{word}' (expected one of: {', '.join(choices)})"


def _line_of(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


class _Fields:
    """A mapping's values by key, after reporting keys that are unknown or repeated."""

    def __init__(
        self,
        node: yaml.MappingNode,
        allowed: Sequence[str],
        report: _Report,
        *,
        misplaced: Mapping[str, str] | None = None,
    ) -> None:
        self.node = node
        self.keys: dict[str, yaml.Node] = {}
        self.values: dict[str, yaml.Node] = {}
        self.suggested: set[str] = set()  # keys offered as "did you mean"
        seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            name = _key_name(key_node, report)
            if name is None:
                continue
            if name in seen:
                first = _line_of(seen[name])
                report.at(key_node, f"duplicate key '{name}' (first set on line {first})")
                continue
            seen[name] = key_node
            if misplaced and name in misplaced:
                report.at(key_node, misplaced[name])
            elif name not in allowed:
                report.at(key_node, _unknown("key", name, allowed))
                close = _suggestion(name, allowed)
                if close is not None:
                    self.suggested.add(close)
            else:
                self.keys[name] = key_node
                self.values[name] = value_node

    def get(self, name: str) -> yaml.Node | None:
        return self.values.get(name)

    def misspelled_dose(self) -> bool:
        """Whether an unknown key was probably meant as the dose: then that is the
        one problem to report, not also "needs 'hold' or 'reps'"."""
        return bool(self.suggested & {"hold", "reps"})

    def later_key(self, *names: str) -> yaml.Node:
        """Of the given (present) keys, the one written last: where a clash is reported."""
        return max((self.keys[name] for name in names), key=_position)


def _position(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line, node.start_mark.column)


def _key_name(node: yaml.Node, report: _Report) -> str | None:
    """A mapping key as text; None (after reporting, unless already reported) if it is not one."""
    if isinstance(node, _RefusedNode):
        return None
    if not isinstance(node, yaml.ScalarNode):
        report.at(node, f"expected a key name, found {_describe(node)}")
        return None
    name = str(node.value)
    if not _characters_ok(node, name, "a key", report, several_lines=False):
        return None
    return name


# Characters that reorder the text around them when shown (Trojan Source): a title
# or an instruction must read as it is written.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# The texts that may run over several lines (block text); every other is one line.
BLOCK_TEXT_KEYS = frozenset({"summary", "instructions", "cue", "say"})


def _characters_ok(
    node: yaml.Node, value: str, where: str, report: _Report, *, several_lines: bool
) -> bool:
    """Whether `value` holds only characters the rest of the program can carry (to a
    terminal, the history, speech); else the first bad one is reported, where it is."""
    if value.isprintable():
        return True
    for char in value:
        code = ord(char)
        if char == "\n" and several_lines:
            continue
        if 0xD800 <= code <= 0xDFFF:
            message = f"lone surrogate U+{code:04X} in {where}: it is not a character"
        elif char in _BIDI_CONTROLS:
            message = (
                f"bidirectional override U+{code:04X} in {where}: "
                "it can make the text read in a misleading order"
            )
        elif char in "\n\r\x85\u2028\u2029":
            message = f"line break in {where}: it must be on one line"
        elif unicodedata.category(char) == "Cc":
            message = f"control character U+{code:04X} in {where}: text cannot hold one"
        else:
            continue
        report.character(node, char, message)
        return False
    return True


class _Checker:
    """Turns value nodes into model values, reporting what is wrong with them.

    A wrong value is reported and replaced by a harmless placeholder, so
    checking can carry on; a file with any problem is never returned.
    """

    def __init__(self, report: _Report) -> None:
        self.report = report

    def text(self, node: yaml.Node, key: str, *, blank_ok: bool = True) -> str:
        if isinstance(node, _RefusedNode):
            return ""
        if not _is_text(node):
            message = f"expected text for '{key}', found {_describe(node)}"
            if isinstance(node, yaml.ScalarNode) and node.tag != _YAML_TAG + "null":
                message += " (put it in quotes to use it as text)"
            self.report.at(node, message)
            return ""
        value = str(node.value)
        several_lines = key in BLOCK_TEXT_KEYS
        if not _characters_ok(node, value, f"'{key}'", self.report, several_lines=several_lines):
            return ""
        if not blank_ok and not value.strip():
            self.report.at(node, f"'{key}' must not be empty")
        return value

    def optional_text(self, fields: _Fields, key: str, *, blank_ok: bool = True) -> str | None:
        node = fields.get(key)
        return None if node is None else self.text(node, key, blank_ok=blank_ok)

    def required_text(self, fields: _Fields, key: str, owner: str) -> str:
        node = fields.get(key)
        if node is None:
            self.report.at(fields.node, f"{owner} is missing '{key}'")
            return ""
        return self.text(node, key, blank_ok=False)

    def duration(self, node: yaml.Node, key: str, low: float, high: float) -> float:
        if isinstance(node, _RefusedNode):
            return low
        if not isinstance(node, yaml.ScalarNode) or node.tag not in _DURATION_TAGS:
            self.report.at(
                node,
                f"expected a duration like {DURATION_EXAMPLES} for '{key}', "
                f"found {_describe(node)}",
            )
            return low
        try:
            seconds = parse_duration(str(node.value))
        except ValueError as error:
            self.report.at(node, str(error))
            return low
        if not low <= seconds <= high:
            self.report.at(
                node, f"'{key}' must be between {low:g} and {high:g} seconds, found {node.value}"
            )
            return low
        return seconds

    def optional_duration(self, fields: _Fields, key: str, low: float, high: float) -> float | None:
        node = fields.get(key)
        return None if node is None else self.duration(node, key, low, high)

    def whole_number(self, node: yaml.Node, key: str, low: int, high: int) -> int:
        if isinstance(node, _RefusedNode):
            return low
        is_number = isinstance(node, yaml.ScalarNode) and node.tag == _YAML_TAG + "int"
        if not is_number or not _WHOLE_NUMBER.match(str(node.value)):
            found = str(node.value) if node.tag == _YAML_TAG + "float" else _describe(node)
            self.report.at(node, f"expected a whole number for '{key}', found {found}")
            return low
        count = int(node.value)
        if not low <= count <= high:
            self.report.at(node, f"'{key}' must be between {low} and {high}, found {count}")
            return low
        return count

    def sides(self, node: yaml.Node) -> Sides:
        if isinstance(node, _RefusedNode):
            return Sides.ONE
        if _is_text(node):
            for sides in Sides:
                if node.value == sides.value:
                    return sides
        self.report.at(node, f"expected 'one' or 'both', found {_shown(node)}")
        return Sides.ONE

    def kind(self, node: yaml.Node) -> Kind | None:
        if isinstance(node, _RefusedNode):
            return None
        if _is_text(node):
            for kind in Kind:
                if node.value == kind.value:
                    return kind
            self.report.at(node, _unknown("kind", str(node.value), _KIND_IDS))
            return None
        self.report.at(node, f"expected a kind for 'kind', found {_describe(node)}")
        return None

    def optional_kind(self, fields: _Fields) -> Kind | None:
        node = fields.get("kind")
        return None if node is None else self.kind(node)

    def regions(self, node: yaml.Node) -> tuple[Region, ...]:
        """One region id, or a list of them (duplicates dropped)."""
        if isinstance(node, yaml.SequenceNode) and not node.value:
            self.report.at(node, "'region' needs at least one region")
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        found = (self._region(item) for item in items)
        return tuple(dict.fromkeys(region for region in found if region is not None))

    def _region(self, node: yaml.Node) -> Region | None:
        if isinstance(node, _RefusedNode):
            return None
        if not _is_text(node):
            self.report.at(node, f"expected a region id for 'region', found {_describe(node)}")
            return None
        for region in Region:
            if node.value == region.value:
                return region
        self.report.at(node, _unknown("region", str(node.value), _REGION_IDS))
        return None

    def image(self, node: yaml.Node) -> str:
        """A picture under assets/ that the window can show: a missing one is a
        problem here, where it is named, not an empty space during the session."""
        relative = self.text(node, "image", blank_ok=False)
        if relative.strip():
            try:
                split_asset_path(relative)
            except ValueError as error:
                self.report.at(node, str(error))
            else:
                problem = picture_problem(relative)
                if problem is not None:
                    self.report.at(node, problem)
        return relative

    def optional_image(self, fields: _Fields) -> str | None:
        """The `image` (shipped) or the `picture` (a file of the runner's own, named
        relative to the routine file, held as an absolute path) of a step.

        A picture of the runner's own that is missing is not a problem: the file
        may have been moved since; the session says so and shows none.
        """
        node, own = fields.get("image"), fields.get("picture")
        if own is None:
            return None if node is None else self.image(node)
        if node is not None:
            self.report.at(own, "a step has one picture: 'image' or 'picture', not both")
        relative = self.text(own, "picture", blank_ok=False)
        if not relative.strip():
            return None
        problem = pictures.suffix_problem(relative)
        if problem is not None:
            self.report.at(own, f"'picture' must name a PNG, JPEG or SVG file, found {relative!r}")
            return None
        folder = Path(os.path.abspath(self.report.path)).parent
        return str(pictures.resolved_picture_path(relative.replace("\\", "/"), folder))

    def dose(self, fields: _Fields, fallback: Dose | None) -> Dose | None:
        """The `hold` or `reps` (+ `tempo`) in `fields`, else `fallback`.

        A `reps` without a `tempo` keeps the fallback's tempo: the library says
        how fast a movement goes, a routine usually only changes the count.
        """
        hold, reps, tempo = fields.get("hold"), fields.get("reps"), fields.get("tempo")
        if hold is not None and reps is not None:
            self.report.at(
                fields.later_key("hold", "reps"), "use either 'hold' or 'reps', not both"
            )
            return Hold(MIN_HOLD)
        if hold is not None:
            if tempo is not None:
                self.report.at(fields.keys["tempo"], "'tempo' goes with 'reps', not with 'hold'")
            return Hold(self.duration(hold, "hold", MIN_HOLD, MAX_HOLD))
        tempo_seconds = (
            None if tempo is None else self.duration(tempo, "tempo", MIN_TEMPO, MAX_TEMPO)
        )
        base = fallback if isinstance(fallback, Reps) else None
        if reps is not None:
            count = self.whole_number(reps, "reps", MIN_REPS, MAX_REPS)
            default_tempo = base.tempo if base is not None else DEFAULT_TEMPO
            return Reps(count, default_tempo if tempo_seconds is None else tempo_seconds)
        if tempo_seconds is None:
            return fallback
        if base is not None:
            return Reps(base.count, tempo_seconds)
        self.report.at(fields.keys["tempo"], "'tempo' only goes with 'reps'")
        return Hold(MIN_HOLD)


_DURATION_TAGS = frozenset(_YAML_TAG + name for name in ("int", "float", "str"))
_REGION_IDS = tuple(region.value for region in Region)
_KIND_IDS = tuple(kind.value for kind in Kind)


# --- the stretch library -----------------------------------------------------------------------


def load_library(text: str | bytes, path: str) -> dict[str, Stretch]:
    """The stretch library (routines/stretches.yaml), keyed by stretch id."""
    report = _Report(path)
    root = _compose(text, report, "empty file: expected a mapping of stretch ids to stretches")
    if not isinstance(root, yaml.MappingNode):
        if not isinstance(root, _RefusedNode):
            report.at(
                root, f"expected a mapping of stretch ids to stretches, found {_describe(root)}"
            )
        raise RoutineError(report.problems)
    check = _Checker(report)
    library: dict[str, Stretch] = {}
    first_lines: dict[str, int] = {}
    for key_node, value_node in root.value:
        stretch_id = _key_name(key_node, report)
        if stretch_id is None:
            continue
        first_line = first_lines.get(stretch_id)
        if first_line is not None:
            report.at(
                key_node,
                f"duplicate stretch '{stretch_id}' (first defined on line {first_line})",
            )
            continue
        first_lines[stretch_id] = _line_of(key_node)
        if not _STRETCH_ID.match(stretch_id):
            report.at(
                key_node,
                f"stretch id '{stretch_id}' should be lowercase words joined by dashes, "
                "like 'lunge-press'",
            )
        stretch = _stretch(check, stretch_id, value_node)
        if stretch is not None:
            library[stretch_id] = stretch
    report.raise_if_any()
    return library


def _stretch(check: _Checker, stretch_id: str, node: yaml.Node) -> Stretch | None:
    if isinstance(node, _RefusedNode):
        return None
    if not isinstance(node, yaml.MappingNode):
        check.report.at(
            node, f"expected a mapping for stretch '{stretch_id}', found {_describe(node)}"
        )
        return None
    fields = _Fields(node, STRETCH_KEYS, check.report)
    owner = f"stretch '{stretch_id}'"
    name = check.required_text(fields, "name", owner)
    region_node = fields.get("region")
    if region_node is None:
        check.report.at(node, f"{owner} is missing 'region'")
    sides_node = fields.get("sides")
    return Stretch(
        id=stretch_id,
        name=name,
        regions=() if region_node is None else check.regions(region_node),
        instructions=check.required_text(fields, "instructions", owner),
        cue=check.required_text(fields, "cue", owner),
        image=check.optional_image(fields),
        sides=Sides.ONE if sides_node is None else check.sides(sides_node),
        dose=check.dose(fields, None),
        say=check.optional_text(fields, "say"),
        kind=check.optional_kind(fields),
    )


# --- routines ----------------------------------------------------------------------------------


def parse_routine(
    data: str | bytes,
    path: str,
    library: Mapping[str, Stretch],
    *,
    routine_id: str,
    builtin: bool = False,
    source: Path | None = None,
) -> Routine:
    """A routine from the text of its file; `path` is only used in messages."""
    report = _Report(path)
    root = _compose(data, report, "empty file: expected a mapping with 'title' and 'steps'")
    if not isinstance(root, yaml.MappingNode):
        if not isinstance(root, _RefusedNode):
            report.at(
                root,
                "expected a mapping with 'title' and 'steps' at the top of the file, "
                f"found {_describe(root)}",
            )
        raise RoutineError(report.problems)
    check = _Checker(report)
    fields = _Fields(root, ROUTINE_KEYS, report)
    title = check.required_text(fields, "title", "the routine")
    summary = check.optional_text(fields, "summary")
    lead_in = check.optional_duration(fields, "lead_in", 0.0, MAX_PAUSE)
    rest = check.optional_duration(fields, "rest", 0.0, MAX_PAUSE)
    steps = _steps(check, fields, library)
    report.raise_if_any()
    return Routine(
        id=routine_id,
        title=title,
        steps=steps,
        summary=summary or "",
        lead_in=DEFAULT_LEAD_IN if lead_in is None else lead_in,
        rest=DEFAULT_REST if rest is None else rest,
        source=source,
        builtin=builtin,
    )


def load_routine_file(path: Path, library: Mapping[str, Stretch]) -> Routine:
    """A routine file from disk; its id is the file name without `.yaml`."""
    data = _read_file(path)
    return parse_routine(data, str(path), library, routine_id=path.stem, source=path)


def load_library_file(path: Path) -> dict[str, Stretch]:
    """A stretch library from disk (the shipped one is read through app.resources)."""
    return load_library(_read_file(path), str(path))


def _read_file(path: Path) -> bytes:
    return read_routine_bytes(path)


def read_routine_bytes(path: Path) -> bytes:
    """The bytes of a routine file, or just enough of them to tell that it is too big.

    Only a regular file is read, and never in a way that can wait: a FIFO or a
    device named like a routine would otherwise hang start-up for ever. The
    file is opened non-blocking and checked again once open (it may have been
    swapped between the two looks). RoutineError, in one line, for anything else.
    """
    try:
        kind = _not_a_file(os.stat(path).st_mode)
        if kind is not None:
            raise _unreadable(path, f"it is {kind}, not a routine file")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            kind = _not_a_file(os.fstat(fd).st_mode)
            if kind is not None:
                raise _unreadable(path, f"it is {kind}, not a routine file")
            chunks: list[bytes] = []
            size = 0
            while size <= MAX_FILE_BYTES and (chunk := os.read(fd, MAX_FILE_BYTES + 1 - size)):
                chunks.append(chunk)
                size += len(chunk)
            return b"".join(chunks)
        finally:
            os.close(fd)
    except OSError as error:
        raise _unreadable(path, error.strerror or str(error)) from None
    except ValueError as error:  # a NUL in the path
        raise _unreadable(path, str(error)) from None


def _not_a_file(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _unreadable(path: Path, reason: str) -> RoutineError:
    return RoutineError([Problem(str(path), 1, 1, f"cannot read file: {reason}")])


def _steps(check: _Checker, fields: _Fields, library: Mapping[str, Stretch]) -> tuple[Step, ...]:
    node = fields.get("steps")
    if node is None:
        check.report.at(fields.node, "the routine is missing 'steps' (a list of stretches)")
        return ()
    if isinstance(node, _RefusedNode):
        return ()
    if not isinstance(node, yaml.SequenceNode):
        check.report.at(node, f"expected a list for 'steps', found {_describe(node)}")
        return ()
    if not node.value:
        check.report.at(node, "'steps' is empty: a routine needs at least one step")
        return ()
    steps = (_step(check, item, number, library) for number, item in enumerate(node.value, 1))
    return tuple(step for step in steps if step is not None)


def _step(
    check: _Checker, node: yaml.Node, number: int, library: Mapping[str, Stretch]
) -> Step | None:
    if isinstance(node, _RefusedNode):
        return None
    if not isinstance(node, yaml.MappingNode):
        message = f"expected a mapping for step {number}, found {_describe(node)}"
        if _is_text(node) and _STRETCH_ID.match(str(node.value)):
            message += f" (did you mean 'stretch: {node.value}'?)"
        check.report.at(node, message)
        return None
    has_stretch = any(
        isinstance(key, yaml.ScalarNode) and key.value == "stretch" for key, _ in node.value
    )
    if has_stretch:
        fields = _Fields(node, STEP_KEYS, check.report, misplaced=_LIBRARY_STEP_MISPLACED)
        return _library_step(check, fields, number, library)
    fields = _Fields(node, STEP_KEYS, check.report)
    return _inline_step(check, fields, number)


_LIBRARY_STEP_MISPLACED = {
    "region": "'region' comes from the stretch library and cannot be changed here "
    "(write the step without 'stretch' to set your own)",
}


def _library_step(
    check: _Checker, fields: _Fields, number: int, library: Mapping[str, Stretch]
) -> Step | None:
    stretch = _stretch_reference(check, fields, library)
    name = check.optional_text(fields, "name", blank_ok=False)
    instructions = check.optional_text(fields, "instructions", blank_ok=False)
    cue = check.optional_text(fields, "cue")
    say = check.optional_text(fields, "say")
    image = check.optional_image(fields)
    sides_node = fields.get("sides")
    sides = None if sides_node is None else check.sides(sides_node)
    rest = check.optional_duration(fields, "rest", 0.0, MAX_PAUSE)
    dose = check.dose(fields, None if stretch is None else stretch.dose)
    if stretch is None:
        return None
    if dose is None:
        if fields.misspelled_dose():
            return None
        check.report.at(
            fields.node,
            f"step {number} needs 'hold' or 'reps' "
            f"(the stretch '{stretch.id}' has no default dose)",
        )
        return None
    shown_name = stretch.name if name is None else name
    return Step(
        name=shown_name,
        instructions=stretch.instructions if instructions is None else instructions,
        dose=dose,
        cue=stretch.cue if cue is None else cue,
        regions=stretch.regions,
        image=stretch.image if image is None else image,
        sides=stretch.sides if sides is None else sides,
        stretch_id=stretch.id,
        say=renamed_say(stretch, shown_name) if say is None else say,
        rest=rest,
        kind=stretch.kind,
    )


def _stretch_reference(
    check: _Checker, fields: _Fields, library: Mapping[str, Stretch]
) -> Stretch | None:
    node = fields.values["stretch"]
    if isinstance(node, _RefusedNode):
        return None
    reported = len(check.report.problems)
    stretch_id = check.text(node, "stretch")
    if not _is_text(node) or len(check.report.problems) > reported:
        return None
    stretch = library.get(stretch_id)
    if stretch is None:
        check.report.at(node, _unknown("stretch", stretch_id, sorted(library)))
    return stretch


def _inline_step(check: _Checker, fields: _Fields, number: int) -> Step | None:
    owner = f"step {number}"
    if "name" in fields.values or "instructions" in fields.values:
        name = check.required_text(fields, "name", owner)
        instructions = check.required_text(fields, "instructions", owner)
    else:
        check.report.at(
            fields.node,
            f"{owner} needs 'stretch: <id>' from the library, or its own 'name' and 'instructions'",
        )
        name = instructions = ""
    cue = check.optional_text(fields, "cue")
    region_node = fields.get("region")
    regions = () if region_node is None else check.regions(region_node)
    image = check.optional_image(fields)
    sides_node = fields.get("sides")
    sides = Sides.ONE if sides_node is None else check.sides(sides_node)
    say = check.optional_text(fields, "say")
    rest = check.optional_duration(fields, "rest", 0.0, MAX_PAUSE)
    dose = check.dose(fields, None)
    if dose is None:
        if not fields.misspelled_dose():
            check.report.at(
                fields.node, f"step {number} needs 'hold' (seconds) or 'reps' (a count)"
            )
        return None
    return Step(
        name=name,
        instructions=instructions,
        dose=dose,
        cue=cue or "",
        regions=regions,
        image=image,
        sides=sides,
        say=say,
        rest=rest,
    )

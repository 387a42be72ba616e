"""The routine format's checker: turns composed YAML nodes into model values.

Every routine and step field is checked here, and every mistake is reported
at the key or value that is wrong (through the node layer's `_Report`), with
a "did you mean" where a near miss is likely. The format is a contract with
the people who write routine files by hand: it may grow, never break.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import yaml

from app import pictures
from app.durations import DURATION_EXAMPLES, format_number, kind_of_value, parse_duration
from app.i18n import N_, _
from app.regions import Region
from app.resources import picture_problem, split_asset_path
from app.routine import (
    DEFAULT_TEMPO,
    MAX_HOLD,
    MAX_REPS,
    MAX_TEMPO,
    MIN_HOLD,
    MIN_REPS,
    MIN_TEMPO,
    Dose,
    Hold,
    Kind,
    Reps,
    Sides,
)
from app.yaml_nodes import _YAML_TAG, _RefusedNode, _Report

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
_SCALAR_KINDS = {
    # Translators: what a value in a routine file is, after "found", as in "expected a
    # number for 'reps', found text" (the others: a number, a date, a list, nothing).
    "str": N_("text"),
    "int": N_("a number"),
    "float": N_("a number"),
    "bool": N_("a true/false value"),
    "null": N_("nothing"),
    "timestamp": N_("a date"),
}
_STRETCH_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_WHOLE_NUMBER = re.compile(r"\+?[0-9]+\Z")


def _describe(node: yaml.Node) -> str:
    """What a node holds, in words, for "expected X, found Y" messages."""
    if isinstance(node, yaml.MappingNode):
        return kind_of_value({})
    if isinstance(node, yaml.SequenceNode):
        return kind_of_value([])
    kind = _SCALAR_KINDS.get(node.tag.removeprefix(_YAML_TAG))
    # Translators: a value of a kind the format has no name for, after "found".
    return _("a value") if kind is None else _(kind)


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


class Unknown(Enum):
    """What a word in a file was meant to name: each has its own sentences (in some
    languages the words around it change with it)."""

    KEY = "key"
    KIND = "kind"
    REGION = "region"
    STRETCH = "stretch"


# Per kind of word: the message with a near miss to offer, and the one with every choice.
# The keys and ids the user writes are the format: they stay as they are in every language.
_UNKNOWN_MESSAGES = {
    Unknown.KEY: (
        N_("unknown key '{word}' (did you mean '{close}'?)"),
        N_("unknown key '{word}' (expected one of: {choices})"),
    ),
    Unknown.KIND: (
        N_("unknown kind '{word}' (did you mean '{close}'?)"),
        N_("unknown kind '{word}' (expected one of: {choices})"),
    ),
    Unknown.REGION: (
        N_("unknown region '{word}' (did you mean '{close}'?)"),
        N_("unknown region '{word}' (expected one of: {choices})"),
    ),
    Unknown.STRETCH: (
        N_("unknown stretch '{word}' (did you mean '{close}'?)"),
        N_("unknown stretch '{word}' (expected one of: {choices})"),
    ),
}


def _unknown(what: Unknown, word: str, choices: Sequence[str]) -> str:
    near_miss, every_choice = _UNKNOWN_MESSAGES[what]
    close = _suggestion(word, choices)
    if close is not None:
        return _(near_miss).format(word=word, close=close)
    return _(every_choice).format(word=word, choices=", ".join(choices))


class OwnerKind(Enum):
    """Whose fields are checked: the routine, a stretch of the library, or a step."""

    ROUTINE = "routine"
    STRETCH = "stretch"
    STEP = "step"


@dataclass(frozen=True)
class Owner:
    """Whose field is missing, for a whole sentence that names it ("step 3 is
    missing 'name'"): languages put the owner in different places and cases."""

    kind: OwnerKind
    name: str = ""  # the stretch id or the step number; nothing for the routine

    def missing(self, key: str) -> str:
        if self.kind is OwnerKind.ROUTINE:
            return _("the routine is missing '{key}'").format(key=key)
        if self.kind is OwnerKind.STRETCH:
            return _("stretch '{stretch}' is missing '{key}'").format(stretch=self.name, key=key)
        return _("step {number} is missing '{key}'").format(number=self.name, key=key)


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
                report.at(
                    key_node,
                    _("duplicate key '{key}' (first set on line {line})").format(
                        key=name, line=first
                    ),
                )
                continue
            seen[name] = key_node
            if misplaced and name in misplaced:
                report.at(key_node, _(misplaced[name]))
            elif name not in allowed:
                report.at(key_node, _unknown(Unknown.KEY, name, allowed))
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
        report.at(node, _("expected a key name, found {found}").format(found=_describe(node)))
        return None
    name = str(node.value)
    # Translators: where a bad character is, as in "control character U+0007 in {where}".
    if not _characters_ok(node, name, _("a key"), report, several_lines=False):
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
        # Translators (the four messages below): {character} is a code point like
        # "U+202E"; {where} is a key as written in the file ('title') or "a key".
        character = f"U+{code:04X}"
        if 0xD800 <= code <= 0xDFFF:
            template = _("lone surrogate {character} in {where}: it is not a character")
        elif char in _BIDI_CONTROLS:
            template = _(
                "bidirectional override {character} in {where}: "
                "it can make the text read in a misleading order"
            )
        elif char in "\n\r\x85\u2028\u2029":
            template = _("line break in {where}: it must be on one line")
        elif unicodedata.category(char) == "Cc":
            template = _("control character {character} in {where}: text cannot hold one")
        else:
            continue
        message = template.format(character=character, where=where)
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
            if isinstance(node, yaml.ScalarNode) and node.tag != _YAML_TAG + "null":
                template = _(
                    "expected text for '{key}', found {found} (put it in quotes to use it as text)"
                )
            else:
                template = _("expected text for '{key}', found {found}")
            self.report.at(node, template.format(key=key, found=_describe(node)))
            return ""
        value = str(node.value)
        several_lines = key in BLOCK_TEXT_KEYS
        if not _characters_ok(node, value, f"'{key}'", self.report, several_lines=several_lines):
            return ""
        if not blank_ok and not value.strip():
            self.report.at(node, _("'{key}' must not be empty").format(key=key))
        return value

    def optional_text(self, fields: _Fields, key: str, *, blank_ok: bool = True) -> str | None:
        node = fields.get(key)
        return None if node is None else self.text(node, key, blank_ok=blank_ok)

    def required_text(self, fields: _Fields, key: str, owner: Owner) -> str:
        node = fields.get(key)
        if node is None:
            self.report.at(fields.node, owner.missing(key))
            return ""
        return self.text(node, key, blank_ok=False)

    def duration(self, node: yaml.Node, key: str, low: float, high: float) -> float:
        if isinstance(node, _RefusedNode):
            return low
        if not isinstance(node, yaml.ScalarNode) or node.tag not in _DURATION_TAGS:
            self.report.at(
                node,
                # Translators: {examples} is "30, '45s' or '1m30s'" as translated.
                _("expected a duration like {examples} for '{key}', found {found}").format(
                    examples=_(DURATION_EXAMPLES), key=key, found=_describe(node)
                ),
            )
            return low
        try:
            seconds = parse_duration(str(node.value))
        except ValueError as error:
            self.report.at(node, str(error))
            return low
        if not low <= seconds <= high:
            self.report.at(
                node,
                _("'{key}' must be between {low} and {high} seconds, found {value}").format(
                    key=key, low=format_number(low), high=format_number(high), value=node.value
                ),
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
            self.report.at(
                node,
                _("expected a whole number for '{key}', found {found}").format(
                    key=key, found=found
                ),
            )
            return low
        count = int(node.value)
        if not low <= count <= high:
            self.report.at(
                node,
                _("'{key}' must be between {low} and {high}, found {count}").format(
                    key=key, low=low, high=high, count=count
                ),
            )
            return low
        return count

    def sides(self, node: yaml.Node) -> Sides:
        if isinstance(node, _RefusedNode):
            return Sides.ONE
        if _is_text(node):
            for sides in Sides:
                if node.value == sides.value:
                    return sides
        self.report.at(
            node, _("expected 'one' or 'both', found {found}").format(found=_shown(node))
        )
        return Sides.ONE

    def kind(self, node: yaml.Node) -> Kind | None:
        if isinstance(node, _RefusedNode):
            return None
        if _is_text(node):
            for kind in Kind:
                if node.value == kind.value:
                    return kind
            self.report.at(node, _unknown(Unknown.KIND, str(node.value), _KIND_IDS))
            return None
        self.report.at(
            node, _("expected a kind for 'kind', found {found}").format(found=_describe(node))
        )
        return None

    def optional_kind(self, fields: _Fields) -> Kind | None:
        node = fields.get("kind")
        return None if node is None else self.kind(node)

    def regions(self, node: yaml.Node) -> tuple[Region, ...]:
        """One region id, or a list of them (duplicates dropped)."""
        if isinstance(node, yaml.SequenceNode) and not node.value:
            self.report.at(node, _("'region' needs at least one region"))
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        found = (self._region(item) for item in items)
        return tuple(dict.fromkeys(region for region in found if region is not None))

    def _region(self, node: yaml.Node) -> Region | None:
        if isinstance(node, _RefusedNode):
            return None
        if not _is_text(node):
            self.report.at(
                node,
                _("expected a region id for 'region', found {found}").format(found=_describe(node)),
            )
            return None
        for region in Region:
            if node.value == region.value:
                return region
        self.report.at(node, _unknown(Unknown.REGION, str(node.value), _REGION_IDS))
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
                fields.later_key("hold", "reps"), _("use either 'hold' or 'reps', not both")
            )
            return Hold(MIN_HOLD)
        if hold is not None:
            if tempo is not None:
                self.report.at(fields.keys["tempo"], _("'tempo' goes with 'reps', not with 'hold'"))
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
        self.report.at(fields.keys["tempo"], _("'tempo' only goes with 'reps'"))
        return Hold(MIN_HOLD)


_DURATION_TAGS = frozenset(_YAML_TAG + name for name in ("int", "float", "str"))
_REGION_IDS = tuple(region.value for region in Region)
_KIND_IDS = tuple(kind.value for kind in Kind)

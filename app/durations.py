"""Durations as people write them and read them, in one place.

A routine file says `30`, `'45s'` or `'1m30s'`; the screen says `0:30`. The
loader, the writer, the editor and the window all parse and format durations
through this module, so a value written by one is read back the same by all.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from app.i18n import N_, _, current_language

# Translators: the ways a duration can be written in a routine file; keep the values
# (30, '45s', '1m30s') as they are, they are what the file must hold.
DURATION_EXAMPLES = N_("30, '45s' or '1m30s'")
_NUMBER = r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_DURATION = re.compile(rf"(?:(?P<minutes>{_NUMBER})\s*m)?\s*(?:(?P<seconds>{_NUMBER})\s*s?)?")


def parse_duration(value: object) -> float:
    """Seconds from a duration as users write it: 30, 1.5, '45s', '1m', '1m30s', '90'.

    Raises ValueError with a message that can be shown to the user as it is,
    so the editor can reuse it for its own fields.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(_not_a_duration(kind_of_value(value)))
    seconds = _duration_text_seconds(value) if isinstance(value, str) else float(value)
    if not math.isfinite(seconds):
        raise ValueError(_not_a_duration(repr(value)))
    if seconds < 0:
        raise ValueError(
            _("a duration cannot be negative, found {value}").format(value=repr(value))
        )
    return seconds


def _not_a_duration(found: str) -> str:
    # Translators: {examples} is "30, '45s' or '1m30s'" as translated; {found} is what
    # the file holds instead: a value as written ('half a minute') or its kind (a list).
    return _("expected a duration like {examples}, found {found}").format(
        examples=_(DURATION_EXAMPLES), found=found
    )


def _duration_text_seconds(text: str) -> float:
    stripped = text.strip()
    negative = stripped.startswith("-")
    match = _DURATION.fullmatch(stripped[1:] if negative else stripped)
    if match is None or (match["minutes"] is None and match["seconds"] is None):
        raise ValueError(_not_a_duration(repr(text)))
    seconds = float(match["minutes"] or 0) * 60 + float(match["seconds"] or 0)
    return -seconds if negative else seconds


def kind_of_value(value: object) -> str:
    """What a value that is no duration is, in words (the value itself when it has
    no kind to name), for "expected X, found Y" messages."""
    if value is None:
        # Translators: what a value in a routine file is, after "found", as in "expected
        # text for 'title', found nothing" (the others: a true/false value, a mapping, a list).
        return _("nothing")
    if isinstance(value, bool):
        return _("a true/false value")
    if isinstance(value, Mapping):
        return _("a mapping")
    if isinstance(value, list | tuple):
        return _("a list")
    return repr(value)


def format_yaml_duration(seconds: float) -> str:
    """'30s', '1m', '1m30s' for whole seconds; '2.5s' (exact) otherwise.

    Whatever this returns, `parse_duration` reads back as exactly `seconds`.
    """
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(_("not a duration: {value}").format(value=repr(seconds)))
    if seconds != int(seconds):
        return f"{seconds!r}s"
    whole = int(seconds)
    minutes, secs = divmod(whole, 60)
    if minutes == 0:
        return f"{secs}s"
    return f"{minutes}m{secs}s" if secs else f"{minutes}m"


def format_duration(seconds: float) -> str:
    """Clock-style `m:ss` (or `h:mm:ss`), rounding partial seconds up.

    Rounding up matches a countdown: "0:01" stays on screen until the very end.
    """
    whole = int(-(-seconds // 1)) if seconds > 0 else 0
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


# The shipped languages that write "2,5" for 2.5 (the others, English and Chinese, a point).
DECIMAL_COMMA_LANGUAGES = frozenset({"de"})


def format_number(value: float, *, places: int | None = None) -> str:
    """A number for a sentence in the runner's language: "2.5" (no trailing zeros) or
    with exactly `places` decimals ("3.0"); "2,5" in a language that writes a comma."""
    text = f"{value:g}" if places is None else f"{value:.{places}f}"
    return text.replace(".", ",") if current_language() in DECIMAL_COMMA_LANGUAGES else text


def format_seconds(seconds: float, *, places: int | None = None) -> str:
    """Seconds as a sentence says them: "12 s", "2.5 s" (no trailing zeros), or with
    exactly `places` decimals ("3.0 s"); number and unit as the runner's language writes them."""
    # Translators: a number of seconds inside a sentence, like "12 s" or "2.5 s".
    return _("{seconds} s").format(seconds=format_number(seconds, places=places))

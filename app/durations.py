"""Durations as people write them and read them, in one place.

A routine file says `30`, `'45s'` or `'1m30s'`; the screen says `0:30`. The
loader, the writer, the editor and the window all parse and format durations
through this module, so a value written by one is read back the same by all.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

DURATION_EXAMPLES = "30, '45s' or '1m30s'"
_NUMBER = r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_DURATION = re.compile(rf"(?:(?P<minutes>{_NUMBER})\s*m)?\s*(?:(?P<seconds>{_NUMBER})\s*s?)?")


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


def format_yaml_duration(seconds: float) -> str:
    """'30s', '1m', '1m30s' for whole seconds; '2.5s' (exact) otherwise.

    Whatever this returns, `parse_duration` reads back as exactly `seconds`.
    """
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"not a duration: {seconds!r}")
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


def format_seconds(seconds: float) -> str:
    """Seconds as a sentence says them: "12 s", "2.5 s" (no trailing zeros)."""
    return f"{seconds:g} s"

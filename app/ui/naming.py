"""Names for routine files, made from the titles people give their routines."""

from __future__ import annotations

import re
import unicodedata


def id_from_title(title: str) -> str:
    """A routine id (its file's name) from a title: "Walk test routine" -> `walk-test-routine`.

    Letters and digits only, accents dropped, lower case, words joined by
    hyphens; "my-routine" when nothing is left (a title of symbols only).
    """
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", plain.lower())
    return "-".join(words)[:60].strip("-") or "my-routine"

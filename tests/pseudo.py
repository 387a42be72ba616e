"""The pseudo-locale for tests: install it, and find the texts it did not reach.

Under the pseudo-translation (tools/pseudo_locale.py) every translated text
is `[!! ... !!]`; letters outside those markers were never translated.
Numbers, punctuation and the user's own data (passed as `allowed`) may be
outside them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from functools import cache

from app.i18n import Translations, installed
from tools.pseudo_locale import END, START, pseudo_translations

_INNERMOST = re.compile(re.escape(START.strip()) + r"(?:(?!\[!!|!!\]).)*?" + re.escape(END.strip()))


@cache
def _pseudo() -> Translations:
    return pseudo_translations()


@contextmanager
def pseudo_locale() -> Iterator[Translations]:
    """The pseudo-translation for the length of a `with` block."""
    with installed(_pseudo()) as translations:
        yield translations


def unwrapped(text: str, allowed: Collection[str] = ()) -> str:
    """What of `text` is left once every pseudo-translated part and every `allowed`
    text is taken out: "" when all of its words went through a catalog."""
    for data in sorted(allowed, key=len, reverse=True):
        if data:
            text = text.replace(data, " ")
    while True:
        text, changed = _INNERMOST.subn(" ", text)
        if not changed:
            break
    return text if any(char.isalpha() for char in text) else ""


def untranslated(texts: Iterable[str], allowed: Collection[str] = ()) -> list[str]:
    """The texts with words in them that no catalog gave."""
    return [text for text in texts if unwrapped(text, allowed)]

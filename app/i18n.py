"""The runner's language: which catalog is used, and the functions that look texts up.

Plain `gettext`, so the core stays free of Qt and the CLI translates the same
way as the window. Two domains, each a catalog per language under
app/locale/<lang>/LC_MESSAGES/:
- `limber`: the program's own texts (`_`, `ngettext`, `pgettext`);
- `content`: the texts of the shipped stretch library and routines
  (`content_text`, used by app/content_i18n.py), extracted from the YAML by
  tools/extract_content.py.

Anything a catalog lacks is shown in English, the source language. Until
`install_language` is called (the CLI calls it first thing) everything is
English, which is what the tests see unless they install a catalog.

A text at module level must be translated where it is used, not when the
module is imported (the language is chosen later): mark it with `N_()` so that
extraction finds it, and pass it through `_()` where it is shown:

    _LABELS = {Region.WAIST: N_("Waist")}
    def label(region): return _(_LABELS[region])
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources

DOMAIN = "limber"
CONTENT_DOMAIN = "content"
SOURCE_LANGUAGE = "en"
# The languages Limber ships catalogs for, besides English.
LANGUAGES = ("de", "zh_CN")
# The environment variables gettext reads, in its order (the first one set wins).
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
# Chinese written in simplified characters; zh_TW and zh_HK are written in
# traditional ones, which the zh_CN catalog would be wrong for.
_SIMPLIFIED_CHINESE = {"zh", "zh_cn", "zh_sg", "zh_hans", "zh_hans_cn"}


@dataclass(frozen=True)
class Translations:
    """The catalogs in use: one per domain, and the language they are for."""

    language: str
    messages: gettext.NullTranslations
    content: gettext.NullTranslations


ENGLISH = Translations(SOURCE_LANGUAGE, gettext.NullTranslations(), gettext.NullTranslations())
_active = ENGLISH


def _(message: str) -> str:
    """`message` in the runner's language (English if the catalog lacks it)."""
    return _active.messages.gettext(message)


def N_(message: str) -> str:
    """Marks a text for extraction without translating it: for texts defined at import
    time and translated with `_()` where they are shown."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for `count` ("1 stretch", "5 stretches"); languages have their own rules."""
    return _active.messages.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` translated in `context`, for a word that reads differently in different
    places ("Hold" the phase, "Hold" the dose)."""
    return _active.messages.pgettext(context, message)


def content_text(text: str) -> str:
    """A text of the shipped library or routines in the runner's language."""
    return _active.content.gettext(text)


def current_language() -> str:
    """The language of the catalogs in use: "en", "de" or "zh_CN"."""
    return _active.language


def system_languages(environ: Mapping[str, str] | None = None) -> list[str]:
    """The languages the system asks for, best first, as gettext reads them.

    LANGUAGE may list several (`de:fr`); the others name one locale
    (`zh_CN.UTF-8`). "C" and "POSIX" mean no language (English).
    """
    env = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        value = env.get(variable, "")
        if value:
            return [part for part in value.split(":") if part and part not in ("C", "POSIX")]
    return []


def match_language(requested: Sequence[str]) -> str:
    """The shipped language that serves the first of `requested` it can, else English.

    `de_AT.UTF-8` is served by `de`; `zh`, `zh_CN` and `zh_SG` by `zh_CN`;
    `en_GB` by English. A language Limber has no catalog for is skipped.
    """
    for code in requested:
        name = code.split(".")[0].split("@")[0].replace("-", "_")
        lower = name.lower()
        if lower in _SIMPLIFIED_CHINESE:
            return "zh_CN"
        base = lower.split("_")[0]
        if base == SOURCE_LANGUAGE:
            return SOURCE_LANGUAGE
        for language in LANGUAGES:
            if language.lower() == base:
                return language
    return SOURCE_LANGUAGE


def load_catalog(language: str, domain: str) -> gettext.NullTranslations:
    """The compiled catalog of `domain` for `language`; English (no catalog) if none ships."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    folder = resources.files("app") / "locale" / language / "LC_MESSAGES"
    compiled = folder / f"{domain}.mo"
    if not compiled.is_file():
        return gettext.NullTranslations()
    with compiled.open("rb") as file:
        return gettext.GNUTranslations(file)


def install_language(code: str | None = None) -> str:
    """Use the catalogs for `code` ("de", "zh_CN"...), or for the system's language
    when None; returns the language now in use ("en" when nothing matches)."""
    requested = system_languages() if code is None else [code]
    language = match_language(requested)
    install(
        Translations(
            language, load_catalog(language, DOMAIN), load_catalog(language, CONTENT_DOMAIN)
        )
    )
    return language


def install(translations: Translations) -> None:
    """Use these catalogs from now on (tests install their own, or the pseudo-locale)."""
    global _active
    _active = translations


@contextmanager
def installed(translations: Translations) -> Iterator[Translations]:
    """These catalogs for the length of a `with` block, then the ones before again."""
    before = _active
    install(translations)
    try:
        yield translations
    finally:
        install(before)

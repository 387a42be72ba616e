"""A pseudo-translation: every text of the catalogs' templates wrapped, accented, lengthened.

Under it, a text that shows up plain on screen or in the CLI was never wrapped
for translation (or not extracted), and a layout that holds it holds German.
`[!! Ŝŵîţçĥ šîðéš. ~~~ !!]`: the markers show where a translated text starts
and ends, the accents that the text went through the catalog, the tildes add
a third to its length; placeholders (`{name}`, `%(count)d`) stay as they are,
so formatting still works.

Tests build it in memory (`pseudo_translations()`, installed by
tests/pseudo.py); `python tools/pseudo_locale.py OUT_DIR` writes the .po and
.mo files, to look at them or to run the app under them.
"""

from __future__ import annotations

import argparse
import gettext
import io
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.i18n import CONTENT_DOMAIN, DOMAIN, Translations  # noqa: E402

LOCALE = ROOT / "app" / "locale"
START = "[!! "
END = " !!]"
# A third longer: German runs about 30 % longer than English.
GROWTH = 1 / 3
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[a-zA-Z%]")
_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçðéƒĝĥîĵķļɱñóþǫŕšţûṽŵẋýžÁƁÇÐÉƑĜĤÎĴĶĻṀÑÓÞǪŔŠŢÛṼŴẊÝŽ",
)


def pseudo_text(text: str) -> str:
    """`text` pseudo-translated: accented between its placeholders, padded, marked."""
    if not text:
        return text
    pieces: list[str] = []
    last = 0
    for match in _PLACEHOLDER.finditer(text):
        pieces.append(text[last : match.start()].translate(_ACCENTED))
        pieces.append(match.group())
        last = match.end()
    pieces.append(text[last:].translate(_ACCENTED))
    padding = "~" * max(1, round(len(text) * GROWTH))
    return f"{START}{''.join(pieces)} {padding}{END}"


def pseudo_catalog(template: Path) -> Catalog:
    """The template's every entry pseudo-translated (plural forms both)."""
    with template.open("rb") as file:
        source = read_po(file)
    catalog = Catalog(locale="en", domain=source.domain, project="Limber", fuzzy=False)
    for message in source:
        if not message.id:
            continue
        if isinstance(message.id, str):
            string: str | tuple[str, ...] = pseudo_text(message.id)
        else:
            string = tuple(pseudo_text(form) for form in message.id)
        catalog.add(message.id, string, context=message.context, flags=message.flags)
    return catalog


def compiled(catalog: Catalog) -> gettext.GNUTranslations:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def pseudo_translations(locale: Path = LOCALE) -> Translations:
    """Both domains pseudo-translated, from the templates `make translations` wrote."""
    return Translations(
        "pseudo",
        compiled(pseudo_catalog(locale / f"{DOMAIN}.pot")),
        compiled(pseudo_catalog(locale / f"{CONTENT_DOMAIN}.pot")),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="where to write <domain>.po and <domain>.mo")
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    for domain in (DOMAIN, CONTENT_DOMAIN):
        catalog = pseudo_catalog(LOCALE / f"{domain}.pot")
        with (args.output / f"{domain}.po").open("wb") as file:
            write_po(file, catalog, width=100)
        with (args.output / f"{domain}.mo").open("wb") as file:
            write_mo(file, catalog)
        print(f"wrote {len(catalog)} texts to {args.output / domain}.po and .mo")
    return 0


if __name__ == "__main__":
    sys.exit(main())

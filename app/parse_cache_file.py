"""The parse cache's file (app.parse_cache): its format, its version, reading and writing it.

The file is read like anything a user could have edited: one that is missing,
damaged, too big, of another format or another version gives no entries, never
an error. Its version is a digest of the core's source files, of the shipped
stretch library and of the language in use, so a changed loader (or library, or
catalog) invalidates every entry at once. It is written atomically.

json and zlib are imported where they are used: the window imports the
parse cache (through app.store) before its first paint, and nothing of the
file is needed until the routines are read, in a worker.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from app.files import read_file, write_atomically
from app.i18n import current_language
from app.parse_cache_rows import is_int

CACHE_FORMAT = 1
CACHE_FILE_NAME = "routines.json"
# A thousand routines take about 3 MiB; a cache past this is not one Limber wrote.
MAX_CACHE_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 10_000


def cache_version(library_data: bytes) -> str:
    """A digest of the core's source, the shipped library and the language: any change
    to how a file is parsed or checked (or to the stretches it names, or to the
    language their texts are in) gives a new version.

    Two 32-bit checksums (CRC-32 and Adler-32) of it all, not a SHA: this only has
    to tell one version from another, and hashlib's import loads OpenSSL's libcrypto
    (2 MiB of the window's memory) into the window for this one digest."""
    import zlib

    crc, adler = 0, 1

    def add(data: bytes) -> None:
        nonlocal crc, adler
        crc, adler = zlib.crc32(data, crc), zlib.adler32(data, adler)

    add(f"format {CACHE_FORMAT}\n".encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        add(f"{source.name}\n".encode())
        with contextlib.suppress(OSError):
            add(source.read_bytes())
    add(f"library {len(library_data)}\n".encode())
    add(library_data)
    # The entries hold texts in the runner's language (the library's stretches as
    # translated, the problems' messages): another language, or new catalogs, is
    # another cache.
    language = current_language()
    add(f"language {language}\n".encode())
    for catalog in sorted((Path(__file__).parent / "locale" / language).glob("*/*.mo")):
        with contextlib.suppress(OSError):
            add(catalog.read_bytes())
    return f"{crc:08x}{adler:08x}"


def read_entries(file: Path, version: str) -> tuple[dict[str, dict[str, Any]], list[Any]]:
    """The entries and the step table of a cache file of this version; empty if it
    cannot be used."""
    try:
        import json  # (see the module's docstring)

        data = json.loads(read_file(file, limit=MAX_CACHE_BYTES))
    except (OSError, ValueError, RecursionError):
        return {}, []
    if not isinstance(data, dict):
        return {}, []
    if data.get("format") != CACHE_FORMAT or data.get("version") != version:
        return {}, []
    files, steps = data.get("files"), data.get("steps")
    if not isinstance(files, dict) or not isinstance(steps, list):
        return {}, []
    entries = {
        key: entry
        for key, entry in files.items()
        if isinstance(entry, dict) and is_int(entry.get("mtime_ns")) and is_int(entry.get("size"))
    }
    return entries, steps


def write_cache_file(
    file: Path, version: str, files: dict[str, dict[str, Any]], steps: list[Any]
) -> None:
    """Write the entries and the step table as this format and version, atomically
    (OSError if it cannot be written)."""
    import json  # (see the module's docstring)

    data = json.dumps(
        {"format": CACHE_FORMAT, "version": version, "files": files, "steps": steps},
        separators=(",", ":"),
    ).encode("ascii")
    file.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(file, data)

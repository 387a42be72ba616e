"""Writes the template of the `content` domain: every text the shipped YAML shows or says.

Run by `make translations`: `python tools/extract_content.py app/locale/content.pot`.
The texts are taken as the loader reads them (the YAML's value, folded lines
joined), so a catalog entry is found again at run time (app/content_i18n.py).
Each entry says where it comes from and what it is, for the translator.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import __version__

ROOT = Path(__file__).resolve().parent.parent
ROUTINES = ROOT / "routines"
LIBRARY = "stretches.yaml"
# The keys whose values are shown or said: of a library stretch, a routine, a step.
STRETCH_KEYS = ("name", "instructions", "cue", "say")
ROUTINE_KEYS = ("title", "summary")
# What the translator is told about each key.
KEY_NOTES = {
    "name": "The stretch's name, on screen and said by the voice.",
    "instructions": "How to do the stretch, shown during it.",
    "cue": "A running-form point shown during the stretch; its first sentence may be said.",
    "say": (
        "Said by the voice while the runner gets ready: keep it short, and start it "
        "with the stretch's name exactly as translated."
    ),
    "title": "A routine's title in the list.",
    "summary": "A routine's summary, under its title.",
}


def _scalar(node: yaml.Node, key: str) -> yaml.ScalarNode | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value in node.value:
        if key_node.value == key and isinstance(value, yaml.ScalarNode) and value.value:
            return value
    return None


def _texts(path: Path, relative: str) -> Iterator[tuple[str, int, str]]:
    """(text, line, note) for every shown text of one YAML file."""
    root = yaml.compose(path.read_text(encoding="utf-8"))
    if not isinstance(root, yaml.MappingNode):
        return
    if path.name == LIBRARY:
        for id_node, stretch in root.value:
            for key in STRETCH_KEYS:
                value = _scalar(stretch, key)
                if value is not None:
                    note = f"{relative}: {id_node.value}, {key}. {KEY_NOTES[key]}"
                    yield value.value, value.start_mark.line + 1, note
        return
    for key in ROUTINE_KEYS:
        value = _scalar(root, key)
        if value is not None:
            yield value.value, value.start_mark.line + 1, f"{relative}: {KEY_NOTES[key]}"
    steps = _mapping_value(root, "steps")
    if isinstance(steps, yaml.SequenceNode):
        for step in steps.value:
            for key in STRETCH_KEYS:
                value = _scalar(step, key)
                if value is not None:
                    note = f"{relative}: a step's {key}. {KEY_NOTES[key]}"
                    yield value.value, value.start_mark.line + 1, note


def _mapping_value(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    for key_node, value in node.value:
        if key_node.value == key and isinstance(value, yaml.Node):
            return value
    return None


def content_catalog(routines: Path = ROUTINES) -> Catalog:
    """The template: one entry per distinct text, with every place it comes from."""
    catalog = Catalog(
        project="Limber",
        version=__version__,
        domain="content",
        copyright_holder="the Limber authors",
        msgid_bugs_address="the Limber issue tracker",
        fuzzy=False,
    )
    for path in sorted(routines.glob("*.yaml")):
        relative = f"routines/{path.name}"
        for text, line, note in _texts(path, relative):
            existing = catalog.get(text)
            if existing is None:
                catalog.add(text, locations=[(relative, line)], auto_comments=[note])
            else:
                existing.locations.append((relative, line))
    return catalog


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="the .pot file to write")
    args = parser.parse_args(argv)
    with args.output.open("wb") as file:
        write_po(file, content_catalog(), width=100)
    print(f"wrote {len(content_catalog())} texts to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The shipped library and routines in the runner's language.

The YAML that ships with Limber is written in English; its texts are looked
up in the `content` catalog (app/locale/<lang>/LC_MESSAGES/content.po, made
from the YAML by tools/extract_content.py), and a text the catalog lacks stays
English. Only shipped files are translated: a runner's own routine file is
shown as they wrote it, though a step that names a library stretch takes the
stretch's texts, which are translated.

Pure functions of the model: the store applies them as it loads, so every
view, the voice and the editor see the same texts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from app.i18n import content_text
from app.routine import Routine, Step, Stretch

Translate = Callable[[str], str]


def _optional(text: str | None, translate: Translate) -> str | None:
    return None if text is None else _text(text, translate)


def _text(text: str, translate: Translate) -> str:
    # An empty text is not looked up: gettext gives the catalog's header for "".
    return translate(text) if text else text


def translated_stretch(stretch: Stretch, translate: Translate = content_text) -> Stretch:
    """The stretch with its name, instructions, cue and voice text translated."""
    return replace(
        stretch,
        name=_text(stretch.name, translate),
        instructions=_text(stretch.instructions, translate),
        cue=_text(stretch.cue, translate),
        say=_optional(stretch.say, translate),
    )


def translated_library(
    library: Mapping[str, Stretch], translate: Translate = content_text
) -> dict[str, Stretch]:
    """The shipped library, every stretch translated, in the same order."""
    return {key: translated_stretch(stretch, translate) for key, stretch in library.items()}


def translated_step(step: Step, translate: Translate = content_text) -> Step:
    """A shipped routine's step with its own texts translated.

    A text the step took from the (already translated) library is not in the
    catalog's English and comes back as it is.
    """
    return replace(
        step,
        name=_text(step.name, translate),
        instructions=_text(step.instructions, translate),
        cue=_text(step.cue, translate),
        say=_optional(step.say, translate),
    )


def translated_routine(routine: Routine, translate: Translate = content_text) -> Routine:
    """A shipped routine with its title, summary and steps' own texts translated."""
    return replace(
        routine,
        title=_text(routine.title, translate),
        summary=_text(routine.summary, translate),
        steps=tuple(translated_step(step, translate) for step in routine.steps),
    )

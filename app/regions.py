"""The five body regions a stretch can work: the one place their ids and names are defined.

Its own module, free of the routine model's dataclasses, because the window's
first screen (the region filters) needs the names before anything else of a
routine.
"""

from __future__ import annotations

import enum

from app.i18n import N_, _, pgettext


class Region(enum.Enum):
    """A body region, as the source material groups stretches and form cues."""

    TRUNK_HIPS = "trunk-hips"
    WAIST = "waist"
    THIGHS_KNEES = "thighs-knees"
    CALVES_ACHILLES = "calves-achilles"
    FEET_ANKLES = "feet-ankles"

    @property
    def label(self) -> str:
        """The region's name as a heading or a filter button shows it: N_("Trunk & hips")."""
        return _(_REGION_LABELS[self])

    @property
    def in_sentence(self) -> str:
        """The name within a sentence ("made for trunk & hips"), in the language's own case."""
        return _sentence_labels()[self]


_REGION_LABELS = {
    Region.TRUNK_HIPS: N_("Trunk & hips"),
    Region.WAIST: N_("Waist"),
    Region.THIGHS_KNEES: N_("Thighs & knees"),
    Region.CALVES_ACHILLES: N_("Calves & Achilles"),
    Region.FEET_ANKLES: N_("Feet & ankles"),
}


def _sentence_labels() -> dict[Region, str]:
    """Looked up at each call: the language may have changed since the last one."""
    return {
        Region.TRUNK_HIPS: pgettext("region, within a sentence", "trunk & hips"),
        Region.WAIST: pgettext("region, within a sentence", "waist"),
        Region.THIGHS_KNEES: pgettext("region, within a sentence", "thighs & knees"),
        Region.CALVES_ACHILLES: pgettext("region, within a sentence", "calves & Achilles"),
        Region.FEET_ANKLES: pgettext("region, within a sentence", "feet & ankles"),
    }

"""The five body regions a stretch can work: the one place their ids and names are defined.

Its own module, free of the routine model's dataclasses, because the window's
first screen (the region filters) needs the names before anything else of a
routine.
"""

from __future__ import annotations

import enum


class Region(enum.Enum):
    """A body region, as the source material groups stretches and form cues."""

    TRUNK_HIPS = "trunk-hips"
    WAIST = "waist"
    THIGHS_KNEES = "thighs-knees"
    CALVES_ACHILLES = "calves-achilles"
    FEET_ANKLES = "feet-ankles"

    @property
    def label(self) -> str:
        return _REGION_LABELS[self]


_REGION_LABELS = {
    Region.TRUNK_HIPS: "Trunk & hips",
    Region.WAIST: "Waist",
    Region.THIGHS_KNEES: "Thighs & knees",
    Region.CALVES_ACHILLES: "Calves & Achilles",
    Region.FEET_ANKLES: "Feet & ankles",
}

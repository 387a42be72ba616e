"""The language mechanism and the shipped catalogs: complete, current, compiled."""

from __future__ import annotations

import gettext
import io
import re
import string
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from app import i18n
from app.cues import CueOptions, plan_cues
from app.i18n import (
    CONTENT_DOMAIN,
    DOMAIN,
    LANGUAGES,
    _,
    install_language,
    match_language,
    ngettext,
    pgettext,
    system_languages,
)
from app.regions import Region
from app.routine import Hold, Reps, Sides, Step, describe_dose
from app.session import Phase, PhaseKind, Side
from tests.pseudo import pseudo_locale, untranslated, unwrapped
from tools.extract_content import content_catalog
from tools.pseudo_locale import main as write_pseudo_catalogs
from tools.pseudo_locale import pseudo_text

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "app" / "locale"
CATALOGS = [(language, domain) for language in LANGUAGES for domain in (DOMAIN, CONTENT_DOMAIN)]


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    """Every test here leaves the language as it found it (English)."""
    with i18n.installed(i18n.ENGLISH):
        yield


def _po(language: str, domain: str) -> Catalog:
    with (LOCALE / language / "LC_MESSAGES" / f"{domain}.po").open("rb") as file:
        return read_po(file)


def _forms(text: str | Sequence[str] | None) -> tuple[str, ...]:
    if text is None:
        return ()
    return (text,) if isinstance(text, str) else tuple(text)


def _placeholders(text: str) -> set[str]:
    braces = {f"{{{name}}}" for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    percents = set(re.findall(r"%\([^)]*\)[a-z]|%[sd]", text))
    return braces | percents


# Choosing the language


@pytest.mark.parametrize(
    ("environ", "wanted"),
    [
        ({"LANGUAGE": "de:fr", "LANG": "zh_CN.UTF-8"}, ["de", "fr"]),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "de_DE.UTF-8"}, ["zh_CN.UTF-8"]),
        ({"LC_MESSAGES": "de_AT.UTF-8", "LANG": "en_GB"}, ["de_AT.UTF-8"]),
        ({"LANG": "zh_SG.UTF-8"}, ["zh_SG.UTF-8"]),
        ({"LANG": "C"}, []),
        ({}, []),
    ],
)
def test_the_system_language_is_read_as_gettext_reads_it(
    environ: dict[str, str], wanted: list[str]
) -> None:
    assert system_languages(environ) == wanted


@pytest.mark.parametrize(
    ("requested", "language"),
    [
        (["zh_CN.UTF-8"], "zh_CN"),
        (["zh"], "zh_CN"),
        (["zh_SG"], "zh_CN"),
        (["zh-Hans"], "zh_CN"),
        (["de_AT.UTF-8"], "de"),
        (["de_CH@euro"], "de"),
        (["en_GB.UTF-8", "de"], "en"),
        (["fr_FR", "de_DE"], "de"),  # no French catalog: the next language asked for
        (["zh_TW.UTF-8"], "en"),  # traditional characters: not the zh_CN catalog
        ([], "en"),
    ],
)
def test_the_first_language_asked_for_that_ships_is_used(
    requested: list[str], language: str
) -> None:
    assert match_language(requested) == language


def test_the_system_locale_chooses_the_language_when_none_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for variable in i18n.LOCALE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert install_language(None) == "zh_CN"
    assert _("Switch sides.") == "换边。"
    monkeypatch.setenv("LANGUAGE", "de_DE")
    assert install_language() == "de"
    assert _("Switch sides.") == "Seite wechseln."


def test_a_language_that_is_asked_for_by_name_wins() -> None:
    assert install_language("de") == "de"
    assert i18n.current_language() == "de"
    assert install_language("en") == "en"
    assert _("Switch sides.") == "Switch sides."


def test_english_is_the_fallback_for_anything_a_catalog_lacks() -> None:
    install_language("zh_CN")
    assert _("A text no catalog has") == "A text no catalog has"
    assert i18n.content_text("A stretch nobody translated") == "A stretch nobody translated"
    assert ngettext("{n} apple", "{n} apples", 3) == "{n} apples"


def test_plural_forms_follow_the_language() -> None:
    assert ngettext("{count} rep", "{count} reps", 1) == "{count} rep"
    install_language("de")
    assert ngettext("{count} rep", "{count} reps", 1) == "{count} Wiederholung"
    assert ngettext("{count} rep", "{count} reps", 12) == "{count} Wiederholungen"
    install_language("zh_CN")  # Chinese has one form for every number
    assert ngettext("{count} rep", "{count} reps", 1) == "{count} 次"
    assert ngettext("{count} rep", "{count} reps", 12) == "{count} 次"


def test_a_word_with_a_context_is_translated_for_that_context() -> None:
    install_language("de")
    assert pgettext("region, within a sentence", "waist") == "Rumpfmitte"


def test_a_catalog_installed_by_a_test_is_used_and_then_put_back() -> None:
    with pseudo_locale():
        assert _("Go.") == pseudo_text("Go.")
    assert _("Go.") == "Go."


# The core's texts, translated


def test_the_core_speaks_and_labels_in_the_chosen_language() -> None:
    install_language("zh_CN")
    assert Region.WAIST.label == "腰部"
    reps = Step(name="臀桥", instructions="", dose=Reps(12), sides=Sides.BOTH)
    assert describe_dose(reps) == "每侧 12 次"
    install_language("de")
    assert describe_dose(reps) == "12 Wiederholungen je Seite"
    assert describe_dose(Step(name="x", instructions="", dose=Hold(30))) == "0:30"
    assert Region.FEET_ANKLES.in_sentence == "Füße & Sprunggelenke"


def test_the_voice_says_a_cue_plan_in_chinese() -> None:
    install_language("zh_CN")
    step = Step(name="弓步压腿", instructions="", dose=Hold(30), cue="上身挺直。慢慢下压。")
    step = Step(**{**step.__dict__, "sides": Sides.BOTH})
    timeline = [
        (0.0, 0, Phase(PhaseKind.GET_READY, 0, 10.0)),
        (10.0, 1, Phase(PhaseKind.HOLD, 0, 30.0, Side.LEFT)),
        (40.0, -1, Phase(PhaseKind.DONE, 0, 0.0)),
    ]
    said = [cue.speech for cue in plan_cues([step], timeline, CueOptions()) if cue.speech]
    assert said == ["下一个：弓步压腿。上身挺直。", "左侧。", "还有十秒。", "热身完成。"]


def test_every_text_of_a_cue_plan_goes_through_the_catalog() -> None:
    reps = Step(name="x", instructions="", dose=Reps(3), cue="y", sides=Sides.BOTH)
    hold = Step(name="z", instructions="", dose=Hold(30))
    timeline = [
        (0.0, 0, Phase(PhaseKind.GET_READY, 0, 10.0)),
        (10.0, 1, Phase(PhaseKind.REPS, 0, 6.0, Side.LEFT)),
        (16.0, 2, Phase(PhaseKind.SWITCH_SIDES, 0, 5.0, Side.RIGHT)),
        (21.0, 3, Phase(PhaseKind.REPS, 0, 6.0, Side.RIGHT)),
        (27.0, 4, Phase(PhaseKind.HOLD, 1, 30.0)),
        (57.0, -1, Phase(PhaseKind.DONE, 1, 0.0)),
    ]
    options = CueOptions(count_reps_aloud=True, say_step_names=True)
    with pseudo_locale():
        said = [cue.speech for cue in plan_cues([reps, hold], timeline, options) if cue.speech]
        shown = [describe_dose(reps), *(region.label for region in Region)]
    # Next, left side and one, switch sides, right side and one, the hold's name, ten
    # seconds, done (the counts of three give way to the longer pseudo words before them).
    assert len(said) == 7
    # The steps' own texts ("x", "y", "z") are the user's data.
    assert untranslated([*said, *shown], allowed={"x", "y", "z"}) == []


def test_a_plain_text_is_found_by_the_pseudo_locale_check() -> None:
    assert unwrapped(f"{pseudo_text('Next: {name}')} Hold").split() == ["Hold"]
    assert unwrapped("12 · 0:30") == ""
    assert unwrapped("My own routine", allowed={"My own routine"}) == ""


# The shipped catalogs


@pytest.mark.parametrize(("language", "domain"), CATALOGS)
def test_every_shipped_catalog_is_complete(language: str, domain: str) -> None:
    catalog = _po(language, domain)
    plurals = catalog.num_plurals
    problems = []
    for message in catalog:
        if not message.id:
            continue
        forms = _forms(message.string)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        if not all(forms) or (message.pluralizable and len(forms) != plurals):
            problems.append(f"untranslated (or a plural form missing): {message.id!r}")
        for form in forms:
            if _placeholders(form) != _placeholders(_forms(message.id)[-1]):
                problems.append(f"placeholders differ: {message.id!r} -> {form!r}")
    assert catalog.obsolete == {}
    assert problems == []


@pytest.mark.parametrize(("language", "domain"), CATALOGS)
def test_every_compiled_catalog_is_its_po_compiled(language: str, domain: str) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    buffer = io.BytesIO()
    write_mo(buffer, _po(language, domain))
    assert (folder / f"{domain}.mo").read_bytes() == buffer.getvalue(), (
        f"{folder / domain}.mo is out of date: run `make translations`"
    )


def _ids(messages: Iterator[Message] | Catalog) -> set[tuple[str | None, str]]:
    return {(message.context, _forms(message.id)[0]) for message in messages if message.id}


def test_every_wrapped_text_of_the_program_is_in_the_catalogs() -> None:
    method_map = [("**.py", "python")]
    extracted = {
        (context, _forms(text)[0])
        for _file, _line, text, _comments, context in extract_from_dir(
            str(ROOT / "app"), method_map
        )
    }
    for language in LANGUAGES:
        assert extracted == _ids(_po(language, DOMAIN)), "run `make translations`"


def test_every_text_of_the_shipped_yaml_is_in_the_content_catalogs() -> None:
    extracted = _ids(content_catalog())
    assert len(extracted) > 90
    for language in LANGUAGES:
        assert extracted == _ids(_po(language, CONTENT_DOMAIN)), "run `make translations`"


def test_the_pseudo_catalogs_can_be_written_out_to_look_at(tmp_path: Path) -> None:
    assert write_pseudo_catalogs([str(tmp_path)]) == 0
    with (tmp_path / f"{DOMAIN}.mo").open("rb") as file:
        written = gettext.GNUTranslations(file)
    assert written.gettext("Switch sides.") == pseudo_text("Switch sides.")
    assert written.ngettext("{count} rep", "{count} reps", 2) == pseudo_text("{count} reps")
    assert (tmp_path / f"{CONTENT_DOMAIN}.po").read_text(encoding="utf-8").count("[!! ") > 90

"""The voice speaks the runner's language, or nothing: never English for Chinese."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QLocale

from app import i18n
from app.ui.cue_voice import VoiceSpeaker, voice_locale


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    with i18n.installed(i18n.ENGLISH):
        yield


def _locales(*names: str) -> list[QLocale]:
    return [QLocale(name) for name in names]


def test_the_voice_is_chosen_for_the_language() -> None:
    available = _locales("en_GB", "de_DE", "zh_CN")
    assert voice_locale("zh_CN", available, QLocale("en_GB")) == QLocale("zh_CN")
    assert voice_locale("de", available, QLocale("en_GB")) == QLocale("de_DE")
    # The system's own choice of the language stays (an Austrian voice for an Austrian).
    assert voice_locale("de", [*available, QLocale("de_AT")], QLocale("de_AT")) == QLocale("de_AT")
    assert voice_locale("en", available, QLocale("en_GB")) == QLocale("en_GB")


def test_no_voice_of_another_language_stands_in() -> None:
    assert voice_locale("zh_CN", _locales("en_GB", "en_US", "fi_FI"), QLocale("en_GB")) is None
    # Cantonese is another language than Mandarin.
    assert voice_locale("zh_CN", _locales("en_GB", "yue_HK"), QLocale("en_GB")) is None


@dataclass
class FakeVoice:
    voice: str
    language: str = "en_GB"

    def name(self) -> str:
        return self.voice

    def locale(self) -> QLocale:
        return QLocale(self.language)


@dataclass
class FakeSpeech:
    """A text-to-speech engine's side the worker uses: locales and their voices."""

    voices: dict[str, list[str]]
    current: str = "en_GB"
    chosen: str = ""
    volume: float = 1.0
    rate: float = 0.0
    said: list[str] = field(default_factory=list)

    def availableLocales(self) -> list[QLocale]:
        return [QLocale(name) for name in self.voices]

    def locale(self) -> QLocale:
        return QLocale(self.current)

    def setLocale(self, locale: QLocale) -> None:
        self.current = locale.name()

    def availableVoices(self) -> list[FakeVoice]:
        return [FakeVoice(name, self.current) for name in self.voices.get(self.current, [])]

    def setVoice(self, voice: FakeVoice) -> None:
        self.chosen = voice.name()

    def setVolume(self, volume: float) -> None:
        self.volume = volume

    def setRate(self, rate: float) -> None:
        self.rate = rate

    def say(self, text: str) -> None:
        self.said.append(text)

    def stop(self) -> None:
        pass

    def then(self, callback: Callable[[], None]) -> None:
        callback()  # what was asked before has been done, at once


def use_speech(speech: FakeSpeech, language: str) -> VoiceSpeaker:
    speakers = VoiceSpeaker()
    done: list[bool] = []
    speakers.use_speech(speech, language, lambda: done.append(True))
    assert done == [True]
    return speakers


def test_the_worker_speaks_chinese_with_a_chinese_voice() -> None:
    speech = FakeSpeech({"en_GB": ["english"], "zh_CN": ["cmn"]})
    speakers = use_speech(speech, "zh_CN")
    assert speakers.problem is None
    assert speakers.voice_names() == ["cmn"]
    speakers.say("下一个：臀桥。")
    assert speech.current == "zh_CN"
    assert speech.said == ["下一个：臀桥。"]


def test_espeak_ngs_mandarin_is_found_by_its_name() -> None:
    # Through speech-dispatcher, espeak-ng's "cmn" voices have no locale Qt knows ("C").
    mandarin = "Chinese_(Mandarin,_latin_as_English)"
    speech = FakeSpeech({"en_GB": ["English_(Great_Britain)"], "C": [mandarin]})
    speech.voices["C"].append("Chinese_(Cantonese)")
    speakers = use_speech(speech, "zh_CN")
    assert speakers.problem is None
    assert speakers.voice_names() == [mandarin]
    assert speech.chosen == mandarin
    speakers.configure(0.8, "English_(Great_Britain)", 0.0)  # a voice of another language
    assert speech.chosen == mandarin


def test_cantonese_does_not_speak_for_mandarin() -> None:
    i18n.install_language("zh_CN")
    speech = FakeSpeech({"en_GB": ["english"], "C": ["Chinese_(Cantonese)"]})
    speakers = use_speech(speech, "zh_CN")
    assert speakers.problem is not None
    assert speakers.problem.startswith("没有安装")


def test_without_a_voice_for_the_language_the_voice_is_off_and_says_nothing() -> None:
    i18n.install_language("zh_CN")
    speech = FakeSpeech({"en_GB": ["english"]})
    speakers = use_speech(speech, "zh_CN")
    assert speakers.problem == (
        "没有安装简体中文语音（Debian 或 Ubuntu 上：sudo apt install espeak-ng）"
    )
    assert speakers.voice_names() == []
    speakers.say("下一个：臀桥。")
    assert speech.said == []

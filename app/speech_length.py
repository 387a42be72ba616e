"""How long the voice takes to say a text, estimated from the words and the speaking rate.

The cue planner needs it before anything is said: an announcement must end
in time for the runner to get into position, and a short cue must not start
while the previous one is still being spoken (a new `say()` cuts it off). The
voice itself runs in a worker process and reports nothing back in time, so
the length is estimated here, in plain Python, the same way for the planner,
`limber validate` and the tests.

The reference is speech-dispatcher with espeak-ng, the usual voice on Linux:
the settings' rate -1.0 ... 1.0 reaches it as -100 ... 100, which espeak-ng
maps to 80, 170 (the normal rate, at 0) and 449 words per minute. The
estimate errs long (syllable-weighted words, pauses at punctuation, the
service's start-up delay), so an announcement planned to fit does fit.
"""

from __future__ import annotations

import math
import re

# The settings' speaking rate, and what espeak-ng makes of it (words per minute).
MIN_RATE = -1.0
MAX_RATE = 1.0
DEFAULT_RATE = 0.0
SLOWEST_WPM = 80.0
NORMAL_WPM = 170.0
FASTEST_WPM = 449.0

# From say() to the first sound: the speech service and the synthesiser starting.
START_DELAY = 0.25
# Pauses at the normal rate; the voice stretches them as it slows down.
SENTENCE_PAUSE = 0.35  # after . ! ? : ;
CLAUSE_PAUSE = 0.15  # after , and dashes
# A words-per-minute rate counts average words; long words take longer.
SYLLABLES_PER_WORD = 1.5
# Chinese has no spaces: each character is a syllable of its own, and espeak-ng's
# Mandarin voice (cmn) takes as long for one as for 1.3 English words at any
# rate (measured: 22 characters in 9.9 s at 170 words a minute, 5.6 s at 300).
WORDS_PER_CJK_CHARACTER = 1.3

# Han characters (with the rarer extension blocks), kana and hangul: one syllable each.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_SENTENCE_MARKS = ".!?:;\u3002\uff01\uff1f\uff1a\uff1b"  # and 。！？：；
_CLAUSE_MARKS = ",\u2013\u2014\uff0c\u3001"  # and ，、
_TOKEN = re.compile(
    rf"[{_CJK}]+|[^\W\d_{_CJK}][^\W\d_{_CJK}']*|[0-9]+|[{_SENTENCE_MARKS}]+|[{_CLAUSE_MARKS}]"
)
_CJK_RUN = re.compile(rf"[{_CJK}]")
_VOWEL_GROUP = re.compile(r"[aeiouyäöüàâéèêëîïôûùœæ]+")


def checked_rate(rate: float) -> float:
    """The rate as the voice takes it: within -1 ... 1, and 0 for a value that is no number
    (the setting is read back from a file the user may have edited)."""
    if not math.isfinite(rate):
        return DEFAULT_RATE
    return max(MIN_RATE, min(MAX_RATE, rate))


def words_per_minute(rate: float) -> float:
    """espeak-ng's speed for the settings' `rate` (its own mapping: linear on each side of 0)."""
    rate = checked_rate(rate)
    if rate < 0:
        return NORMAL_WPM + (NORMAL_WPM - SLOWEST_WPM) * rate
    return NORMAL_WPM + (FASTEST_WPM - NORMAL_WPM) * rate


def spoken_seconds(text: str, rate: float = DEFAULT_RATE) -> float:
    """About how long saying `text` at `rate` takes, from the call to the last sound."""
    tokens = _TOKEN.findall(text)
    words = 0.0
    pauses = 0.0
    for position, token in enumerate(tokens):
        if _CJK_RUN.match(token):
            words += len(token) * WORDS_PER_CJK_CHARACTER
        elif token[0].isalpha():
            words += max(1.0, _syllables(token) / SYLLABLES_PER_WORD)
        elif token[0].isdigit():
            words += 2.0 * len(token) / SYLLABLES_PER_WORD  # "30": "thir-ty"
        elif position < len(tokens) - 1:  # a closing full stop is silence after the end
            pauses += CLAUSE_PAUSE if token in _CLAUSE_MARKS else SENTENCE_PAUSE
    if words == 0:
        return 0.0
    speed = words_per_minute(rate)
    return START_DELAY + words * 60.0 / speed + pauses * NORMAL_WPM / speed


def _syllables(word: str) -> int:
    lower = word.lower().strip("'")
    count = len(_VOWEL_GROUP.findall(lower))
    if lower.endswith("e") and not lower.endswith(("le", "ee")) and count > 1:
        count -= 1  # a silent final e: "raise", "slope"
    return max(1, count)

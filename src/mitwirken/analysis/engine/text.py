"""Words of a text as lemmas, and the language a text is written in.

German is lemmatised with simplemma ("Sprachkursen" → "sprachkurs") so that the forms of
one word count as one term. A text in another language is detected (py3langid, limited to
the languages participants write in) and lemmatised in that language where simplemma
knows it; its terms then do not mix with German terms, and the multilingual sentence
vector (``embed``) is what relates it to German needs."""

from __future__ import annotations

import re
from functools import lru_cache

from .stopwords import GERMAN

# The languages a need may be written in: the platform's UI languages and a few more that
# participants of the process write (DOMAIN-FACTS.md). Detection is limited to them, which
# makes short texts far less error-prone.
LANGUAGES = ("de", "en", "ar", "fa", "uk", "ru", "tr", "fr", "pl", "ro", "bg", "es", "it")
# simplemma has no Arabic model; Arabic text keeps its word forms.
_LEMMATISED = {"de", "en", "fa", "uk", "ru", "tr", "fr", "pl", "ro", "bg", "es", "it"}
# Letters only: a hyphenated compound ("Kita-Plätze") counts as its parts, so it shares
# its terms with the needs that write them apart.
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_LENGTH_TO_DETECT = 20  # shorter texts keep the process's language
MIN_CONFIDENCE = 0.9


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect_language(text: str, default: str = "de") -> str:
    """The language a text is written in, or ``default`` where the text is too short or
    the detection unsure (a German need with an English term stays German)."""
    text = (text or "").strip()
    if len(text) < MIN_LENGTH_TO_DETECT:
        return default
    language, confidence = _identifier().classify(text)
    return language if confidence >= MIN_CONFIDENCE else default


@lru_cache(maxsize=200_000)
def _lemma(word: str, language: str) -> str:
    from simplemma import lemmatize

    return lemmatize(word, lang=language).lower()


def words(text: str) -> list[str]:
    """The words of a text in their written form."""
    return _WORD.findall(text or "")


def lemmas(text: str, language: str = "de") -> list[str]:
    """The content words of a text as lowercase lemmas, function words left out. Words of
    another language than German carry their language as a prefix ("ru:курс"), so that
    they never count as the same term as a German word."""
    out = []
    lemmatise = language in _LEMMATISED
    for word in words(text):
        if len(word) < 2 or (len(word) < 3 and not word.isupper()):
            continue
        lemma = _lemma(word, language) if lemmatise else word.lower()
        if language == "de":
            if lemma in GERMAN or word.lower() in GERMAN:
                continue
            out.append(lemma)
        else:
            out.append(f"{language}:{lemma}")
    return out


def surface_forms(text: str, language: str = "de") -> dict[str, str]:
    """lemma → the first written form of it in the text (for naming clusters in the
    words people used, and for highlighting shared terms)."""
    forms: dict[str, str] = {}
    lemmatise = language in _LEMMATISED
    for word in words(text):
        lemma = _lemma(word, language) if lemmatise else word.lower()
        key = lemma if language == "de" else f"{language}:{lemma}"
        forms.setdefault(key, word)
    return forms

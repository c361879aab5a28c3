"""Language helpers shared by views and templates."""

from functools import lru_cache

from django.conf import settings
from django.forms.utils import flatatt
from django.utils.translation import get_language, get_language_info


def content_lang_attrs(language: str, *, written_by_people: bool = False) -> str:
    """lang (and dir) attributes for content in ``language`` on a page in the current
    interface language: nothing if they agree. Text people wrote gets dir="auto", because
    someone may write Arabic in a German process."""
    return _lang_attrs(language, get_language() or settings.LANGUAGE_CODE, written_by_people)


@lru_cache(maxsize=512)  # a few languages: the same few strings, built once per worker
def _lang_attrs(language: str, current: str, written_by_people: bool) -> str:
    attrs = {}
    if language and language != current:
        attrs["lang"] = language
        bidi = get_language_info(language)["bidi"]
        if bidi != get_language_info(current)["bidi"]:
            attrs["dir"] = "rtl" if bidi else "ltr"
    if written_by_people:
        attrs["dir"] = "auto"
    return flatatt(attrs)


def text_lang(obj, original_language: str) -> str:
    """lang/dir for an organiser's text: the language the object is shown in
    (processes.models.Translatable.localized), else ``original_language``."""
    return content_lang_attrs(getattr(obj, "shown_in", None) or original_language)

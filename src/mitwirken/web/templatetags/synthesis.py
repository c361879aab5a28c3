"""Template helpers of the synthesis pages: a count from a dict, and the shared key terms
of two needs marked in their text."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from mitwirken.analysis.engine.text import _lemma, words

register = template.Library()


@register.filter
def get(mapping, key):
    if not mapping:
        return 0
    return mapping.get(key, 0)


@register.filter
def highlight(text: str, terms) -> str:
    """The text with each word whose lemma is one of ``terms`` in <mark>."""
    text = text or ""
    terms = set(terms or ())
    if not terms:
        return conditional_escape(text)
    out, position = [], 0
    for word in words(text):
        start = text.index(word, position)
        out.append(conditional_escape(text[position:start]))
        lemma = _lemma(word, "de")
        marked = lemma in terms or word.lower() in terms
        out.append(
            f"<mark>{conditional_escape(word)}</mark>" if marked else conditional_escape(word)
        )
        position = start + len(word)
    out.append(conditional_escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every part escaped above

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, get_language_info, override

from mitwirken.core import fragments
from mitwirken.core.i18n import content_lang_attrs
from mitwirken.core.i18n import text_lang as text_lang_attrs
from mitwirken.core.memo import LocalLRU

register = template.Library()


# The language links of an address are the same for every request: kept per worker.
_language_links = LocalLRU(2048)


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current page in every language (plain links: they work without JavaScript)."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    key = (get_language(), path)  # a path is resolved in the active language
    known = _language_links.get(key)
    if known is None:
        known = _language_links_of(path, getattr(request, "resolver_match", None))
        if len(path) <= 512:
            _language_links.set(key, known)
    return known


def _language_links_of(path: str, match=None) -> list[dict]:
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": _with_lang(_translated(path, code, match), code),
                "bidi": info["bidi"],
            }
        )
    return links


def _translated(path: str, code: str, match) -> str:
    """Django's translate_url, from the request's own resolution: translate_url resolves
    the path again for every language, and resolving walks every pattern (seven
    resolutions cost more than the rest of a need's page). An address that did not
    resolve (a 404) stays as it is, as in translate_url, but never with a leading "//",
    which a browser reads as another host."""
    if match is None:
        return "/" + path.lstrip("/")
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with override(code):
        try:
            url = reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return path
    query = path.partition("?")[2]
    return f"{url}?{query}" if query else url


def _with_lang(url: str, code: str) -> str:
    """The language link sets the language cookie (core/language.py) with ``lang``."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
    query.append(("lang", code))
    return urlunsplit(parts._replace(query=urlencode(query)))


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    """The list's query string with another page number."""
    query = context.get("querystring", "")
    return f"?{query}&page={number}" if query else f"?page={number}"


@register.filter
def summary_label(label) -> str:
    """A field's label in the error summary, without its own closing punctuation
    ("What should happen…?" then ": Please choose…")."""
    return str(label).rstrip(" .:?!")


@register.filter
def field_type(bound_field) -> str:
    return bound_field.field.widget.__class__.__name__.lower()


_WIDGET_CLASSES = {
    "select": "kern-form-input__select",
    "checkboxinput": "kern-form-check__checkbox",
}


@register.filter
def kern_widget(bound_field):
    """Renders a field's widget with KERN classes and the ARIA links to hint and error."""
    kind = field_type(bound_field)
    css = _WIDGET_CLASSES.get(kind, "kern-form-input__input")
    attrs = {"class": css + (f" {css}--error" if bound_field.errors else "")}
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    limit = bound_field.field.widget.attrs.get("maxlength")
    if limit and kind in ("textinput", "textarea", "emailinput"):
        # No maxlength: the browser would cut a long paste silently. The page counts
        # instead (static/js/forms.js) and the form says what is too long.
        attrs["maxlength"] = False
        attrs["data-maxlength"] = limit
        described_by.append(f"{bound_field.auto_id}_count")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)


@register.simple_tag
def content_lang(process, people: bool = False) -> str:
    """``<p{% content_lang process %}>``: marks the process's content with its language."""
    return content_lang_attrs(getattr(process, "language", ""), written_by_people=people)


@register.simple_tag
def need_lang(need) -> str:
    """``<p{% need_lang need %}>``: a need's text is marked with the language it was
    written in (detected when it was saved), else the process's."""
    language = getattr(need, "language", "") or getattr(need.process, "language", "")
    return content_lang_attrs(language, written_by_people=True)


@register.simple_tag
def text_lang(obj, process=None) -> str:
    """``<h1{% text_lang process %}>``: marks an organiser's text (a process's title, a
    phase, a field of action, a stakeholder group) with the language it is shown in — the
    visitor's where the organisers translated it, else the original's. ``process`` gives
    the original language of objects not read through the process selectors."""
    original = (
        getattr(obj, "language", None) or getattr(process, "language", "") or settings.LANGUAGE_CODE
    )
    return text_lang_attrs(obj, original)


@register.filter
def local(obj, process=None):
    """``{% with f=need.field_of_action|local:process %}``: a field of action, phase or
    stakeholder group read with its need, shown in the active language where the
    organisers translated it (pair with ``text_lang``)."""
    if obj is None or not hasattr(obj, "localized"):
        return obj
    from django.utils.translation import get_language

    # a phase or field belongs to one process and is written in its language; the shared
    # stakeholder groups are written in the platform's default language
    original = (
        getattr(process, "language", None) or settings.LANGUAGE_CODE
        if hasattr(obj, "process_id")
        else settings.LANGUAGE_CODE
    )
    return obj.localized(get_language() or settings.LANGUAGE_CODE, original)


@register.filter
def get_item(mapping, key):
    """``{{ mapping|get_item:key }}``: a dict's value for a key from the template, or None."""
    return mapping.get(key) if mapping else None


class KeptNode(template.Node):
    def __init__(self, name: str, vary: list, nodelist) -> None:
        self.name, self.vary, self.nodelist = name, vary, nodelist

    def render(self, context) -> str:
        values = tuple(str(value.resolve(context)) for value in self.vary)
        if sum(map(len, values)) > 512:  # an unusually long address is not kept
            return self.nodelist.render(context)
        key = (self.name, get_language(), values)
        html = fragments.kept.get(key)
        if html is None:
            html = self.nodelist.render(context)
            fragments.kept.set(key, html)
        return html


@register.tag
def kept(parser, token):
    """``{% kept "name" value … %}…{% endkept %}``: the part rendered once per worker,
    language and values, then served from the worker's memory (core/fragments.kept). Only
    for parts that depend on nothing else: the header of a visitor (the address, for its
    language links and login link), the footer."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("{% kept %} needs a quoted name first")
    vary = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(bits[1][1:-1], vary, nodelist)

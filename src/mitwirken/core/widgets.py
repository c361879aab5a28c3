"""Form widgets rendered in Python.

Django renders a ``<select>`` through one template per option (``select_option.html`` and
``attrs.html``): about 0.1 ms per option. The needs list's filter form has some 60 options,
so on every uncached page view that was the single largest cost (measured in
docs/benchmarks.md). These widgets produce the same markup with ``format_html``.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

_SELECTED = mark_safe(" selected")  # noqa: S308 - a constant attribute
_NOT_SELECTED = ""


class Select(forms.Select):
    """A single-choice ``<select>`` without option groups, rendered in Python."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        chosen = self.format_value(value)
        selected = chosen[0] if chosen else None
        seen = False

        def rows():
            nonlocal seen
            for option_value, label in self.choices:
                option_value = "" if option_value is None else str(option_value)
                is_selected = not seen and option_value == selected
                seen = seen or is_selected
                yield option_value, _SELECTED if is_selected else _NOT_SELECTED, label

        options = format_html_join("", '<option value="{}"{}>{}</option>', rows())
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FieldOfAction, Phase, Process, StakeholderGroup

KINDS = (
    ("process", Process),
    ("phase", Phase),
    ("field", FieldOfAction),
    ("group", StakeholderGroup),
)


class ContentTranslationForm(forms.Form):
    """Every text of a process that can be given in a further language, one field each,
    with the original beside it. Sections: the process, its phases, its fields of action,
    its stakeholder groups."""

    def __init__(self, *args, process: Process, phases, fields, groups, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils.translation import get_language_info

        direction = "rtl" if get_language_info(language)["bidi"] else "ltr"
        self.sections = []
        objects = {"process": [process], "phase": phases, "field": fields, "group": groups}
        titles = {
            "process": _("The process"),
            "phase": _("Phases"),
            "field": _("Fields of action"),
            "group": _("Stakeholder groups"),
        }
        for kind, model in KINDS:
            rows = []
            for obj in objects[kind]:
                given = (obj.translations or {}).get(language) or {}
                names = []
                for name in model.TRANSLATED:
                    original = getattr(obj, name)
                    if not original:
                        continue
                    key = f"{kind}-{obj.pk}-{name}"
                    limit = model._meta.get_field(name).max_length
                    long_text = limit is None or limit > 200
                    self.fields[key] = forms.CharField(
                        label=model._meta.get_field(name).verbose_name.capitalize(),
                        required=False,
                        max_length=limit,
                        initial=given.get(name, ""),
                        widget=forms.Textarea(attrs={"rows": 4 if limit is None else 2})
                        if long_text
                        else forms.TextInput,
                    )
                    self.fields[key].widget.attrs.update(
                        {
                            "lang": language,
                            "dir": direction,
                            "aria-describedby": f"id_{key}_helptext",  # the original beside it
                        }
                    )
                    self.fields[key].original = original
                    names.append(key)
                if names:
                    rows.append((obj, names))
            if rows:
                self.sections.append((kind, titles[kind], rows))
        # bound fields for the template, in the order of the sections
        self.sections = [
            (kind, title, [(obj, [self[key] for key in keys]) for obj, keys in rows])
            for kind, title, rows in self.sections
        ]

    def texts(self) -> dict:
        out = {}
        for key, value in self.cleaned_data.items():
            kind, pk, name = key.split("-", 2)
            out[(kind, int(pk), name)] = value
        return out

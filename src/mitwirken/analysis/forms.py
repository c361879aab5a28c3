from django import forms
from django.utils.translation import gettext_lazy as _

from mitwirken.contributions.models import Need
from mitwirken.contributions.status import RESPONSE_MAX_LENGTH, SETTABLE
from mitwirken.core.widgets import Select
from mitwirken.processes.selectors import Taxonomy

from .models import NAME_MAX_LENGTH
from .selectors import WorkspaceFilters
from .services import NEEDS_PER_CLUSTER

LANGUAGE_NAMES = {
    "de": _("German"),
    "en": _("English"),
    "ar": _("Arabic"),
    "fa": _("Persian"),
    "uk": _("Ukrainian"),
    "ru": _("Russian"),
    "tr": _("Turkish"),
    "fr": _("French"),
    "pl": _("Polish"),
    "ro": _("Romanian"),
    "bg": _("Bulgarian"),
    "es": _("Spanish"),
    "it": _("Italian"),
}


class WorkspaceFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    field = forms.ChoiceField(label=_("Field of action"), required=False, widget=Select)
    region = forms.ChoiceField(label=_("Region"), required=False, widget=Select)
    group = forms.ChoiceField(label=_("Stakeholder group"), required=False, widget=Select)
    source = forms.ChoiceField(label=_("Where it was raised"), required=False, widget=Select)
    status = forms.ChoiceField(label=_("Status"), required=False, widget=Select)
    language = forms.ChoiceField(label=_("Language"), required=False, widget=Select)

    def __init__(self, *args, taxonomy: Taxonomy, events=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.taxonomy = taxonomy
        every = [("", _("All"))]
        self.fields["field"].choices = every + [(f.slug, f.title) for f in taxonomy.fields]
        self.fields["region"].choices = (
            every + [("land", _("Whole state"))] + [(r.key, r.name) for r in taxonomy.regions]
        )
        self.fields["group"].choices = every + [(g.slug, g.name) for g in taxonomy.groups]
        self.fields["source"].choices = (
            every
            + [("online", _("Online")), ("import", _("Imported"))]
            + [(f"event-{e.pk}", e.title) for e in events]
        )
        self.fields["status"].choices = every + list(Need.Status.choices)
        self.fields["language"].choices = every + [(k, v) for k, v in LANGUAGE_NAMES.items()]

    def filters(self) -> WorkspaceFilters:
        data = self.cleaned_data if self.is_valid() else {}
        field, region, group = self.taxonomy.pick(
            data.get("field"), data.get("region"), data.get("group")
        )
        return WorkspaceFilters(
            field_of_action_id=field.pk if field else None,
            region_id=region.pk if region else None,
            statewide=data.get("region") == "land",
            stakeholder_group_id=group.pk if group else None,
            source=data.get("source") or "",
            status=data.get("status") or "",
            language=data.get("language") or "",
            query=(data.get("q") or "").strip(),
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        widget=Select,
        error_messages={
            "required": _("Please choose a status."),
            "invalid_choice": _("Please choose a status."),
        },
    )
    response = forms.CharField(
        label=_("Public answer"),
        required=False,
        max_length=RESPONSE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Shown with the need and sent to its author. Required for “not taken up”: say why."
        ),
    )

    def __init__(self, *args, current: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Need.Status.choices)
        choices = [(s.value, labels[s]) for s in SETTABLE]
        if current and current not in SETTABLE:  # taken up: its answer can be changed
            choices.insert(0, (current, labels[current]))
        self.fields["status"].choices = choices


class RunForm(forms.Form):
    needs_per_cluster = forms.IntegerField(
        label=_("Needs per cluster, about"),
        min_value=NEEDS_PER_CLUSTER[0],
        max_value=NEEDS_PER_CLUSTER[1],
        initial=8,
        help_text=_("Fewer make more, narrower clusters. Clusters you edited stay as they are."),
        error_messages={
            "required": _("Please enter a number."),
            "invalid": _("Please enter a number."),
            "min_value": _("Please enter a number between 4 and 40."),
            "max_value": _("Please enter a number between 4 and 40."),
        },
    )


class ClusterNameForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the cluster"),
        required=False,
        max_length=NAME_MAX_LENGTH,
        help_text=_("Empty: named by its key terms."),
    )


class ClusterNeedsForm(forms.Form):
    """Needs chosen in a cluster, and what to do with them."""

    needs = forms.TypedMultipleChoiceField(
        label=_("Needs"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose one or more needs.")},
    )
    into = forms.ChoiceField(label=_("Move to"), required=False, widget=Select)
    name = forms.CharField(
        label=_("Name of the new cluster"), required=False, max_length=NAME_MAX_LENGTH
    )

    def __init__(self, *args, needs, clusters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].choices = [(n.pk, n.title) for n in needs]
        self.fields["into"].choices = [("", _("A new cluster of their own"))] + [
            (str(c.pk), c.title) for c in clusters
        ]


class JoinForm(forms.Form):
    other = forms.ChoiceField(
        label=_("Join with"),
        widget=Select,
        error_messages={"required": _("Please choose a cluster.")},
    )

    def __init__(self, *args, clusters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].choices = [("", _("Please choose"))] + [
            (str(c.pk), c.title) for c in clusters
        ]

from django import forms
from django.utils.translation import gettext_lazy as _

from mitwirken.core.forms import SubmissionKeyField, TextField
from mitwirken.core.widgets import Select
from mitwirken.processes.selectors import Taxonomy

from .models import ACTORS_MAX_LENGTH, DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH, ActionApproach


class ApproachForm(forms.Form):
    title = TextField(label=_("Title"), phrase=_("the title"), max_length=TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What will be done, by whom, and what it should achieve."),
    )
    field_of_action = forms.ChoiceField(label=_("Field of action"), widget=Select)
    responsible_groups = forms.MultipleChoiceField(
        label=_("Responsible stakeholder groups"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    responsible_actors = forms.CharField(
        label=_("Responsible actors"),
        required=False,
        max_length=ACTORS_MAX_LENGTH,
        help_text=_("For example: Ministry of Labour, district administrations, job centres."),
    )
    horizon = forms.ChoiceField(
        label=_("Time horizon"), choices=ActionApproach.Horizon.choices, widget=Select
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), coerce=int, widget=Select, choices=ActionApproach.Priority.choices
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ActionApproach.Status.choices, widget=Select
    )
    submission_key = SubmissionKeyField()

    def __init__(self, *args, taxonomy: Taxonomy, new: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.taxonomy = taxonomy
        if not new:
            del self.fields["submission_key"]
        self.fields["field_of_action"].choices = [("", _("Please choose"))] + [
            (f.slug, f.title) for f in taxonomy.fields
        ]
        self.fields["field_of_action"].error_messages["required"] = _(
            "Please choose a field of action."
        )
        self.fields["responsible_groups"].choices = [(g.slug, g.name) for g in taxonomy.groups]

    @staticmethod
    def initial_from(approach: ActionApproach) -> dict:
        return {
            "title": approach.title,
            "description": approach.description,
            "field_of_action": approach.field_of_action.slug,
            "responsible_groups": [g.slug for g in approach.responsible_groups.all()],
            "responsible_actors": approach.responsible_actors,
            "horizon": approach.horizon,
            "priority": approach.priority,
            "status": approach.status,
        }

    def content(self):
        from .services import ApproachContent

        data = self.cleaned_data
        groups = self.taxonomy.group_by_slug()
        return ApproachContent(
            title=data["title"],
            description=data["description"],
            field_of_action=self.taxonomy.field_by_slug()[data["field_of_action"]],
            responsible_groups=[groups[s] for s in data["responsible_groups"] if s in groups],
            responsible_actors=data["responsible_actors"],
            horizon=data["horizon"],
            priority=data["priority"],
            status=data["status"],
        )

from django import forms
from django.utils.translation import gettext_lazy as _

from mitwirken.contributions.models import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH
from mitwirken.core.forms import SubmissionKeyField, TextField
from mitwirken.core.widgets import Select
from mitwirken.processes.selectors import Taxonomy

from .models import CLUSTER_TITLE_MAX_LENGTH, PSEUDONYM_MAX_LENGTH, Vote


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Workshop code"),
        max_length=12,
        help_text=_("Six letters and digits, on the table card or the wall, e.g. K7M-4QX."),
        error_messages={"required": _("Please enter the workshop code.")},
    )


class JoinForm(forms.Form):
    pseudonym = TextField(
        label=_("Your name on the cards"),
        phrase=_("a name"),
        max_length=PSEUDONYM_MAX_LENGTH,
        help_text=_("A first name or a made-up name. It is shown on the wall in the room."),
    )
    stakeholder_group = forms.ChoiceField(
        label=_("You are here for (optional)"),
        required=False,
        widget=Select,
        help_text=_("Only counted, to see which groups took part. Never shown with your cards."),
    )

    def __init__(self, *args, taxonomy: Taxonomy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.taxonomy = taxonomy
        self.fields["stakeholder_group"].choices = [("", _("Not specified"))] + [
            (g.slug, g.name) for g in taxonomy.groups
        ]

    def group(self):
        return self.taxonomy.group_by_slug().get(self.cleaned_data.get("stakeholder_group") or "")


class CardForm(forms.Form):
    title = TextField(label=_("Your card"), phrase=_("the card"), max_length=TITLE_MAX_LENGTH)
    text = forms.CharField(
        label=_("More about it (optional)"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _("Please keep the text to at most %(limit_value)d characters.")
        },
    )
    field_of_action = forms.ChoiceField(label=_("Field of action"), widget=Select)
    key = SubmissionKeyField()

    def __init__(self, *args, taxonomy: Taxonomy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.taxonomy = taxonomy
        self.fields["field_of_action"].choices = [(f.slug, f.title) for f in taxonomy.fields]

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "text": data.get("text", ""),
            "field_of_action": self.taxonomy.field_by_slug().get(data.get("field_of_action")),
        }


class ClusterForm(forms.Form):
    title = TextField(
        label=_("Name of the cluster"), phrase=_("the name"), max_length=CLUSTER_TITLE_MAX_LENGTH
    )


class VoteForm(forms.Form):
    target = forms.ChoiceField(label=_("Vote on"), choices=Vote.Target.choices, widget=Select)
    dots_per_person = forms.IntegerField(
        label=_("Dots per person"),
        initial=3,
        min_value=1,
        max_value=20,
        error_messages={
            "required": _("Please give the number of dots."),
            "min_value": _("Please give between 1 and 20 dots per person."),
            "max_value": _("Please give between 1 and 20 dots per person."),
            "invalid": _("Please enter a whole number."),
        },
    )
    max_per_item = forms.IntegerField(
        label=_("At most on one item"),
        initial=2,
        min_value=1,
        max_value=20,
        error_messages={
            "required": _("Please give the most dots one item may get."),
            "min_value": _("At most on one item must be between 1 and the dots per person."),
            "max_value": _("At most on one item must be between 1 and the dots per person."),
            "invalid": _("Please enter a whole number."),
        },
    )


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes for the documentation"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

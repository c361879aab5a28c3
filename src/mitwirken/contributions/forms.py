from django import forms
from django.utils.translation import gettext_lazy as _

from mitwirken.core.forms import SubmissionKeyField, TextField
from mitwirken.core.widgets import Select
from mitwirken.processes.selectors import Taxonomy

from .models import TARGET_GROUP_MAX_LENGTH, TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, Need
from .selectors import ORDERINGS, SEARCH_MAX_LENGTH, STATEWIDE
from .services import NeedContent


class NeedForm(forms.Form):
    title = TextField(
        label=_("Title"),
        phrase=_("the title"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("In one sentence: what is needed? At most %(max)d characters.")
        % {"max": TITLE_MAX_LENGTH},
    )
    text = TextField(
        label=_("Description"),
        phrase=_("the description"),
        max_length=TEXT_MAX_LENGTH,
        rows=8,
        help_text=_(
            "What is missing, for whom, and what would help? An example from practice "
            "makes it clearer. At most %(max)d characters."
        )
        % {"max": TEXT_MAX_LENGTH},
    )
    field_of_action = forms.ChoiceField(
        label=_("Field of action"),
        widget=Select,
        error_messages={"required": _("Please choose a field of action.")},
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        widget=Select,
        help_text=_("Where is this needed? Leave it at “whole state” if it applies everywhere."),
    )
    stakeholder_group = forms.ChoiceField(
        label=_("Stakeholder group"),
        required=False,
        widget=Select,
        help_text=_("Which group do you speak for? This helps to see who has taken part."),
    )
    target_group = forms.CharField(
        label=_("Target group"),
        max_length=TARGET_GROUP_MAX_LENGTH,
        required=False,
        help_text=_("For example: refugee women with small children, nursing staff from abroad."),
    )
    submission_key = SubmissionKeyField()

    def __init__(self, *args, taxonomy: Taxonomy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.taxonomy = taxonomy
        self.fields["field_of_action"].choices = [("", _("Please choose"))] + [
            (f.slug, f.title) for f in taxonomy.fields
        ]
        self.fields["region"].choices = [("", _("Whole state"))] + [
            (r.key, r.name) for r in taxonomy.regions
        ]
        self.fields["stakeholder_group"].choices = [("", _("Not specified"))] + [
            (g.slug, g.name) for g in taxonomy.groups
        ]

    def content(self) -> NeedContent:
        """What the services take: the chosen slugs and keys turned into objects."""
        data = self.cleaned_data
        field, region, group = self.taxonomy.pick(
            data["field_of_action"], data.get("region"), data.get("stakeholder_group")
        )
        return NeedContent(
            title=data["title"],
            text=data["text"],
            field_of_action=field,
            region=region,
            stakeholder_group=group,
            target_group=data.get("target_group", ""),
        )

    @classmethod
    def initial_from(cls, need: Need) -> dict:
        return {
            "title": need.title,
            "text": need.text,
            "field_of_action": need.field_of_action.slug,
            "region": need.region.key if need.region else "",
            "stakeholder_group": need.stakeholder_group.slug if need.stakeholder_group else "",
            "target_group": need.target_group,
        }


class NeedFilterForm(forms.Form):
    """Validates the list's query string. Unknown values are reported and ignored."""

    # The list searches with this many characters at most: the field says so, and a longer
    # search (only from a hand-made address) is cut, as the list cuts it, not refused.
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": SEARCH_MAX_LENGTH}),
    )
    field = forms.ChoiceField(label=_("Field of action"), required=False, widget=Select)
    region = forms.ChoiceField(label=_("Region"), required=False, widget=Select)
    group = forms.ChoiceField(label=_("Stakeholder group"), required=False, widget=Select)
    status = forms.ChoiceField(label=_("Status"), required=False, widget=Select)
    sort = forms.ChoiceField(label=_("Order"), required=False, widget=Select)
    per_page = forms.TypedChoiceField(
        label=_("Per page"), required=False, coerce=int, widget=Select
    )

    MAIN_FIELDS = ("q", "field", "region")
    MORE_FIELDS = ("group", "status", "sort", "per_page")

    SORT_LABELS = {
        "newest": _("Newest first"),
        "oldest": _("Oldest first"),
        "supported": _("Most supported"),
        "commented": _("Most commented"),
    }

    def __init__(self, *args, taxonomy: Taxonomy, page_sizes: tuple[int, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.taxonomy = taxonomy
        self.fields["field"].choices = [("", _("All fields of action"))] + [
            (f.slug, f.title) for f in taxonomy.fields
        ]
        self.fields["region"].choices = [
            ("", _("All regions")),
            (STATEWIDE, _("Whole state")),
        ] + [(r.key, r.name) for r in taxonomy.regions]
        self.fields["group"].choices = [("", _("All groups"))] + [
            (g.slug, g.name) for g in taxonomy.groups
        ]
        self.fields["status"].choices = [("", _("Any status"))] + list(Need.Status.choices)
        self.fields["sort"].choices = [(key, self.SORT_LABELS[key]) for key in ORDERINGS]
        self.fields["per_page"].choices = [(size, str(size)) for size in page_sizes]

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())[:SEARCH_MAX_LENGTH]

from django import forms
from django.utils.translation import gettext_lazy as _

from mitwirken.core.forms import SubmissionKeyField, TextField
from mitwirken.core.widgets import Select
from mitwirken.processes.selectors import Taxonomy

from .csvimport import MAX_BYTES
from .models import CONTACT_MAX_LENGTH, NAME_MAX_LENGTH, Stakeholder


def _group_choices(taxonomy: Taxonomy, empty) -> list[tuple[str, str]]:
    return [("", empty)] + [(g.slug, g.name) for g in taxonomy.groups]


def _region_choices(taxonomy: Taxonomy, empty) -> list[tuple[str, str]]:
    return [("", empty)] + [(r.key, r.name) for r in taxonomy.regions]


class StakeholderForm(forms.Form):
    """An organisation of the directory, added or corrected by hand."""

    name = TextField(
        label=_("Name of the organisation"),
        phrase=_("the name of the organisation"),
        max_length=NAME_MAX_LENGTH,
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The organisation's contact address; invitations are sent to it."),
        max_length=254,
        error_messages={
            "required": _("Please enter the e-mail address."),
            "invalid": _("Please enter a valid e-mail address."),
            "max_length": _("Please enter a valid e-mail address."),
        },
    )
    contact_person = forms.CharField(
        label=_("Contact person"), max_length=CONTACT_MAX_LENGTH, required=False
    )
    stakeholder_group = forms.ChoiceField(
        label=_("Stakeholder group"), required=False, widget=Select
    )
    region = forms.ChoiceField(label=_("Region"), required=False, widget=Select)
    submission_key = SubmissionKeyField()

    def __init__(self, *args, taxonomy: Taxonomy, new: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.taxonomy = taxonomy
        if not new:  # the one-time key is for adding only
            del self.fields["submission_key"]
        self.fields["stakeholder_group"].choices = _group_choices(taxonomy, _("Not specified"))
        self.fields["region"].choices = _region_choices(taxonomy, _("Not specified"))

    @staticmethod
    def initial_from(stakeholder: Stakeholder) -> dict:
        return {
            "name": stakeholder.name,
            "email": stakeholder.email,
            "contact_person": stakeholder.contact_person,
            "stakeholder_group": getattr(stakeholder.stakeholder_group, "slug", ""),
            "region": getattr(stakeholder.region, "key", ""),
        }

    def values(self) -> dict:
        """What the services take: the chosen slug and key turned into objects."""
        data = self.cleaned_data
        _field, region, group = self.taxonomy.pick(
            None, data.get("region"), data.get("stakeholder_group")
        )
        return {
            "name": data["name"],
            "email": data["email"],
            "contact_person": data.get("contact_person", ""),
            "stakeholder_group": group,
            "region": region,
        }


class DirectoryFilterForm(forms.Form):
    """The filters of the directory list (a GET form: unknown values are ignored)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    group = forms.ChoiceField(label=_("Stakeholder group"), required=False, widget=Select)
    region = forms.ChoiceField(label=_("Region"), required=False, widget=Select)

    def __init__(self, *args, taxonomy: Taxonomy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.taxonomy = taxonomy
        self.fields["q"].help_text = _("Name, e-mail address or contact person.")
        self.fields["group"].choices = _group_choices(taxonomy, _("All groups"))
        self.fields["region"].choices = _region_choices(taxonomy, _("All regions"))

    def filters(self) -> dict:
        """The chosen group and region as objects, and the search text; an unknown value
        is left out (the list is not narrowed by it)."""
        self.is_valid()
        data = self.cleaned_data
        _field, region, group = self.taxonomy.pick(None, data.get("region"), data.get("group"))
        return {"group": group, "region": region, "q": data.get("q", "")}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One organisation per row. The first row names the columns: name, group, "
            "region, email and optionally contact (or Organisation, Akteursgruppe, "
            "Landkreis, E-Mail, Ansprechperson). Separated by semicolons, commas or tabs; "
            "saved as UTF-8 or by Excel as “CSV (semicolon separated)”. At most 5 MB."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": _("Please choose a CSV file."),
            "empty": _("The file is empty."),
            "invalid": _("Please choose a CSV file."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(max)d MB. Please split it into smaller files.")
                % {"max": MAX_BYTES // (1024 * 1024)}
            )
        return upload

    def data_and_name(self) -> tuple[bytes, str]:
        upload = self.cleaned_data["file"]
        return upload.read(MAX_BYTES + 1), upload.name

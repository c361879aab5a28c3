"""Reading a list of organisations from a CSV file: decoding, the delimiter, the header,
and a check of every row. Pure parsing: nothing is written here (services.py does that).

What people upload is usually a table saved by Excel: German Excel writes Windows-1252
with semicolons, newer versions UTF-8 with a byte order mark; other tools UTF-8 with commas
or tabs. The file is read in one pass (``csv.reader`` over the text); the process's groups,
regions and the addresses already in its directory are loaded once (``lookups_for``), so a
file of 10,000 rows costs three queries.

Each bad row is reported with its line in the file (the header is line 1; a quoted value
spanning lines counts every line) and every reason, as translated sentences.
"""

import codecs
import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from mitwirken.core.text import clean_optional_text
from mitwirken.processes.models import Process, Region, StakeholderGroup

from .models import CONTACT_MAX_LENGTH, NAME_MAX_LENGTH, Stakeholder

MAX_BYTES = 5 * 1024 * 1024
DELIMITERS = ";,\t"
EMAIL_MAX_LENGTH = 254  # what the database column holds
SNIFF_CHARS = 16_384

# The columns, by the headings accepted for them (compared case-insensitively, with
# white space, "_" and "-" ignored, so "E-Mail", "e_mail" and "EMAIL" are the same).
HEADINGS = {
    "name": ("name", "organisation", "organization", "name der organisation"),
    "group": ("group", "gruppe", "akteursgruppe", "stakeholder group"),
    "region": ("region", "landkreis", "landkreis oder kreisfreie stadt"),
    "email": ("email", "e-mail", "e-mail-adresse", "email address", "e-mail address"),
    "contact": ("contact", "contact person", "ansprechperson", "ansprechpartner"),
}
REQUIRED = ("name", "group", "region", "email")


def _heading_key(value: str) -> str:
    return "".join(ch for ch in value.casefold() if ch.isalnum())


_COLUMN_OF_HEADING = {
    _heading_key(heading): column for column, headings in HEADINGS.items() for heading in headings
}


class FileProblem(Exception):  # noqa: N818 - a message for the person, not a bug
    """The file as a whole cannot be read: its encoding, its header, no rows. ``message``
    is one translated sentence for the person who uploaded it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Row:
    """A good row, ready to become a ``Stakeholder``."""

    line: int
    name: str
    email: str
    stakeholder_group: StakeholderGroup | None
    region: Region | None
    contact_person: str


@dataclass(frozen=True)
class Lookups:
    """What the rows are checked against, loaded once per file."""

    groups: dict[str, StakeholderGroup] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)
    existing_emails: frozenset[str] = frozenset()

    def group(self, value: str) -> StakeholderGroup | None:
        return self.groups.get(_name_key(value))

    def region(self, value: str) -> Region | None:
        return self.regions.get(value.strip()) or self.regions.get(_name_key(value))


@dataclass
class ParseResult:
    rows: list[Row]
    problems: list[dict]  # [{"line": 7, "errors": ["Line 7: …", …]}, …]
    delimiter: str

    @property
    def total_rows(self) -> int:
        return len(self.rows) + len(self.problems)


def _name_key(value: str) -> str:
    return " ".join(value.split()).casefold()


def lookups_for(process: Process) -> Lookups:
    """The process's groups (by slug and name), regions (by official key and name) and the
    e-mail addresses in its directory: three queries."""
    groups: dict[str, StakeholderGroup] = {}
    for group in process.stakeholder_groups.all():
        groups.setdefault(_name_key(group.slug), group)
        groups.setdefault(_name_key(group.name), group)
    regions: dict[str, Region] = {}
    for region in process.regions.all():
        regions.setdefault(region.key, region)
        regions.setdefault(_name_key(region.name), region)
    emails = Stakeholder.objects.filter(process=process).values_list("email", flat=True)
    return Lookups(
        groups=groups,
        regions=regions,
        existing_emails=frozenset(email.lower() for email in emails.iterator(chunk_size=2000)),
    )


# Decoding -----------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was read with: UTF-8 (with or without a byte
    order mark), else Windows-1252 (Excel's "CSV" in German Windows). UTF-16 with a byte
    order mark (Excel's "Unicode text") is read too."""
    not_readable = _(
        "The file cannot be read. Please save the table as CSV (UTF-8 or Windows) "
        "and upload it again."
    )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        attempts = [("utf-16", "utf-16")]
    elif data.startswith(codecs.BOM_UTF8):
        attempts = [("utf-8-sig", "utf-8-sig")]
    else:
        attempts = [("utf-8", "utf-8"), ("cp1252", "windows-1252")]
    for codec, name in attempts:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:  # a spreadsheet or another binary file, not a CSV file
            raise FileProblem(not_readable)
        return text, name
    raise FileProblem(not_readable)


# The delimiter and the header -----------------------------------------------------------


def _first_line(text: str) -> str:
    for line in io.StringIO(text):
        if line.strip():
            return line
    return ""


def _delimiter_by_count(header: str) -> str:
    semicolons, commas, tabs = (header.count(d) for d in ";,\t")
    if tabs > semicolons and tabs > commas:
        return "\t"
    return ";" if semicolons > commas else ","


def _sniffed_delimiter(text: str) -> str | None:
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # whole lines only
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return None


def _columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """The index of each known column, and the headings that appear twice."""
    found: dict[str, int] = {}
    twice = []
    for index, heading in enumerate(header):
        column = _COLUMN_OF_HEADING.get(_heading_key(heading))
        if column is None:
            continue  # another column (phone, notes …): ignored
        if column in found:
            twice.append(heading.strip())
        else:
            found[column] = index
    return found, twice


def _header_of(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def detect_delimiter(text: str) -> str:
    """``csv.Sniffer`` limited to semicolon, comma and tab; if it cannot tell, or its
    choice does not split the header into the expected columns, the character the header
    has most of (a semicolon when it has more semicolons than commas)."""
    header = _first_line(text)
    by_count = _delimiter_by_count(header)
    sniffed = _sniffed_delimiter(text)
    candidates = [d for d in dict.fromkeys((sniffed, by_count)) if d]
    for delimiter in candidates:
        found, _twice = _columns(_header_of(header, delimiter))
        if all(column in found for column in REQUIRED):
            return delimiter
    return by_count


def _missing_columns_message(missing: list[str]) -> str:
    names = {
        "name": _("name (or “Organisation”)"),
        "group": _("group (or “Akteursgruppe”)"),
        "region": _("region (or “Landkreis”)"),
        "email": _("email (or “E-Mail”)"),
    }
    return _(
        "The first line of the file must name the columns. Missing: %(missing)s. "
        "Expected are the columns name, group, region and email, and optionally contact "
        "(German headings such as “Organisation”, “Akteursgruppe”, “Landkreis”, “E-Mail” "
        "and “Ansprechperson” work too)."
    ) % {"missing": get_text_list([str(names[column]) for column in missing], _("and"))}


# The rows ---------------------------------------------------------------------------------


def _check_row(
    line: int,
    cells: list[str],
    columns: dict[str, int],
    width: int,
    lookups: Lookups,
    seen: dict[str, int],
) -> tuple[Row | None, list[str]]:
    if len(cells) < width or (len(cells) > width and any(c.strip() for c in cells[width:])):
        # The values would land in the wrong columns: say only that.
        return None, [
            _("Line %(line)d: it has %(count)d columns, but the first line has %(expected)d.")
            % {"line": line, "count": len(cells), "expected": width}
        ]
    errors = []

    name = " ".join(cells[columns["name"]].split())  # also a line break inside quotes
    if not name:
        errors.append(_("Line %(line)d: the name of the organisation is missing.") % {"line": line})
    elif len(name) > NAME_MAX_LENGTH:
        errors.append(
            _("Line %(line)d: the name has %(length)d characters; at most %(max)d are allowed.")
            % {"line": line, "length": len(name), "max": NAME_MAX_LENGTH}
        )

    email = cells[columns["email"]].strip().lower()
    if not email:
        errors.append(_("Line %(line)d: the e-mail address is missing.") % {"line": line})
    elif not is_valid_email(email):
        errors.append(
            _("Line %(line)d: the e-mail address “%(email)s” is not valid.")
            % {"line": line, "email": _shown(cells[columns["email"]].strip())}
        )
    elif email in seen:
        errors.append(
            _("Line %(line)d: the e-mail address “%(email)s” already appears in line %(first)d.")
            % {"line": line, "email": email, "first": seen[email]}
        )
    elif email in lookups.existing_emails:
        errors.append(
            _("Line %(line)d: the e-mail address “%(email)s” is already in the directory.")
            % {"line": line, "email": email}
        )
    if email:
        seen.setdefault(email, line)

    group_value = cells[columns["group"]].strip()
    group = lookups.group(group_value) if group_value else None
    if group_value and group is None:
        errors.append(
            _(
                "Line %(line)d: the group “%(group)s” is not one of the process's stakeholder groups."
            )
            % {"line": line, "group": _shown(group_value)}
        )

    region_value = cells[columns["region"]].strip()
    region = lookups.region(region_value) if region_value else None
    if region_value and region is None:
        errors.append(
            _("Line %(line)d: the region “%(region)s” is not one of the process's regions.")
            % {"line": line, "region": _shown(region_value)}
        )

    if errors:
        return None, errors
    contact = " ".join(cells[columns["contact"]].split()) if "contact" in columns else ""
    return Row(
        line=line,
        name=name,
        email=email,
        stakeholder_group=group,
        region=region,
        contact_person=clean_optional_text(contact, max_length=CONTACT_MAX_LENGTH),
    ), []


def _shown(value: str, length: int = 80) -> str:
    """A value as the report quotes it: cut if it is long (a misplaced column can be)."""
    return value if len(value) <= length else value[: length - 1] + "…"


def is_valid_email(email: str) -> bool:
    """Django's check, and no longer than the database column."""
    if len(email) > EMAIL_MAX_LENGTH:
        return False
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


def parse(text: str, lookups: Lookups) -> ParseResult:
    """Checks every row of the file's text. Raises ``FileProblem`` when the file as a whole
    cannot be used (no header, a required column missing, no rows)."""
    if not text.strip():
        raise FileProblem(_("The file is empty."))
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    problems: list[dict] = []
    seen: dict[str, int] = {}  # e-mail address -> the line it first appeared on
    columns: dict[str, int] | None = None
    width = 0
    line_before = 0
    try:
        for cells in reader:
            line = line_before + 1  # the record's first line in the file
            line_before = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue  # an empty line, or one of only delimiters
            if columns is None:
                columns, twice = _columns(cells)
                missing = [column for column in REQUIRED if column not in columns]
                if missing:
                    raise FileProblem(_missing_columns_message(missing))
                if twice:
                    raise FileProblem(
                        _("The first line names a column twice: %(columns)s.")
                        % {"columns": ", ".join(f"“{heading}”" for heading in twice)}
                    )
                width = len(cells)
                continue
            row, errors = _check_row(line, cells, columns, width, lookups, seen)
            if row is not None:
                rows.append(row)
            else:
                problems.append({"line": line, "errors": errors})
    except csv.Error as exc:
        raise FileProblem(
            _(
                "The file cannot be read from line %(line)d on. Please check that it is saved as CSV."
            )
            % {"line": line_before + 1}
        ) from exc
    if not rows and not problems:
        raise FileProblem(_("The file has no rows below the first line."))
    return ParseResult(rows=rows, problems=problems, delimiter=delimiter)

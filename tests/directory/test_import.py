"""Importing a CSV file into the directory: encodings, delimiters, the report of bad rows,
importing the good rows once, and the cost of a file of 10,000 rows."""

import codecs

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mitwirken.directory import csvimport, services
from mitwirken.directory.models import DirectoryImport, Stakeholder

pytestmark = pytest.mark.django_db


def _check(organiser, process, text: str | bytes, filename="verteiler.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return services.check_import(actor=organiser, process=process, filename=filename, data=data)


def _apply(organiser, directory_import, good_rows_only=False) -> int:
    return services.apply_import(
        actor=organiser, directory_import=directory_import, good_rows_only=good_rows_only
    )


def _file_errors(excinfo) -> list[str]:
    return excinfo.value.message_dict["file"]


# Encodings and delimiters ---------------------------------------------------------------


def test_a_utf8_file_with_commas_and_english_headings(organiser, process, group, magdeburg):
    text = (
        "name,group,region,email,contact\r\n"
        "Migrantenverein Magdeburg,migrantenorganisationen,Magdeburg,Info@MV-Magdeburg.example,"
        "Amal Haddad\r\n"
        '"Diakonie Halle, Beratung",Wohlfahrtsverbände,15002,beratung@diakonie.example,\r\n'
        "Einzelperson Müller,,,mueller@example.org,\r\n"
    )
    directory_import = _check(organiser, process, text, filename="C:\\Users\\org\\liste.csv")
    assert directory_import.encoding == "utf-8"
    assert directory_import.filename == "liste.csv"
    assert (directory_import.total_rows, directory_import.good_rows) == (3, 3)
    assert directory_import.report == []
    assert not Stakeholder.objects.exists()  # checked only

    assert _apply(organiser, directory_import) == 3
    first = Stakeholder.objects.get(email="info@mv-magdeburg.example")
    assert first.name == "Migrantenverein Magdeburg" and first.contact_person == "Amal Haddad"
    assert first.stakeholder_group == group and first.region == magdeburg
    second = Stakeholder.objects.get(email="beratung@diakonie.example")
    assert second.name == "Diakonie Halle, Beratung"
    assert second.stakeholder_group.slug == "wohlfahrtsverbaende"  # by its name
    assert second.region.name == "Halle (Saale)"  # by its official key
    third = Stakeholder.objects.get(email="mueller@example.org")
    assert third.stakeholder_group is None and third.region is None


def test_a_utf8_file_with_a_byte_order_mark_and_german_headings(organiser, process):
    text = (
        "Organisation;Akteursgruppe;Landkreis;E-Mail;Ansprechperson\n"
        "Verein für Integration Magdeburg e.V.;Vereine;magdeburg;info@vfi.example;Frau Yılmaz\n"
    )
    directory_import = _check(organiser, process, codecs.BOM_UTF8 + text.encode("utf-8"))
    assert directory_import.encoding == "utf-8-sig"
    assert directory_import.good_rows == 1 and directory_import.report == []
    _apply(organiser, directory_import)
    stakeholder = Stakeholder.objects.get()
    assert stakeholder.name == "Verein für Integration Magdeburg e.V."
    assert stakeholder.contact_person == "Frau Yılmaz"


def test_a_windows_1252_file_with_semicolons_and_umlauts(organiser, process):
    text = (
        "Name;Gruppe;Region;E-Mail;Ansprechperson\r\n"
        "Verein für Integration Magdeburg e.V.;Vereine;Magdeburg;info@vfi.example;Jörg Weiß\r\n"
        "Arbeiterwohlfahrt Börde;Wohlfahrtsverbände;Börde;awo@boerde.example;\r\n"
    )
    directory_import = _check(organiser, process, text.encode("cp1252"))
    assert directory_import.encoding == "windows-1252"
    assert directory_import.good_rows == 2 and directory_import.report == []
    assert _apply(organiser, directory_import) == 2
    names = set(Stakeholder.objects.values_list("name", "contact_person", "region__name"))
    assert names == {
        ("Verein für Integration Magdeburg e.V.", "Jörg Weiß", "Magdeburg"),
        ("Arbeiterwohlfahrt Börde", "", "Börde"),
    }


def test_a_tab_separated_file(organiser, process):
    text = "name\tgroup\tregion\temail\nCaritas Harz\tvereine\tHarz\tcaritas@harz.example\n"
    directory_import = _check(organiser, process, text)
    assert directory_import.good_rows == 1 and directory_import.report == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name;group;region;email\nVerein Halle, e.V.;vereine;Halle (Saale);a@b.example\n", ";"),
        ("name,group,region,email\nVerein Halle; e.V.,vereine,,a@b.example\n", ","),
        ("name\tgroup\tregion\temail\nVerein\t\t\ta@b.example\n", "\t"),
        ("Name;Gruppe;Region;E-Mail\n", ";"),  # the header alone: by its count
    ],
)
def test_the_delimiter_is_detected(text, expected):
    assert csvimport.detect_delimiter(text) == expected


# The report ---------------------------------------------------------------------------------


BAD_FILE = "\n".join(
    [
        "name;group;region;email",  # 1
        "Verein Eins;vereine;Magdeburg;eins@verein.example",  # 2 good
        ";vereine;Magdeburg;ohne-name@verein.example",  # 3 no name
        "Verein Drei;vereine;Magdeburg;x@",  # 4 bad address
        "Verein Vier;Sportvereine;Magdeburg;vier@verein.example",  # 5 unknown group
        "Verein Fünf;vereine;Gotham City;fuenf@verein.example",  # 6 unknown region
        "Verein Sechs;vereine;Magdeburg;EINS@verein.example",  # 7 repeats line 2
        "Verein Sieben;vereine;Magdeburg;schon@da.example",  # 8 already in the directory
        "Verein Acht;vereine;Magdeburg;acht@verein.example;Herr X;noch was",  # 9 too many
        "Verein Neun;vereine",  # 10 too few
        "",  # 11 empty: skipped
        ";;;",  # 12 only delimiters: skipped
        '"Verein Dreizehn',  # 13 a quoted name over two lines ...
        'mit Zeilenumbruch";vereine;15003;dreizehn@verein.example',  # 14 ... good
        "Verein Fünfzehn;;;fuenfzehn@verein.example",  # 15 good, no group and region
        ";Unbekannt;Nirgendwo;kaputt",  # 16 four reasons
        "",
    ]
)


def test_every_bad_row_is_reported_with_its_line_and_reasons(
    organiser, process, make_stakeholder, english
):
    make_stakeholder(email="schon@da.example")
    directory_import = _check(organiser, process, BAD_FILE)
    assert directory_import.total_rows == 12
    assert directory_import.good_rows == 3
    assert directory_import.bad_rows == 9
    report = {row["line"]: row["errors"] for row in directory_import.report}
    assert report == {
        3: ["Line 3: the name of the organisation is missing."],
        4: ["Line 4: the e-mail address “x@” is not valid."],
        5: ["Line 5: the group “Sportvereine” is not one of the process's stakeholder groups."],
        6: ["Line 6: the region “Gotham City” is not one of the process's regions."],
        7: ["Line 7: the e-mail address “eins@verein.example” already appears in line 2."],
        8: ["Line 8: the e-mail address “schon@da.example” is already in the directory."],
        9: ["Line 9: it has 6 columns, but the first line has 4."],
        10: ["Line 10: it has 2 columns, but the first line has 4."],
        16: [
            "Line 16: the name of the organisation is missing.",
            "Line 16: the e-mail address “kaputt” is not valid.",
            "Line 16: the group “Unbekannt” is not one of the process's stakeholder groups.",
            "Line 16: the region “Nirgendwo” is not one of the process's regions.",
        ],
    }
    assert Stakeholder.objects.count() == 1  # nothing imported by the check

    with pytest.raises(ValidationError) as excinfo:
        _apply(organiser, directory_import, good_rows_only=False)
    assert "9 of the 12 rows cannot be imported" in _file_errors(excinfo)[0]
    assert Stakeholder.objects.count() == 1  # nothing imported: the file has bad rows

    assert _apply(organiser, directory_import, good_rows_only=True) == 3
    imported = set(Stakeholder.objects.exclude(email="schon@da.example").values_list("name"))
    assert imported == {
        ("Verein Eins",),
        ("Verein Dreizehn mit Zeilenumbruch",),
        ("Verein Fünfzehn",),
    }
    directory_import.refresh_from_db()
    assert directory_import.imported == 3 and directory_import.applied_at is not None
    assert directory_import.content == ""  # the file's text is not kept once imported


def test_a_second_press_imports_nothing_more(organiser, process):
    directory_import = _check(organiser, process, BAD_FILE)
    assert _apply(organiser, directory_import, good_rows_only=True) == 4
    again = DirectoryImport.objects.get(pk=directory_import.pk)  # a second request
    assert _apply(organiser, again, good_rows_only=True) == 4
    assert _apply(organiser, again, good_rows_only=False) == 4
    assert Stakeholder.objects.count() == 4


def test_the_rows_are_checked_again_when_imported(organiser, process, make_stakeholder):
    """An address added to the directory between the check and the import is skipped."""
    directory_import = _check(
        organiser,
        process,
        "name;group;region;email\nA;;;a@x.example\nB;;;b@x.example\n",
    )
    assert directory_import.good_rows == 2
    make_stakeholder(email="B@x.example")
    with pytest.raises(ValidationError):
        _apply(organiser, directory_import, good_rows_only=False)
    directory_import.refresh_from_db()  # the report says so now: the page offers the good rows
    assert directory_import.good_rows == 1 and directory_import.applied_at is None
    assert [row["line"] for row in directory_import.report] == [3]
    assert _apply(organiser, directory_import, good_rows_only=True) == 1
    assert Stakeholder.objects.filter(process=process).count() == 2


def test_a_missing_column_is_one_error_for_the_whole_file(organiser, process, english):
    with pytest.raises(ValidationError) as excinfo:
        _check(organiser, process, "Organisation;Landkreis;E-Mail\nVerein;Harz;a@b.example\n")
    (message,) = _file_errors(excinfo)
    assert message.startswith("The first line of the file must name the columns.")
    assert "Missing: group (or “Akteursgruppe”)." in message
    assert not DirectoryImport.objects.exists()


@pytest.mark.parametrize(
    ("data", "start"),
    [
        (b"", "The file is empty."),
        (b"name;group;region;email\r\n\r\n", "The file has no rows below the first line."),
        (b"PK\x03\x04\x00\x00binary spreadsheet", "The file cannot be read."),
        (b"name;group\n\x81\x8d\x8f", "The file cannot be read."),  # neither UTF-8 nor 1252
        (b"name;email;group;group\nA;a@b.example;;\n", "The first line of the file must"),
        (b"name;email;group;region;E-Mail\nA;a@b.example;;;\n", "The first line names a column"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused(organiser, process, english, data, start):
    with pytest.raises(ValidationError) as excinfo:
        _check(organiser, process, data)
    assert _file_errors(excinfo)[0].startswith(start)
    assert not DirectoryImport.objects.exists()


def test_a_file_over_5_mb_is_refused(organiser, process, english):
    with pytest.raises(ValidationError) as excinfo:
        _check(organiser, process, b"a" * (csvimport.MAX_BYTES + 1))
    assert _file_errors(excinfo) == [
        "The file is larger than 5 MB. Please split it into smaller files."
    ]


def test_groups_and_regions_are_those_of_the_process(organiser, process, english):
    process.regions.clear()
    directory_import = _check(
        organiser, process, "name;group;region;email\nVerein;vereine;Magdeburg;a@b.example\n"
    )
    assert directory_import.report == [
        {
            "line": 2,
            "errors": ["Line 2: the region “Magdeburg” is not one of the process's regions."],
        }
    ]


# Size ---------------------------------------------------------------------------------------


def _big_file(rows: int) -> bytes:
    lines = ["Organisation;Akteursgruppe;Landkreis;E-Mail;Ansprechperson"]
    regions = ["Magdeburg", "15002", "Börde", "Harz", "Saalekreis"]
    groups = ["vereine", "Wohlfahrtsverbände", "migrantenorganisationen", ""]
    for n in range(rows):
        lines.append(
            f"Verein für Integration Nr. {n} e.V.;{groups[n % 4]};{regions[n % 5]};"
            f"kontakt{n}@verein-{n}.example;Person {n}"
        )
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def test_10000_rows_cost_a_constant_number_of_queries(
    organiser, process, make_stakeholder, django_assert_max_num_queries
):
    make_stakeholder(email="kontakt7@verein-7.example")
    services.check_import(actor=organiser, process=process, filename="a.csv", data=_big_file(1))
    with CaptureQueriesContext(connection) as small:  # the organiser's roles are known now
        services.check_import(
            actor=organiser, process=process, filename="a.csv", data=_big_file(10)
        )
    data = _big_file(10_000)
    with django_assert_max_num_queries(8), CaptureQueriesContext(connection) as big:
        directory_import = services.check_import(
            actor=organiser, process=process, filename="b.csv", data=data
        )
    assert len(big) == len(small)
    assert directory_import.total_rows == 10_000 and directory_import.good_rows == 9_999
    assert directory_import.report[0]["line"] == 9  # kontakt7, already in the directory

    with CaptureQueriesContext(connection) as applying:
        assert _apply(organiser, directory_import, good_rows_only=True) == 9_999
    inserts = [q for q in applying if q["sql"].startswith('INSERT INTO "directory_stakeholder"')]
    assert len(applying) - len(inserts) <= 10  # the lock, the lookups, the save
    # In batches of 1,000 (SQLite takes fewer values per statement: 999 in all).
    assert len(inserts) <= 9_999 * 8 // 999 + 1
    assert Stakeholder.objects.filter(process=process).count() == 10_000

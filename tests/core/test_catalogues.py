"""Every UI language's catalogue is complete: no untranslated or fuzzy entry, every
placeholder and HTML tag of the English kept, every plural form filled. A string added
to the code without its translations fails here (run `make messages`, then translate)."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
SOURCE_LANGUAGE = "en"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}|<[^>]+>")


def _catalogue(code: str) -> polib.POFile:
    path = LOCALE / code / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"no catalogue for {code}: {path}"
    return polib.pofile(str(path))


def _parts(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize(
    "code", [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]
)
def test_the_catalogue_is_complete_and_keeps_the_placeholders(code):
    catalogue = _catalogue(code)
    problems = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        name = f"{entry.msgctxt + ': ' if entry.msgctxt else ''}{entry.msgid[:60]!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {name}")
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(i, "") for i in range(len(entry.msgstr_plural))]
            wanted = int(re.search(r"nplurals=(\d+)", catalogue.metadata["Plural-Forms"]).group(1))
            if len(forms) < wanted or not all(forms):
                problems.append(f"plural forms missing: {name}")
            # a form may leave out the number (Arabic's "one"), never add or change one
            allowed = set(_parts(entry.msgid) + _parts(entry.msgid_plural))
            for form in forms:
                if not set(_parts(form)) <= allowed:
                    problems.append(f"placeholders differ: {name} -> {form[:60]!r}")
        elif not entry.msgstr:
            problems.append(f"untranslated: {name}")
        elif _parts(entry.msgstr) != _parts(entry.msgid):
            problems.append(f"placeholders differ: {name} -> {entry.msgstr[:60]!r}")
    assert not problems, f"{code}: {len(problems)} problems\n" + "\n".join(problems[:40])


@pytest.mark.parametrize(
    "code", [code for code, _name in settings.LANGUAGES if code not in ("de", "en")]
)
def test_drafted_catalogues_say_they_await_review(code):
    header = (LOCALE / code / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")[:400]
    assert "awaiting review by a native speaker" in header

"""A crawl from /<lang>/ in every interface language, on a phone: the process, the needs
list and a need page, each with the right `lang` and `dir`, zero axe-core violations, and
no German interface text outside content marked with its own language."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from .test_user_stories import demo  # noqa: F401 - the demo fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LOCALE = Path(settings.BASE_DIR) / "locale"
RTL = {"ar", "fa"}

# The page's text outside elements marked with another language than the page's.
OWN_TEXT = """
() => {
  const lang = document.documentElement.lang;
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll('[lang]').forEach(e => { if (e.lang !== lang) e.remove(); });
  copy.querySelectorAll('script, style').forEach(e => e.remove());
  return copy.innerText;
}
"""


def _german_only(code: str) -> set[str]:
    """German interface sentences that the other catalogue does not share (long enough
    to be sure they are German text, not a name like "Workshop")."""
    german = polib.pofile(str(LOCALE / "de" / "LC_MESSAGES" / "django.po"))
    other = polib.pofile(str(LOCALE / code / "LC_MESSAGES" / "django.po")) if code != "en" else None
    theirs = {e.msgstr for e in other} if other else set()
    found = set()
    for entry in german:
        text = entry.msgstr
        if (
            not text
            or "%" in text
            or "{" in text
            or "<" in text
            or len(text) < 18
            or " " not in text
        ):
            continue
        if text != entry.msgid and text not in theirs:
            found.add(text)
    return found


@pytest.mark.parametrize("code", [c for c, _n in settings.LANGUAGES if c != "de"])
def test_crawl_in_every_language(visitor_factory, demo, code):  # noqa: F811
    visitor = visitor_factory(locale="de-DE")
    page = visitor.page
    page.set_viewport_size({"width": 390, "height": 844})
    german = _german_only(code)
    leaks = {}

    def check() -> None:
        assert page.evaluate("document.documentElement.lang") == code
        assert page.evaluate("document.documentElement.dir") == ("rtl" if code in RTL else "ltr")
        text = page.evaluate(OWN_TEXT)
        found = sorted(s for s in german if s in text)
        if found:
            leaks[visitor.path()] = found

    visitor.goto(f"/{code}/")
    check()
    visitor.follow(page.locator(f'main a[href="/{code}/processes/{demo.slug}/"]').first)
    check()
    visitor.follow(page.locator(f'main a[href^="/{code}/processes/{demo.slug}/needs/"]').first)
    check()
    need_link = page.locator(f'main a[href*="/{code}/processes/{demo.slug}/needs/"]').filter(
        has_text=re.compile(r"\w")
    )
    visitor.goto(
        next(
            href
            for href in need_link.evaluate_all("els => els.map(e => e.getAttribute('href'))")
            if re.search(r"/needs/\d+/$", href)
        )
    )
    check()
    assert not leaks, leaks

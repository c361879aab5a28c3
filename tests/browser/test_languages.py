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


@pytest.mark.parametrize("code", [c for c, _n in settings.LANGUAGES])
def test_the_participants_story_on_a_phone_in_every_language(visitor_factory, demo, code):  # noqa: F811
    """Browse, filter, sign up, verify, submit, comment, support, my needs: every page in
    the language, laid out in its direction, axe-clean, without German interface text."""
    from django.core import mail

    from mitwirken.contributions.models import Need
    from mitwirken.participation.models import Comment, Support

    from .test_user_stories import PASSWORD, login

    prefix = "" if code == "de" else f"/{code}"
    visitor = visitor_factory(locale="de-DE")
    page = visitor.page
    page.set_viewport_size({"width": 390, "height": 844})
    german = set() if code == "de" else _german_only(code)
    leaks = {}

    def check() -> None:
        assert page.evaluate("document.documentElement.lang") == code, visitor.path()
        assert page.evaluate("document.documentElement.dir") == ("rtl" if code in RTL else "ltr")
        found = sorted(s for s in german if s in page.evaluate(OWN_TEXT))
        if found:
            leaks[visitor.path()] = found

    visitor.goto(f"{prefix}/processes/{demo.slug}/needs/")
    check()
    if page.locator("details.filters-fold").get_attribute("open") is None:
        page.locator("details.filters-fold > summary").click()
    page.select_option("#id_field", "sprache")
    visitor.follow(page.locator("form.filters button[type=submit]"))
    check()

    visitor.goto(f"{prefix}/accounts/signup/")
    check()
    page.fill("#id_email", f"neu-{code}@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.fill("#id_display_name", f"Nachbarin {code}")
    page.check("#id_privacy_consent")
    visitor.follow(page.locator("form.stack button[type=submit]"))
    check()
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", mail.outbox[-1].body).group(
        0
    )
    assert f"{prefix}/accounts/confirm-email/" in link  # the mail's link keeps the language
    visitor.goto(re.sub(r"^https?://[^/]+", "", link))
    check()
    visitor.follow(page.locator("main form button[type=submit]"))
    visitor.goto(f"{prefix}/processes/{demo.slug}/needs/new/")
    if "/accounts/login/" in page.url:
        login(visitor, f"neu-{code}@example.org", prefix)
        visitor.goto(f"{prefix}/processes/{demo.slug}/needs/new/")
    check()
    page.fill("#id_title", f"Sprachcafé ({code})")
    page.fill("#id_text", "In den Dörfern gibt es keine Gelegenheit, Deutsch zu üben.")
    page.select_option("#id_field_of_action", "sprache")
    visitor.follow(page.locator("main form button[type=submit]"))
    check()
    need = Need.objects.get(title=f"Sprachcafé ({code})")

    other = Need.objects.exclude(pk=need.pk).filter(process=demo).first()
    visitor.goto(f"{prefix}{other.get_absolute_url()}")
    page.fill("#id_text", "Das kenne ich genauso.")
    visitor.follow(page.locator("form:has(#id_text) button[type=submit]"))
    check()
    assert Comment.objects.filter(need=other, author=need.author).count() == 1
    visitor.follow(page.locator('form[action$="/support/"] button[type=submit]'))
    check()
    assert Support.objects.filter(need=other, user=need.author).exists()
    visitor.goto(f"{prefix}/account/needs/")
    check()
    assert page.get_by_text(f"Sprachcafé ({code})").is_visible()
    assert not leaks, leaks

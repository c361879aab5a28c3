"""On a phone (390 × 844): the needs list shows its results first (the filters fold away),
a long paste is counted and reported instead of cut, and after a failed post the focus is
on the error summary."""

import pytest

from mitwirken.contributions.models import Need

from .test_user_stories import demo, login  # noqa: F401 - the demo fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_phone_results_first_counted_text_and_focus_on_errors(visitor_factory, demo, alice):  # noqa: F811
    visitor = visitor_factory()
    page = visitor.page
    page.set_viewport_size({"width": 390, "height": 844})
    visitor.goto(f"/processes/{demo.slug}/needs/")
    assert page.locator("details.filters-fold").get_attribute("open") is None
    assert page.locator("#results-heading").is_visible()
    assert page.locator("#results-heading").bounding_box()["y"] < 844  # on the first screen

    login(visitor, alice.email)
    visitor.goto(f"/processes/{demo.slug}/needs/new/")
    assert page.locator("#id_title").get_attribute("maxlength") is None
    long_title = "Sprachkurse am Abend " * 8  # 168 characters, the limit is 120
    page.locator("#id_title").fill(long_title)
    count = page.locator("#id_title_count")
    assert "zu viel" in count.inner_text() and count.get_attribute("class").endswith("--over")
    assert page.input_value("#id_title") == long_title  # nothing cut
    page.fill("#id_text", "Viele arbeiten tagsüber.")
    page.select_option("#id_field_of_action", "sprache")
    visitor.follow(page.locator("main form button[type=submit]"))
    assert page.evaluate("document.activeElement.id") == "form-errors"
    assert page.input_value("#id_title").strip() == long_title.strip()  # kept, not cut
    assert not Need.objects.filter(author=alice).exists()

"""The anonymous page cache (versions and bounded staleness), the fragment memo and the
Python-rendered select widget."""

import time

import pytest
from django import forms
from django.core.cache import cache
from django.test.html import parse_html

from mitwirken.core import fragments, pagecache
from mitwirken.core.widgets import Select

pytestmark = pytest.mark.django_db  # on-commit callbacks need a transaction

SCOPE = (pagecache.PROCESS, 7)
OTHER = (pagecache.PROCESS, 8)


def lookup(**kwargs):
    return pagecache.lookup("page", "de?", scopes=[SCOPE], activity=[SCOPE], **kwargs)


class TestPageCache:
    def test_miss_then_hit_with_the_same_etag(self):
        entry = lookup()
        assert not entry.hit
        entry.store(b"<html>1</html>")
        again = lookup()
        assert again.hit and again.value == b"<html>1</html>" and again.etag == entry.etag

    def test_a_change_invalidates_at_once_and_only_its_scope(
        self, django_capture_on_commit_callbacks
    ):
        lookup().store(b"old")
        other = pagecache.lookup("page", "de?", scopes=[OTHER])
        other.store(b"other")
        with django_capture_on_commit_callbacks(execute=True):
            pagecache.changed(SCOPE)
        assert not lookup().hit
        assert pagecache.lookup("page", "de?", scopes=[OTHER]).value == b"other"

    def test_nothing_changes_before_the_commit(self, django_capture_on_commit_callbacks):
        lookup().store(b"old")
        with django_capture_on_commit_callbacks(execute=False):  # rolled back, in effect
            pagecache.changed(SCOPE)
        assert lookup().value == b"old"

    def test_activity_is_served_until_the_maximum_age(
        self, settings, monkeypatch, django_capture_on_commit_callbacks
    ):
        settings.MITWIRKEN_COUNTS_MAX_AGE = 30
        now = [1_000_000.0]
        monkeypatch.setattr(time, "time", lambda: now[0])
        lookup().store(b"counts as of t0")
        now[0] += 5
        with django_capture_on_commit_callbacks(execute=True):
            pagecache.changed(SCOPE, counts_only=True)  # a support: counts changed
        now[0] += 10  # 15 s old: still served
        assert lookup().value == b"counts as of t0"
        now[0] += 20  # 35 s old and counts changed since: rebuilt
        entry = lookup()
        assert not entry.hit
        entry.store(b"counts as of t35")
        now[0] += 100  # no activity since it was built: served however old
        assert lookup().value == b"counts as of t35"

    def test_a_workers_copy_is_served_by_the_same_rule_as_the_shared_entry(
        self, settings, monkeypatch, django_capture_on_commit_callbacks
    ):
        settings.MITWIRKEN_COUNTS_MAX_AGE = 30
        now = [1_000_000.0]
        monkeypatch.setattr(time, "time", lambda: now[0])
        lookup().store(b"t0")
        reads = []
        real_get = cache.get
        monkeypatch.setattr(cache, "get", lambda *a, **k: reads.append(a[0]) or real_get(*a, **k))
        assert lookup().value == b"t0" and not [k for k in reads if k.startswith("entry:")]
        now[0] += 5
        with django_capture_on_commit_callbacks(execute=True):
            pagecache.changed(SCOPE, counts_only=True)
        now[0] += 30  # 35 s old, too old for the counts changed since: the copy is not served …
        key = lookup().key
        cache.set(key, (now[0], b"t35 by another worker"), 300)  # … the shared entry is
        assert lookup().value == b"t35 by another worker"
        reads.clear()
        assert lookup().value == b"t35 by another worker"  # and is now this worker's copy
        assert not [k for k in reads if k.startswith("entry:")]
        now[0] += 400  # past the page cache's timeout: neither copy is served
        assert not lookup(timeout=300).hit

    def test_a_workers_copy_is_weighed_by_its_html(self):
        assert pagecache._page_chars((0.0, b"<html>")) == 6
        assert pagecache._page_chars((0.0, ("<p>shell</p>", [1, 2]))) == 12  # list shell
        assert pagecache._page_chars((0.0, (7, "<p>need</p>"))) == 11  # need page, author
        assert pagecache._page_chars((0.0, 42)) > pagecache.LOCAL_PAGE_MAX_CHARS  # no page

    def test_a_lost_version_never_revives_an_old_entry(self, django_capture_on_commit_callbacks):
        lookup().store(b"v-old")
        old_key = lookup().key
        with django_capture_on_commit_callbacks(execute=True):
            pagecache.changed(SCOPE)
        cache.delete("version:process:7")  # evicted, or Redis restarted
        time.sleep(0.002)
        assert lookup().key != old_key and not lookup().hit

    def test_timeout_zero_caches_nothing(self):
        entry = lookup(timeout=0)
        entry.store(b"x")
        assert entry.value == b"x" and not lookup(timeout=0).hit

    def test_get_or_build_builds_once(self):
        calls = []

        def build():
            calls.append(1)
            return 0  # a falsy value is a value too

        assert pagecache.get_or_build("n", "", build, scopes=[SCOPE]) == 0
        assert pagecache.get_or_build("n", "", build, scopes=[SCOPE]) == 0
        assert calls == [1]


class TestFragments:
    TEMPLATE = "web/_need_item.html"

    def item(self, **overrides):
        import datetime

        from django.utils import timezone

        item = {
            "url": "/processes/p/needs/1/",
            "title": "Sprachkurse",
            "field": "Sprache",
            "region": None,
            "group": None,
            "excerpt": "Text",
            "is_truncated": False,
            "author": "Alice",
            "created_at": timezone.make_aware(datetime.datetime(2019, 9, 12, 10, 0)),
            "supports": 1,
            "comments": 0,
            "supported": False,
            "status": "Eingegangen",
        }
        return {**item, **overrides}

    def test_same_values_come_from_the_cache(self, monkeypatch):
        first = fragments.render_each(self.TEMPLATE, [self.item()])
        rendered = []
        monkeypatch.setattr(
            "django.template.backends.django.Template.render",
            lambda *a, **k: rendered.append(1) or "",
        )
        second = fragments.render_each(self.TEMPLATE, [self.item()])
        assert second == first and rendered == []

    def test_a_fragment_rendered_elsewhere_is_read_once_then_kept(self, monkeypatch):
        first = fragments.render_each(self.TEMPLATE, [self.item()])
        fragments._local.clear()  # as in another worker: only the shared cache has it
        reads = []
        real = cache.get_many
        monkeypatch.setattr(cache, "get_many", lambda keys: reads.append(keys) or real(keys))
        assert fragments.render_each(self.TEMPLATE, [self.item()]) == first
        assert fragments.render_each(self.TEMPLATE, [self.item()]) == first
        assert len(reads) == 1  # the second time from the worker's copy

    def test_any_changed_value_renders_anew(self):
        (one,) = fragments.render_each(self.TEMPLATE, [self.item(supports=1)])
        (two,) = fragments.render_each(self.TEMPLATE, [self.item(supports=2)])
        assert "1 Unterstützung" in one and "2 Unterstützungen" in two

    def test_values_are_escaped(self):
        (html,) = fragments.render_each(self.TEMPLATE, [self.item(title="<script>x</script>")])
        assert "<script>" not in html and "&lt;script&gt;" in html


class TestSelect:
    class Form(forms.Form):
        choice = forms.ChoiceField(
            choices=[("", "Alle"), ("a", "A & B"), ("b", '"B"')], required=False, widget=Select
        )

    def test_marks_the_chosen_option_once_and_escapes(self):
        html = str(self.Form({"choice": "a"})["choice"])
        assert '<option value="a" selected>A &amp; B</option>' in html
        assert html.count("selected") == 1
        assert "&quot;B&quot;" in html
        assert 'name="choice"' in html and 'id="id_choice"' in html

    @pytest.mark.parametrize("value", ["", "a", "b", "unknown"])
    def test_same_markup_as_django(self, value):
        class Plain(forms.Form):
            choice = forms.ChoiceField(
                choices=self.Form.base_fields["choice"].choices, required=False
            )

        ours = str(self.Form({"choice": value})["choice"])
        django = str(Plain({"choice": value})["choice"])
        assert parse_html(ours) == parse_html(django)


@pytest.fixture(autouse=True)
def _german(settings):
    from django.utils import translation

    translation.activate("de")


def test_two_scopes_with_the_same_version_never_share_an_entry():
    cache.set("version:process:7", 42)
    cache.set("version:process:8", 42)
    pagecache.lookup("page", "de?", scopes=[SCOPE]).store(b"seven")
    assert not pagecache.lookup("page", "de?", scopes=[OTHER]).hit


class TestDeclaredScopes:
    """A model names its scopes once (``cache_scopes``); ``changed(obj)`` uses them."""

    def test_changed_bumps_every_declared_scope_after_commit(
        self, django_capture_on_commit_callbacks
    ):
        class Thing:
            def cache_scopes(self):
                return [SCOPE, OTHER]

        before = [pagecache.version(SCOPE), pagecache.version(OTHER)]
        with django_capture_on_commit_callbacks(execute=True):
            pagecache.changed(Thing())
        after = [pagecache.version(SCOPE), pagecache.version(OTHER)]
        assert all(a > b for a, b in zip(after, before, strict=True))

    def test_counts_only_stamps_the_counter_scopes_and_keeps_versions(
        self, django_capture_on_commit_callbacks
    ):
        class Counted:
            def cache_scopes(self, *, counts_only=False):
                return [SCOPE] if counts_only else [SCOPE, OTHER]

        versions = [pagecache.version(SCOPE), pagecache.version(OTHER)]
        with django_capture_on_commit_callbacks(execute=True):
            pagecache.changed(Counted(), counts_only=True)
        assert [pagecache.version(SCOPE), pagecache.version(OTHER)] == versions
        assert cache.get("activity:process:7") and not cache.get("activity:process:8")

    def test_the_models_pages_show_declare_their_scopes(self, process, field, alice):
        from mitwirken.contributions.models import FIELD_SLICE, Need
        from mitwirken.participation.models import Comment
        from mitwirken.processes.models import Phase, Region

        need = Need(pk=5, process=process, field_of_action=field, author=alice)
        assert set(need.cache_scopes()) >= {
            (pagecache.PROCESS, process.pk),
            (pagecache.NEED, 5),
            (FIELD_SLICE, field.pk),
        }
        assert need.cache_scopes(counts_only=True) == [
            (pagecache.PROCESS, process.pk),
            (pagecache.NEED, 5),
        ]
        assert Comment(need=need).cache_scopes() == [(pagecache.NEED, 5)]
        assert (pagecache.SETUP, process.pk) in Phase(process=process).cache_scopes()
        assert (pagecache.SETUP, process.pk) in process.cache_scopes()
        region = Region.objects.get(key="15003")  # offered by the process
        assert (pagecache.SETUP, process.pk) in region.cache_scopes()

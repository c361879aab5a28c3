"""Querysets compiled once (core/compiled.py) read the same instances as the ORM."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mitwirken.contributions.models import Need
from mitwirken.core.compiled import Compiled
from mitwirken.participation import selectors as participation_selectors
from mitwirken.participation.models import Comment
from tests.factories import CommentFactory, NeedFactory, UserFactory

pytestmark = pytest.mark.django_db

FIELDS = ["id", "title", "text", "created_at", "status", "support_count", "author_id"]


def _same(ours, orms):
    assert [[getattr(o, f) for f in FIELDS] for o in ours] == [
        [getattr(o, f) for f in FIELDS] for o in orms
    ]


def test_a_compiled_query_reads_what_the_orm_reads_with_its_related_rows():
    need = NeedFactory(author=UserFactory(display_name="Amal"))
    NeedFactory(process=need.process)  # another need of the process is not read
    query = Compiled(
        lambda process_id, pk: Need.objects.select_related("author").filter(
            process_id=process_id, pk=pk
        ),
        arity=2,
    )
    for _ in range(2):  # compiled on the first call, reused on the second
        found = query(need.process_id, need.pk)
        _same(found, Need.objects.filter(pk=need.pk))
        assert found[0].created_at.tzinfo is not None  # the ORM's converters ran (SQLite)
        with CaptureQueriesContext(connection) as queries:
            assert found[0].author.display_name == "Amal"  # joined, no further query
        assert len(queries) == 0
        assert found[0]._state.adding is False and found[0]._state.db == "default"
    assert query(need.process_id + 1000, need.pk) == []  # the values are substituted


def test_comments_come_in_order_with_their_authors_and_their_need():
    need = NeedFactory()
    later = CommentFactory(need=need, author=UserFactory(display_name="Bo"))
    earlier = CommentFactory(need=need)
    Comment.objects.filter(pk=earlier.pk).update(created_at=later.created_at.replace(year=2019))
    CommentFactory()  # a comment on another need
    comments = participation_selectors.comments_for(need)
    assert [c.pk for c in comments] == [earlier.pk, later.pk]
    with CaptureQueriesContext(connection) as queries:
        assert comments[1].author.display_name == "Bo" and comments[1].need is need
    assert len(queries) == 0


def test_a_shape_it_cannot_substitute_falls_back_to_the_orm():
    need = NeedFactory(support_count=3)
    # a value computed from an argument would be frozen at its first value: refused
    derived = Compiled(lambda a: Need.objects.filter(support_count__lt=a + 10), arity=1)
    assert derived._compile("default") is None
    assert derived(-10) == [] and [n.pk for n in derived(0)] == [need.pk]
    # the same value twice among the parameters: no single position to substitute
    twice = Compiled(lambda a: Need.objects.filter(pk=a) | Need.objects.filter(pk=a), arity=1)
    assert twice._compile("default") is None
    _same(twice(need.pk), [need])
    # a related manager's queryset carries the known need: the ORM builds it
    related = Compiled(lambda a: Need.objects.get(pk=need.pk).comments.filter(pk=a), arity=1)
    assert related._compile("default") is None
    # a plain one compiles
    plain = Compiled(lambda a: Need.objects.filter(pk=a), arity=1)
    assert plain._compile("default") is not None
    _same(plain(need.pk), [need])


def test_an_id_beyond_64_bits_finds_nothing_instead_of_failing(client, process):
    """The address pattern takes any number of digits; the database driver refuses what
    does not fit into 64 bits, the ORM answers "nothing"."""
    assert selectors_get_need_missing(process, 10**20)
    response = client.get(f"/processes/{process.slug}/needs/{10**20}/")
    assert response.status_code == 404


def selectors_get_need_missing(process, pk) -> bool:
    from django.http import Http404

    from mitwirken.contributions.selectors import get_need

    try:
        get_need(process, pk)
    except Http404:
        return True
    return False

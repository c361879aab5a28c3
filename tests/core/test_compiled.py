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
    # the same value twice among the parameters: no single position to substitute
    query = Compiled(lambda a: Need.objects.filter(pk=a, support_count__lt=a + 10**13), arity=1)
    assert query._compile("default") is not None
    twice = Compiled(lambda a: Need.objects.filter(pk=a) | Need.objects.filter(pk=a), arity=1)
    assert twice._compile("default") is None
    _same(twice(need.pk), [need])

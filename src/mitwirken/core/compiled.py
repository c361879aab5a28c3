"""Querysets compiled to SQL once per worker, for the hot reads of the render path.

Compiling a queryset (joins, columns, quoting) took PostgreSQL-bound pages about as long
as running it: a need's page spent more time in the ORM's compiler than in the database.
``Compiled`` builds the queryset once with marker values, keeps its SQL and the compiler
(which knows the columns, the related models and the value converters), and then only
substitutes the values and turns the rows into model instances the way the ORM does
(``ModelIterable``). Where the compiled shape is not the expected one (a marker that does
not appear exactly once among the parameters) it falls back to running the queryset.
"""

from collections.abc import Callable
from threading import Lock

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators

_MARK_BASE = -(10**12) - 7  # no row has such ids


class Compiled:
    """``Compiled(lambda a, b: Model.objects.filter(x=a, y=b))(1, 2)`` is the list of the
    queryset's model instances. The values must be integers (they are ids)."""

    def __init__(self, build: Callable[..., QuerySet], arity: int):
        self.build = build
        self.arity = arity
        self._compiled: dict[tuple[str, str], tuple | None] = {}
        self._lock = Lock()

    def _compile(self, using: str) -> tuple | None:
        marks = [_MARK_BASE - i for i in range(self.arity)]
        queryset = self.build(*marks)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        params = list(params)
        positions = []
        for mark in marks:
            found = [index for index, value in enumerate(params) if value == mark]
            if len(found) != 1:
                return None
            positions.append(found[0])
        if queryset._known_related_objects or compiler.klass_info is None:
            return None  # a related manager's queryset: build it with the ORM
        return sql, params, positions, _Reader(compiler, using)

    def __call__(self, *values: int, using: str = "default") -> list:
        connection = connections[using]
        key = (using, connection.settings_dict["ENGINE"])
        if key not in self._compiled:
            with self._lock:
                if key not in self._compiled:
                    self._compiled[key] = self._compile(using)
        compiled = self._compiled[key]
        if compiled is None:
            return list(self.build(*values))
        sql, params, positions, reader = compiled
        params = list(params)
        for position, value in zip(positions, values, strict=True):
            params[position] = int(value)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return reader.instances(rows)


class _Reader:
    """Turns rows into model instances as Django's ModelIterable does (no known related
    objects: ``_compile`` refuses querysets that have them), with what does not depend on
    the rows (converters, column lists, related populators) worked out once."""

    def __init__(self, compiler, db: str):
        select, klass_info = compiler.select, compiler.klass_info
        self.db = db
        self.compiler = compiler
        self.converters = compiler.get_converters([column[0] for column in select])
        self.annotations = compiler.annotation_col_map
        self.model = klass_info["model"]
        select_fields = klass_info["select_fields"]
        self.start, self.end = select_fields[0], select_fields[-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        self.related = get_related_populators(klass_info, select, db)

    def instances(self, rows) -> list:
        if self.converters:  # the backends' converters read settings only, no connection
            rows = self.compiler.apply_converters(rows, self.converters)
        found = []
        for row in rows:
            obj = self.model.from_db(self.db, self.init_list, row[self.start : self.end])
            for populator in self.related:
                populator.populate(row, obj)
            for attr_name, position in (self.annotations or {}).items():
                setattr(obj, attr_name, row[position])
            found.append(obj)
        return found

"""Querysets compiled to SQL once per worker, for the hot reads of the render path.

Compiling a queryset (joins, columns, quoting) took PostgreSQL-bound pages about as long
as running it: a need's page spent more time in the ORM's compiler than in the database.
``Compiled`` builds the queryset with marker values, keeps its SQL and the compiler
(which knows the columns, the related models and the value converters), and then only
substitutes the values and turns the rows into model instances the way the ORM does
(``ModelIterable``). It compiles twice, with two sets of markers, and keeps the SQL only
when the two differ in the markers' parameters and nowhere else — a value the queryset
computes from an argument (``a + 1``, a branch on ``a``) is refused, not frozen. Refused
shapes, and values outside the 64-bit range, run through the ORM as before. The database
alias is the one given (``default``): the project has no database routers.
"""

from collections.abc import Callable
from threading import Lock

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators

# Two sets of markers, within a 32-bit integer column's range; no row has such ids.
_MARKS = (-2_000_000_000, -2_000_001_000)
_INT64 = range(-(2**63), 2**63)


class Compiled:
    """``Compiled(lambda a, b: Model.objects.filter(x=a, y=b), arity=2)(1, 2)`` is the list
    of the queryset's model instances. The values are integers (ids)."""

    def __init__(self, build: Callable[..., QuerySet], arity: int):
        self.build = build
        self.arity = arity
        self._compiled: dict[tuple[str, str], tuple | None] = {}
        self._lock = Lock()

    def _sql(self, using: str, base: int):
        marks = [base - i for i in range(self.arity)]
        queryset = self.build(*marks)
        if queryset._known_related_objects:
            return None  # a related manager's queryset: build it with the ORM
        compiler = queryset.query.get_compiler(using=using)
        try:
            sql, params = compiler.as_sql()
        except (EmptyResultSet, FullResultSet):
            return None
        positions = []
        for mark in marks:
            found = [index for index, value in enumerate(params) if value == mark]
            if len(found) != 1:
                return None
            positions.append(found[0])
        return sql, list(params), positions, compiler

    def _compile(self, using: str) -> tuple | None:
        first, second = self._sql(using, _MARKS[0]), self._sql(using, _MARKS[1])
        if first is None or second is None or first[0] != second[0] or first[2] != second[2]:
            return None
        sql, params, positions, compiler = first
        others = [value for i, value in enumerate(params) if i not in positions]
        if others != [value for i, value in enumerate(second[1]) if i not in positions]:
            return None  # a parameter follows the arguments: it cannot be kept
        if compiler.klass_info is None:
            return None
        return sql, params, positions, _Reader(compiler, using)

    def __call__(self, *values: int, using: str = "default") -> list:
        connection = connections[using]
        key = (using, connection.settings_dict["ENGINE"])
        if key not in self._compiled:
            with self._lock:
                if key not in self._compiled:
                    self._compiled[key] = self._compile(using)
        compiled = self._compiled[key]
        values = tuple(int(value) for value in values)
        if compiled is None or any(value not in _INT64 for value in values):
            return list(self.build(*values))  # the ORM knows what a too-large id finds
        sql, params, positions, reader = compiled
        params = list(params)
        for position, value in zip(positions, values, strict=True):
            params[position] = value
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return reader.instances(rows, connection)


class _Reader:
    """Turns rows into model instances as Django's ModelIterable does (no known related
    objects: ``Compiled`` refuses querysets that have them), with what does not depend on
    the rows (converters, column lists, related populators) worked out once."""

    def __init__(self, compiler, db: str):
        select, klass_info = compiler.select, compiler.klass_info
        self.db = db
        self.converters = list(compiler.get_converters([column[0] for column in select]).items())
        self.annotations = compiler.annotation_col_map or {}
        self.model = klass_info["model"]
        select_fields = klass_info["select_fields"]
        self.start, self.end = select_fields[0], select_fields[-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        self.related = get_related_populators(klass_info, select, db)

    def instances(self, rows, connection) -> list:
        found = []
        for row in rows:
            if self.converters:  # as SQLCompiler.apply_converters, with this thread's connection
                # (the converter functions are the compiling connection's operations; those of
                # SQLite and PostgreSQL read only settings and the connection's time zone)
                row = list(row)
                for position, (converters, expression) in self.converters:
                    value = row[position]
                    for converter in converters:
                        value = converter(value, expression, connection)
                    row[position] = value
            obj = self.model.from_db(self.db, self.init_list, row[self.start : self.end])
            for populator in self.related:
                populator.populate(row, obj)
            for attr_name, position in self.annotations.items():
                setattr(obj, attr_name, row[position])
            found.append(obj)
        return found

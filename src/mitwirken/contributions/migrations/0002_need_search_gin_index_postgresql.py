"""A GIN index on the German full-text vector, on PostgreSQL only (SQLite searches with
LIKE and has no tsvector)."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS need_search_vector_gin "
            "ON contributions_need USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS need_search_vector_gin")


class Migration(migrations.Migration):
    dependencies = [("contributions", "0001_initial_needs")]

    operations = [migrations.RunPython(create_index, drop_index)]

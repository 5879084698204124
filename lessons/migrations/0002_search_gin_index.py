"""The GIN index over the generated search vector, on PostgreSQL only.

`Lesson.search_document` is a tsvector there (and plain text on SQLite, where a GIN index does not
exist), so the index is created by SQL for PostgreSQL and skipped on other databases. It is not in
`Lesson.Meta.indexes` for the same reason: Django would try to build it on SQLite too.
"""

from django.db import migrations

INDEX = "lesson_search_document_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON lessons_lesson USING gin (search_document)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("lessons", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]

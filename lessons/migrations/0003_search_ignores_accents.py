"""Lesson search ignores accents ("sénégal" finds "Senegal") on PostgreSQL.

The `unaccent` extension gives a text search dictionary that removes accents; the configuration
`english_unaccent` is English with that dictionary before the stemmer, and the generated search
vector is rebuilt with it (PostgreSQL cannot change a generated column's expression in place, so
the column is removed and added again, and its GIN index with it). Queries and highlights use the
same configuration (lessons/search.py). On SQLite the column is unchanged in substance and the
search removes accents at query time.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations, models

import lessons.search

CONFIG = "english_unaccent"
INDEX = "lesson_search_document_gin"


def create_configuration(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN
            CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = english);
            ALTER TEXT SEARCH CONFIGURATION {CONFIG}
              ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
          END IF;
        END $$;
        """
    )


def drop_configuration(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


def index_search_document(apps, schema_editor):
    """The GIN index over the new vector (the old one went with the column it indexed)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON lessons_lesson USING gin (search_document)"
        )


class Migration(migrations.Migration):
    dependencies = [("lessons", "0002_search_gin_index")]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(create_configuration, drop_configuration, elidable=False),
        migrations.RemoveField(model_name="lesson", name="search_document"),
        migrations.AddField(
            model_name="lesson",
            name="search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=lessons.search.LessonSearchDocument(config=CONFIG),
                output_field=lessons.search.SearchDocumentField(),
            ),
        ),
        migrations.RunPython(index_search_document, migrations.RunPython.noop, elidable=False),
    ]

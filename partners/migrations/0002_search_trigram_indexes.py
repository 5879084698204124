"""Trigram indexes that serve the partner directory's search, on PostgreSQL only.

`PartnerQuerySet.search()` matches name and description case-insensitively anywhere in the text
(`icontains`, which PostgreSQL runs as `UPPER(col) LIKE UPPER('%…%')`). A B-tree index cannot
serve a leading wildcard; a GIN trigram index over `UPPER(col)` can, so a search stays fast at
50,000 partners. SQLite has no trigram indexes, hence SQL run on PostgreSQL only (and not in
`Partner.Meta.indexes`, which Django would also try to build on SQLite).
"""

from django.db import migrations

INDEXES = {
    "partner_name_trgm": "name",
    "partner_description_trgm": "description",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON partners_partner "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]

"""The database side of "a deal's opco belongs to its operator and is in its country".

A CHECK constraint cannot look at another table, so the rule is a trigger on insert and update
(PostgreSQL and SQLite); Deal.clean() gives the same rule as a form message."""

from django.db import migrations

POSTGRES_FORWARD = """
CREATE FUNCTION deals_deal_opco_matches() RETURNS trigger AS $$
BEGIN
    IF NEW.opco_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM alliance_opco
        WHERE id = NEW.opco_id AND operator_id = NEW.operator_id AND country = NEW.country
    ) THEN
        RAISE EXCEPTION 'deal_opco_matches_operator_and_country' USING ERRCODE = '23514';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER deals_deal_opco_matches BEFORE INSERT OR UPDATE ON deals_deal
    FOR EACH ROW EXECUTE FUNCTION deals_deal_opco_matches();
"""
POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS deals_deal_opco_matches ON deals_deal;
DROP FUNCTION IF EXISTS deals_deal_opco_matches();
"""
SQLITE_CHECK = """
CREATE TRIGGER deals_deal_opco_matches_{event} BEFORE {event} ON deals_deal
WHEN NEW.opco_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM alliance_opco
    WHERE id = NEW.opco_id AND operator_id = NEW.operator_id AND country = NEW.country
)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: deal_opco_matches_operator_and_country');
END;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)
    elif schema_editor.connection.vendor == "sqlite":
        for event in ("INSERT", "UPDATE"):
            schema_editor.execute(SQLITE_CHECK.format(event=event))


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)
    elif schema_editor.connection.vendor == "sqlite":
        for event in ("INSERT", "UPDATE"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS deals_deal_opco_matches_{event}")


class Migration(migrations.Migration):
    dependencies = [("deals", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]

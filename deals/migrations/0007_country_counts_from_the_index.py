"""Deals by country and stage, with what `visible_to()` reads (visibility, operator) and the id a
paginator counts: the country page's counts by stage and its paginator's count come from the
index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("deals", "0006_conflicts_and_board_indexes")]

    operations = [
        migrations.AddIndex(
            model_name="deal",
            index=models.Index(
                fields=["country", "stage"],
                include=("visibility", "operator", "id"),
                name="deal_country_stage_visible_idx",
            ),
        ),
        migrations.RemoveIndex(model_name="deal", name="deal_country_stage_idx"),
    ]

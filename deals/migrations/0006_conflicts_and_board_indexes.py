"""Indexes of the pipeline board and of exclusivity conflicts (issue 13, at 1,000,000 deals).

- deal_operator_board_idx: an operator's deals by stage, latest move first (each column of the
  board reads its 50 cards from it; it serves the operator and stage filters like the index it
  replaces).
- deal_open_operator_idx: an operator's open deals by partner and country, with `exclusive`: where
  a conflict count starts (index only).
- deal_open_partner_country_idx: open deals by partner and country, with what a rival check reads:
  each own deal's rivals in one probe.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("deals", "0005_cross_border_programmes")]

    operations = [
        migrations.AddIndex(
            model_name="deal",
            index=models.Index(
                fields=["operator", "stage", "-stage_changed_at"], name="deal_operator_board_idx"
            ),
        ),
        migrations.RemoveIndex(model_name="deal", name="deal_operator_stage_idx"),
        migrations.AddIndex(
            model_name="deal",
            index=models.Index(
                condition=models.Q(("stage__in", ["exploring", "negotiating", "signed", "launched"])),
                fields=["operator", "partner", "country"],
                include=("exclusive",),
                name="deal_open_operator_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="deal",
            index=models.Index(
                condition=models.Q(("stage__in", ["ended", "declined"]), _negated=True),
                fields=["partner", "country"],
                include=("operator", "exclusive", "visibility"),
                name="deal_open_partner_country_idx",
            ),
        ),
    ]

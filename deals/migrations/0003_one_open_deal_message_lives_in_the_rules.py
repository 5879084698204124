"""The one-open-deal constraint stays as the database's last guard; the sentence people read
lives in deals.rules (no database change)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("deals", "0002_opco_matches_deal_trigger")]

    operations = [
        migrations.AlterConstraint(
            model_name="deal",
            name="deal_one_open_per_partner_operator_country",
            constraint=models.UniqueConstraint(
                condition=models.Q(("stage__in", ["ended", "declined"]), _negated=True),
                fields=("partner", "operator", "country"),
                name="deal_one_open_per_partner_operator_country",
            ),
        ),
    ]

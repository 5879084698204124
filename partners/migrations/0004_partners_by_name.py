"""Partners by name whatever their status: the API's list (a member sees three statuses, which
the (status, name) index cannot give in name order)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("partners", "0003_application_mail_preferences_and_digests")]

    operations = [
        migrations.AddIndex(
            model_name="partner",
            index=models.Index(fields=["name", "id"], name="partner_name_idx"),
        ),
    ]

"""Lessons of a category newest first (related lessons read the newest of a category without a
sort); it serves the category filter too, so the (category, status) index goes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("lessons", "0004_lesson_bloc_visibility")]

    operations = [
        migrations.AddIndex(
            model_name="lesson",
            index=models.Index(
                fields=["category", "status", "-published_at"],
                name="lesson_category_published_idx",
            ),
        ),
        migrations.RemoveIndex(model_name="lesson", name="lesson_category_idx"),
    ]

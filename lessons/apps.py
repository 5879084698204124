from django.apps import AppConfig
from django.db.backends.signals import connection_created

from lessons.search import SQLITE_UNACCENT, unaccent


def register_sqlite_unaccent(sender, connection, **kwargs) -> None:
    """Lesson search ignores accents; PostgreSQL has `unaccent`, SQLite gets ours (the way
    django.contrib.postgres sets up each new connection)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_UNACCENT,
            1,
            lambda text: None if text is None else unaccent(text),
            deterministic=True,
        )


class LessonsConfig(AppConfig):
    name = "lessons"

    def ready(self) -> None:
        connection_created.connect(register_sqlite_unaccent)

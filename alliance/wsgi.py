"""The web server's entry point (gunicorn alliance.wsgi:application)."""

import os
import re

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
application = get_wsgi_application()


def use_the_web_statement_timeout() -> None:
    """A web request gives up on a PostgreSQL statement after DATABASE_STATEMENT_TIMEOUT seconds;
    other processes (worker, beat, commands) allow a task's time limit. Runs before any
    connection is made, so every connection of this process starts with it."""
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if "statement_timeout" in options.get("options", ""):
        options["options"] = re.sub(
            r"statement_timeout=\S+",
            f"statement_timeout={settings.DATABASE_STATEMENT_TIMEOUT}s",
            options["options"],
        )


use_the_web_statement_timeout()

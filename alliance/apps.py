from django.apps import AppConfig


class AllianceConfig(AppConfig):
    name = "alliance"
    verbose_name = "Alliance membership"

    def ready(self) -> None:
        # Django's admin discovers alliance/admin.py only; standing's admin pages are in its
        # package (and import alliance.admin for the read-only base), so they register here.
        from alliance.standing import admin  # noqa: F401

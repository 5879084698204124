from django.apps import AppConfig


class AllianceConfig(AppConfig):
    name = "alliance"
    verbose_name = "Alliance membership"

    def ready(self) -> None:
        # Django's admin discovers alliance/admin.py only; the admin pages of standing, of the
        # M2M platform catalogue, of blocs and of the outbox live beside their code (and import
        # alliance.admin for the read-only base), so they register here.
        from alliance import admin_m2m, admin_outbox  # noqa: F401
        from alliance.blocs import admin as blocs_admin  # noqa: F401
        from alliance.standing import admin  # noqa: F401

from alliance import admin_standing  # noqa: E402, F401 - standing's admin pages

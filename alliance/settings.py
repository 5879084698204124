"""Settings for the Alliance portal, read from environment variables (django-environ).

Every variable has a development default except where production safety needs a real value:
with DEBUG off, SECRET_KEY must be set and the security settings switch on.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional local overrides; absent in CI and production

DEBUG = env.bool("DEBUG", default=False)
DEVELOPMENT_SECRET_KEY = "insecure-development-key-only-for-local-use"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not DEBUG and (len(SECRET_KEY) < 32 or SECRET_KEY == DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 32 characters when DEBUG is off."
    )
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications -------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "django_celery_beat",
    "django_htmx",
    "alliance",
    "partners",
    "deals",
    "lessons",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "alliance.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "alliance.uploads.UploadLimitMiddleware",  # before CSRF, which reads the body
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "alliance.middleware.StaffTwoFactorMiddleware",
    "alliance.refusals.DomainErrorMiddleware",
]

# Benchmark runs only (`make bench` sets BENCH_MODE for its own server): the floor view and the
# X-Query-Count header of alliance/bench.py. Never on in production.
BENCH_MODE = env.bool("BENCH_MODE", default=False)
if BENCH_MODE:
    MIDDLEWARE.insert(0, "alliance.bench.QueryCountMiddleware")

ROOT_URLCONF = "alliance.urls"
WSGI_APPLICATION = "alliance.wsgi.application"
ASGI_APPLICATION = "alliance.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "alliance.context_processors.membership",
            ],
            # Standing's tags live in its package (alliance/standing/), not in a templatetags/.
            "libraries": {"standing_tags": "alliance.standing.templatetags"},
        },
    },
]

# Widgets render through the project's templates, so that templates/django/forms/ may override
# one (the select, whose options Django renders one template include at a time).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database -----------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Bounded waits (PostgreSQL): a connection attempt gives up after DATABASE_CONNECT_TIMEOUT and
# keepalives notice a server that vanished. A statement may run as long as a task may
# (TASK_TIME_LIMIT, below) in the Celery worker, beat and management commands; the web server
# (alliance/wsgi.py) gives up after DATABASE_STATEMENT_TIMEOUT instead. A request that meets an
# unreachable database (or a statement that ran out of time) is answered 503 (views/errors.py).
DATABASE_CONNECT_TIMEOUT = env.int("DATABASE_CONNECT_TIMEOUT", default=3)
DATABASE_STATEMENT_TIMEOUT = env.int("DATABASE_STATEMENT_TIMEOUT", default=30)
TASK_TIME_LIMIT = env.int("TASK_TIME_LIMIT", default=300)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": DATABASE_CONNECT_TIMEOUT,
            # JIT off: the portal's queries are short, and PostgreSQL compiled any plan it
            # estimated as costly (100-250 ms of compiling for a query of tens; measured at
            # scale, issue 13).
            "options": f"-c statement_timeout={TASK_TIME_LIMIT}s -c jit=off",
            "keepalives": 1,
            "keepalives_idle": 30,
            "keepalives_interval": 10,
            "keepalives_count": 3,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE columns, for index-only scans on PostgreSQL) are plain indexes on
# SQLite, the demo's database: that is fine, so the check that says so stays quiet.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Cache and Celery ---------------------------------------------------------------------------
# With REDIS_URL, Redis is the cache, the Celery broker and the result store. Without it, the cache
# is local memory and tasks run inline (eagerly), so `make run` needs no server.
REDIS_URL = env.str("REDIS_URL", default="")
# Every Redis call waits at most this long (seconds): a Redis that drops packets costs a request
# about a second, not a gunicorn timeout. After a failure, the cache and the broker are skipped for
# DEPENDENCY_RECHECK_SECONDS (alliance.breaker) and the portal degrades instead of waiting again.
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=1.0)
DEPENDENCY_RECHECK_SECONDS = 10
# Retries of a task that met a transient error wait up to 2, 4, 8... seconds (full jitter), at most
# TASK_RETRY_BACKOFF_MAX. A task may run TASK_TIME_LIMIT seconds (defined with the database).
TASK_RETRY_BACKOFF = 2
TASK_RETRY_BACKOFF_MAX = 120
TASK_MAX_RETRIES = 12  # rides out an outage of up to about 14 minutes (7 on average)
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, failing open: with Redis down, rate limits are not enforced
            # and nothing else is lost (alliance.cache).
            "BACKEND": "alliance.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "alliance",
            "OPTIONS": {"socket_timeout": REDIS_TIMEOUT, "socket_connect_timeout": REDIS_TIMEOUT},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = None
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged once it has run, and handed back to the queue if its worker dies: a task
# is never lost with a worker. Tasks are safe to run again (outbox deliveries are carried out at
# most once in effect; scheduled jobs are idempotent).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = TASK_TIME_LIMIT
CELERY_TASK_SOFT_TIME_LIMIT = TASK_TIME_LIMIT - 30
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None  # a worker waits for the broker as long as it takes
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT * 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # An unacknowledged message (its worker was killed) is delivered again after this long: just
    # above the longest a message may stay unacknowledged, a retry's wait plus a task's run.
    "visibility_timeout": TASK_TIME_LIMIT + TASK_RETRY_BACKOFF_MAX + 60,
    "socket_timeout": REDIS_TIMEOUT,
    "socket_connect_timeout": REDIS_TIMEOUT,
    "health_check_interval": 10,
}
# Publishing tries twice, then gives up (and the task goes to the outbox): a request never waits
# on the broker for more than a couple of socket timeouts.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Tasks are fire-and-forget: nobody waits for their result, so none is stored unless asked for
# (`apply_async(ignore_result=False)`). Otherwise every web process sending a task would also
# subscribe to its result in Redis, and hang on that subscription while Redis is down.
CELERY_TASK_IGNORE_RESULT = True
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_TIMEOUT * 2
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_TIMEOUT
CELERY_REDIS_BACKEND_HEALTH_CHECK_INTERVAL = 10
CELERY_IMPORTS = ["alliance.outbox"]  # the outbox's tasks and its worker start-up hook
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "UTC"
# Side effects recorded in the outbox are sent after commit; beat re-sends those still pending
# every OUTBOX_SWEEP_SECONDS: never sent (broker down) and older than OUTBOX_PENDING_GRACE_SECONDS,
# or sent so long ago (OUTBOX_RESEND_AFTER_SECONDS) that the message must have been lost.
OUTBOX_SWEEP_SECONDS = 30
OUTBOX_PENDING_GRACE_SECONDS = 10
OUTBOX_RESEND_AFTER_SECONDS = CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] + 120
# Periodic tasks are declared here; django-celery-beat's DatabaseScheduler syncs them at start-up.
# Every scheduled job is idempotent (a second run changes nothing), so each has hourly catch-up
# runs after its time: a run lost to an outage (broker, database or worker down at 06:00) happens
# at the next hour, not the next day. A run that beat cannot publish is kept in the outbox.
CELERY_BEAT_SCHEDULE: dict = {
    "flag-inactive-members": {
        "task": "alliance.tasks.flag_inactive_members",
        "schedule": crontab(hour=6, minute=0),
    },
    "flag-inactive-members-catch-up": {
        "task": "alliance.tasks.flag_inactive_members",
        "schedule": crontab(hour="7-23", minute=0),
    },
    "lessons-weekly-digest": {
        "task": "lessons.tasks.send_weekly_digests",
        "schedule": crontab(day_of_week="mon", hour=7, minute=0),
    },
    "lessons-weekly-digest-catch-up": {
        "task": "lessons.tasks.send_weekly_digests",
        "schedule": crontab(day_of_week="mon", hour="8-23", minute=0),
    },
    "partners-remind-and-expire-introductions": {
        "task": "partners.tasks.remind_and_expire_introductions",
        "schedule": crontab(hour=5, minute=30),
    },
    "partners-remind-and-expire-introductions-catch-up": {
        "task": "partners.tasks.remind_and_expire_introductions",
        "schedule": crontab(hour="6-23", minute=30),
    },
    "partners-application-digests": {
        "task": "partners.tasks.send_application_digests",
        "schedule": crontab(hour=7, minute=15),
    },
    "partners-application-digests-catch-up": {
        "task": "partners.tasks.send_application_digests",
        "schedule": crontab(hour="8-23", minute=15),
    },
    "outbox-send-pending": {
        "task": "alliance.outbox.send_pending",
        "schedule": float(OUTBOX_SWEEP_SECONDS),
    },
    # Reports of a month are due by the 5th of the next; the job sends nothing before, or twice.
    "programmes-remind-missing-sla-reports": {
        "task": "deals.programmes.tasks.remind_missing_sla_reports",
        "schedule": crontab(hour=7, minute=45),
    },
    "programmes-remind-missing-sla-reports-catch-up": {
        "task": "deals.programmes.tasks.remind_missing_sla_reports",
        "schedule": crontab(hour="8-23", minute=45),
    },
}
# Task modules outside the apps' own `tasks.py` (which autodiscovery finds by itself).
CELERY_IMPORTS = ("deals.programmes.tasks",)

# --- Accounts (django-allauth) ------------------------------------------------------------------
AUTH_USER_MODEL = "alliance.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "alliance:dashboard"
ACCOUNT_ADAPTER = "alliance.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "alliance.forms.accounts.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Alliance] "
ACCOUNT_PRESERVE_USERNAME_CASING = False
# allauth's defaults, stated so they are visible: failed logins are limited per IP and per account.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key", "login": "30/m/ip"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Alliance portal"
# Staff must have two-factor authentication before they may use the admin pages. Only the local demo
# (`make run`) switches this off so that the demo admin can sign in with a password alone.
STAFF_REQUIRE_TWO_FACTOR = env.bool("STAFF_REQUIRE_TWO_FACTOR", default=True)
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)

# --- API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["alliance.permissions.IsAllianceMember"],
    # Bodies are JSON, which can say null; an endpoint that takes a file adds multipart itself.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "alliance.browsable.FormlessBrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "alliance.paging.CappedPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "alliance.openapi.AllianceAutoSchema",
    # Domain errors (not allowed 403, conflict 409, invalid 400) become responses in one place.
    "EXCEPTION_HANDLER": "alliance.api_errors.domain_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/min"),
        "user": env.str("API_THROTTLE_USER", default="600/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Alliance portal API",
    "DESCRIPTION": "Operators, opcos, partners, introductions, deals and lessons of the alliance. "
    "Authenticate with the header `Authorization: Token <key>` "
    "(create a key on your account page).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every country field (HQ, opco, footprint...) and every business category share one enum.
    "ENUM_NAME_OVERRIDES": {
        "CountryEnum": "django_countries.countries",
        "CategoryEnum": "alliance.choices.Category",
        # A deal is logged in an open stage: on the deals and the programmes endpoints alike.
        "OpenStageEnum": "deals.programmes.serializers.OPEN_STAGE_CHOICES",
        # A deal's visibility: on the deals and the programmes endpoints alike.
        "DealVisibilityEnum": "deals.models.Visibility",
    },
}

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"

# --- Email --------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Alliance portal <noreply@alliance.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A mail server that stops answering fails the send after this long; the task is retried.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Absolute links in emails sent from Celery tasks, where there is no request to build them from.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- Security -----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the API's session clients read it to send X-CSRFToken
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
)
if not DEBUG:
    # Behind a TLS-terminating proxy (gunicorn behind nginx or a load balancer).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Uploads ------------------------------------------------------------------------------------
# Enforced while the body streams in (alliance.uploads): a request whose Content-Length is over
# its page's limit is answered 413 before its body is read, and a file that grows past its limit
# stops the upload. The forms state the limits; the proxy in front sets the same
# (README: client_max_body_size = REQUEST_BODY_MAX_BYTES).
MEGABYTE = 1024 * 1024
PITCH_DECK_MAX_BYTES = env.int("PITCH_DECK_MAX_MB", default=10) * MEGABYTE
DEALS_IMPORT_MAX_BYTES = env.int("DEALS_IMPORT_MAX_MB", default=10) * MEGABYTE
# The largest file each page takes, by URL name; any other upload (the admin) the largest of them.
UPLOAD_MAX_BYTES_BY_PAGE = {
    "partners:apply": PITCH_DECK_MAX_BYTES,
    "deals:import": DEALS_IMPORT_MAX_BYTES,
}
UPLOAD_MAX_BYTES = max(UPLOAD_MAX_BYTES_BY_PAGE.values())
# Form fields besides files (Django's own limit), and the largest request body as a whole.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
REQUEST_BODY_MAX_BYTES = UPLOAD_MAX_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "alliance.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Logging ------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

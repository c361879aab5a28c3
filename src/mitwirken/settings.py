"""Settings for Mitwirken, read from environment variables.

Every variable has a safe default for `make run` (SQLite, console e-mail, DEBUG on).
With MITWIRKEN_ENV=production the defaults flip to secure ones and the process refuses to
start with DEBUG on or without a real SECRET_KEY. The README lists every variable.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent  # src/mitwirken
PROJECT_DIR = BASE_DIR.parent.parent  # repository root


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


ENVIRONMENT = env("MITWIRKEN_ENV", "development")
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured("MITWIRKEN_ENV must be development, test or production.")
PRODUCTION = ENVIRONMENT == "production"

INSECURE_DEFAULT_KEY = "django-insecure-mitwirken-development-only"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", INSECURE_DEFAULT_KEY)
DEBUG = env_bool("DEBUG", not PRODUCTION)

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production (unset DEBUG).")
    if SECRET_KEY == INSECURE_DEFAULT_KEY or len(SECRET_KEY) < 50 or "insecure" in SECRET_KEY:
        raise ImproperlyConfigured(
            "Set SECRET_KEY to a random value of at least 50 characters in production."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "django_tasks",
    "django_tasks_db",
    # Mitwirken apps, lowest layer first (see docs/architecture.md).
    "mitwirken.core",
    "mitwirken.accounts",
    "mitwirken.processes",
    "mitwirken.directory",
    "mitwirken.events",
    "mitwirken.workshops",
    "mitwirken.contributions",
    "mitwirken.participation",
    "mitwirken.approaches",
    "mitwirken.analysis",
    "mitwirken.concept",
    "mitwirken.moderation",
    "mitwirken.privacy",
    "mitwirken.reports",
    "mitwirken.api",
    "mitwirken.web",
    "mitwirken.demo",
]

MIDDLEWARE = [
    "mitwirken.core.memo.RequestMemoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "mitwirken.core.language.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "mitwirken.core.middleware.SecurityHeadersMiddleware",
    "mitwirken.web.access.LoginRequiredMiddleware",
    # Last, so its process_exception sees a view's database errors first.
    "mitwirken.core.unavailable.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "mitwirken.urls"
CSRF_FAILURE_VIEW = "mitwirken.core.views.csrf_failure"
WSGI_APPLICATION = "mitwirken.wsgi.application"

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
                "django.template.context_processors.i18n",
                "mitwirken.core.context_processors.site",
            ],
        },
    },
]

# Database: SQLite (WAL) by default, PostgreSQL via DATABASE_URL.
DEFAULT_SQLITE = PROJECT_DIR / "var" / "mitwirken.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    if env("SQLITE_TEST_NAME"):
        DATABASES["default"]["TEST"] = {"NAME": env("SQLITE_TEST_NAME")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DB_PREPARE", True
):
    # Server-side parameters, and a statement run five times on a connection is prepared
    # (psycopg's prepare_threshold): PostgreSQL plans it once instead of on every request.
    # Planning was a large part of a page's queries (a need with its joins: 2 ms to plan,
    # 0.4 ms to run); the pages got 20-25 % faster (docs/benchmarks.md). Off with
    # DB_PREPARE=false (e.g. behind a transaction-pooling PgBouncer before 1.21).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Cache: Redis when REDIS_URL is set (shared by all app servers), local memory otherwise.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "mitwirken.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "mitwirken"),
        }
    }
    # cached_db sessions, read with the logged-in person in one round trip
    SESSION_ENGINE = "mitwirken.accounts.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's and allauth's backends, reading the logged-in person from the cache.
    "mitwirken.accounts.backends.CachedModelBackend",
    "mitwirken.accounts.backends.CachedAllauthBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if env_bool("FAST_PASSWORD_HASHER", False):
    if PRODUCTION:
        raise ImproperlyConfigured("FAST_PASSWORD_HASHER is for tests only, never in production.")
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# django-allauth: e-mail login, mandatory verification, login by code.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "mitwirken.accounts.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "mitwirken.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Mitwirken] "
# Limits for submissions (core/ratelimit.py) and allauth's limits for logins, sign-ups,
# codes and resets; both count in the cache (Redis in production). Off only for load tests.
MITWIRKEN_RATE_LIMITS = env_bool("RATE_LIMITS", True)
# A need or comment whose author sends the same text again within this many seconds (a
# reloaded form after a connection error: a new one-time key) is answered with the first.
MITWIRKEN_REPEAT_WINDOW_SECONDS = int(env("REPEAT_WINDOW_SECONDS", "600"))
# The one-time form keys and the repeat window. Off only to show that `make faults` can
# fail (its --plant round); never in production.
MITWIRKEN_ONE_TIME_KEYS = env_bool("ONE_TIME_KEYS", True)
if PRODUCTION and not MITWIRKEN_ONE_TIME_KEYS:
    raise ImproperlyConfigured("ONE_TIME_KEYS cannot be turned off in production.")
# How long a request waits for an unreachable database (a restart) before it answers 503.
MITWIRKEN_DATABASE_WAIT_SECONDS = float(env("DATABASE_WAIT_SECONDS", "4"))
if ENVIRONMENT == "test" or not MITWIRKEN_RATE_LIMITS:
    ACCOUNT_RATE_LIMITS = False
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"

# Internationalisation: German by default, English complete, Arabic and Farsi right-to-left.
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("tr", _("Turkish")),
]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_allauth"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Berlin"

STATIC_URL = "/static/"
# collectstatic writes here in production; in development and tests WhiteNoise serves
# straight from the app folders (finders).
STATIC_ROOT = env("STATIC_ROOT", str(PROJECT_DIR / "var" / "static")) if PRODUCTION else None
WHITENOISE_USE_FINDERS = not PRODUCTION
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# E-mail: console in development, SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Mitwirken <noreply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# Security. Production defaults make `manage.py check --deploy` clean; behind a TLS proxy
# set SECURE_PROXY_SSL_HEADER_ENABLED=true.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", PRODUCTION)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
if env_bool("SECURE_PROXY_SSL_HEADER_ENABLED", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The sign language video of the Leichte-Sprache page (BITV 2.0 § 4): a path below the
# static files (e.g. "video/mitwirken-dgs.mp4"), with a WebVTT file of the same name.
MITWIRKEN_SIGN_LANGUAGE_VIDEO = env("SIGN_LANGUAGE_VIDEO")
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS")
if PRODUCTION and any(check.startswith("security.") for check in SILENCED_SYSTEM_CHECKS):
    raise ImproperlyConfigured("Security checks cannot be silenced in production.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# Mitwirken's own settings.
# Background work (django-tasks): the immediate backend runs a task at once (make run,
# tests); production uses the database backend and its worker (manage.py db_worker).
TASKS = {
    "default": {
        "BACKEND": env(
            "TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend"
            if PRODUCTION
            else "django_tasks.backends.immediate.ImmediateBackend",
        )
    }
}

MITWIRKEN_SITE_NAME = env("SITE_NAME", "Mitwirken")
# Days after an event until its registrations' personal data is deleted (purge_registrations).
MITWIRKEN_REGISTRATION_RETENTION_DAYS = int(env("REGISTRATION_RETENTION_DAYS", "90"))
# The address of the site as people reach it, for the links in e-mails.
MITWIRKEN_SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
MITWIRKEN_NEEDS_PAGE_SIZES = (10, 20, 50, 100)
MITWIRKEN_NEEDS_PAGE_SIZE = 20
# Pages anonymous visitors see (needs list, need page) are cached for this many seconds at
# most; a new, edited or hidden need invalidates them at once (core/pagecache.py). 0 = off.
MITWIRKEN_PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "300"))
# How old support and comment counts on a cached page may be after they changed.
MITWIRKEN_COUNTS_MAX_AGE = int(env("COUNTS_MAX_AGE", "30"))
# The bare view `make bench` compares against; off in production unless asked for.
MITWIRKEN_BENCH_VIEW = env_bool("BENCH_VIEW", not PRODUCTION)

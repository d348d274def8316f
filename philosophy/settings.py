"""Settings for Philosophy Workshop, read from the environment.

With no environment at all the app runs embedded: SQLite, an in-process
cache, Celery tasks executed in-process and e-mail printed to the console.
DATABASE_URL switches to PostgreSQL; REDIS_URL switches the cache, the
Celery broker and the result store to Redis (and tasks to a real worker).
"""

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value not in ("true", "false", "1", "0", "yes", "no"):
        raise ValueError(f"{name} must be true or false, not {value!r}")
    return value in ("true", "1", "yes")


def envint(name: str, default: str) -> int:
    return int(os.environ.get(name, default))


def envsecret(name: str, default: str = "") -> str:
    """Read a secret from NAME, or from the file named by NAME_FILE (Docker secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


DEBUG = envbool("DEBUG", "true")
SECRET_KEY = envsecret("SECRET_KEY", "embedded-development-key-not-for-production")
if not DEBUG and SECRET_KEY.startswith("embedded-"):
    raise RuntimeError("Set SECRET_KEY (or SECRET_KEY_FILE) when DEBUG is false.")

ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS").split(",") if o]
SITE_NAME = env("SITE_NAME", "Philosophy Workshop")
# Used to build absolute links in e-mails sent outside a request.
SITE_ROOT = env("SITE_ROOT", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
    "workshops",
    "surveys",
    "values",
    "vision",
    "actions",
    "documents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # An htmx request whose session ended goes to the log-in page as a whole page.
    "workshops.middleware.HtmxLoginRedirectMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A database outage met in a view: a 503 page that keeps what was sent, not a bare 500.
    "workshops.middleware.DatabaseUnavailableMiddleware",
    # Pages for a browser with a session are kept by no cache, shared or its own.
    "workshops.middleware.PrivatePagesMiddleware",
    # Turns a blocked rate limit into RATELIMIT_VIEW's 429 page (without it: a bare 403).
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Axes must come last: it turns a lockout raised during login into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = env("ROOT_URLCONF", "philosophy.urls")
WSGI_APPLICATION = "philosophy.wsgi.application"
ASGI_APPLICATION = "philosophy.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "workshops.context_processors.site",
            ],
        },
    }
]

# Databases: SQLite embedded, PostgreSQL (psycopg 3) when DATABASE_URL is set.
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", "60"), conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # IMMEDIATE: a writing request waits for the lock up front (runserver serves
            # a room of people from threads); WAL: readers never block that writer.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL;",
            },
        }
    }
if env("TEST_DATABASE_NAME"):
    # The browser tier serves from a thread; a file database gives each thread its own
    # connection instead of one shared in-memory connection.
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache, Celery broker and result store: Redis when REDIS_URL is set.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "philosophy.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "pw"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Without Redis the cache lives in the database, which every process shares: lockouts,
    # rate limits and the live counters hold however many processes serve (an in-process
    # cache would count per process, so `gunicorn -w 3` would allow three times the limit).
    # Its table is made by `migrate` (see WorkshopsConfig.ready).
    CACHES = {
        "default": {
            "BACKEND": "philosophy.cache.DatabaseCache",
            "LOCATION": "philosophy_cache",
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "pw"),
            # Django culls a third of the table past MAX_ENTRIES, lockouts and counters
            # included: leave room for a busy day's rate-limit keys.
            "OPTIONS": {"MAX_ENTRIES": envint("CACHE_MAX_ENTRIES", "50000")},
        }
    }

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Embedded mode runs tasks in-process so one command gives a working app.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", "300")
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
# An export (stage 8) renders within EXPORT_TIME_LIMIT seconds or fails; a job whose
# worker has not been heard of for EXPORT_STALE_SECONDS (queued and never delivered, or its
# worker gone) is sent again by the sweep, which Celery beat runs every
# EXPORT_SWEEP_SECONDS in the full stack (the embedded default sweeps on each export asked
# for, and at `make run`).
EXPORT_TIME_LIMIT = envint("EXPORT_TIME_LIMIT", "120")
EXPORT_STALE_SECONDS = envint("EXPORT_STALE_SECONDS", "20")
EXPORT_SWEEP_SECONDS = envint("EXPORT_SWEEP_SECONDS", "15")
# Exports an admin may ask for, per account: each one is a render on the worker.
EXPORT_RATE = env("EXPORT_RATE", "30/m")
CELERY_BEAT_SCHEDULE = {
    "sweep-exports": {
        "task": "documents.tasks.sweep_exports",
        "schedule": float(EXPORT_SWEEP_SECONDS),
    }
}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
# A frozen Redis must not hang a request: every broker operation times out.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Longer than the task time limit, or Redis re-delivers tasks still running.
    "visibility_timeout": CELERY_TASK_TIME_LIMIT * 2,
    "socket_timeout": 3,
    "socket_connect_timeout": 3,
    "max_retries": 2,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"socket_timeout": 3, "socket_connect_timeout": 3}
CELERY_REDIS_SOCKET_TIMEOUT = 3
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 3

# Accounts and login protection.
AUTH_USER_MODEL = "workshops.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Lock out a username from one address only, so one typo never locks out a whole office.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "15"))
AXES_RESET_ON_SUCCESS = True
# The cache handler keeps attempts short-lived under hashed keys: no IP address in the database.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_IPWARE_PROXY_COUNT = envint("PROXY_COUNT", "0")
AXES_VERBOSE = False
RATELIMIT_VIEW = "workshops.views.rate_limited"
RATELIMIT_ENABLE = envbool("RATELIMIT_ENABLE", "true")
# Organisations and workshops one account may create (django-ratelimit rates).
ORGANISATION_CREATE_RATE = env("ORGANISATION_CREATE_RATE", "20/h")
WORKSHOP_CREATE_RATE = env("WORKSHOP_CREATE_RATE", "60/h")

# Internationalisation: English and Romanian.
LANGUAGE_CODE = "en"
# Each language is named in itself, never translated, so that a reader finds their own
# whatever the page's language ("Română" on an English page): the footer's switch and the
# sign-up and profile forms all read these names.
LANGUAGES = [("en", "English"), ("ro", "Română")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("TIME_ZONE", "UTC")

# Static files served by WhiteNoise, compressed and fingerprinted outside DEBUG.
STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# The exports (stage 8) are files the worker writes and the web serves through a view that
# checks who asks: both must reach the same store. Local files by default (in the compose
# file, a volume both share); any Django storage backend by setting, e.g. an S3-compatible
# one (django-storages' "storages.backends.s3.S3Storage", installed separately, with its
# OPTIONS as JSON in EXPORTS_STORAGE_OPTIONS).
EXPORTS_ROOT = Path(env("EXPORTS_ROOT", str(BASE_DIR / "media" / "exports")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "exports": {
        "BACKEND": env("EXPORTS_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": json.loads(env("EXPORTS_STORAGE_OPTIONS", "") or "null")
        or {"location": str(EXPORTS_ROOT)},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# E-mail: console by default, SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Philosophy Workshop <noreply@localhost>")
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", "587")
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "true")
    EMAIL_TIMEOUT = 10
elif env("EMAIL_FILE_PATH"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Security. Production (DEBUG=false) gets HTTPS-only, __Host- cookies and HSTS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No script reads a cookie: htmx sends the CSRF token from the page (<body hx-headers>).
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_SECURE = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# The public survey and share page: an expired page shows the typed answer again instead
# of a bare 403.
CSRF_FAILURE_VIEW = "philosophy.csrf.csrf_failure"
SURVEY_DEVICE_COOKIE = "device" if DEBUG else "__Host-device"
# Answers a survey link takes, per address (a whole office may share one) and per device.
SURVEY_RATE_PER_ADDRESS = env("SURVEY_RATE_PER_ADDRESS", "600/10m")
SURVEY_RATE_PER_DEVICE = env("SURVEY_RATE_PER_DEVICE", "20/m")
# Reactions the shortlist's gut-check link takes (stage 6), per address and per device.
GUT_CHECK_RATE_PER_ADDRESS = env("GUT_CHECK_RATE_PER_ADDRESS", "300/10m")
GUT_CHECK_RATE_PER_DEVICE = env("GUT_CHECK_RATE_PER_DEVICE", "20/m")
# The share link (stage 8): a whole company may read it from one address (reads count per
# address whatever the token, so guessing tokens is slowed too); answers to the
# interpretation check are counted like the survey's.
SHARE_READ_RATE_PER_ADDRESS = env("SHARE_READ_RATE_PER_ADDRESS", "1200/m")
SHARE_RATE_PER_ADDRESS = env("SHARE_RATE_PER_ADDRESS", "600/10m")
SHARE_RATE_PER_DEVICE = env("SHARE_RATE_PER_DEVICE", "30/m")
# Checks of a vision draft while typing (stage 6), per account: one per pause in typing.
VISION_CHECK_RATE = env("VISION_CHECK_RATE", "240/m")
# The same for an action statement (stage 7).
ACTION_CHECK_RATE = env("ACTION_CHECK_RATE", "240/m")
# An answer that meets a dropped database connection is tried again after this long (seconds).
SURVEY_RETRY_DELAY_SECONDS = float(env("SURVEY_RETRY_DELAY_SECONDS", "0.3"))

# How often a workshop screen asks whether anything changed (milliseconds).
LIVE_POLL_INTERVAL_MS = envint("LIVE_POLL_INTERVAL_MS", "1000")
# How long one process may reuse what it read of a workshop's counter (seconds).
LIVE_LOCAL_CACHE_SECONDS = float(env("LIVE_LOCAL_CACHE_SECONDS", "0.25"))
# While answers arrive, the word cloud is recounted at most this often.
WORD_CLOUD_REFRESH_SECONDS = float(env("WORD_CLOUD_REFRESH_SECONDS", "3"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {n: {"level": "WARNING"} for n in ("axes", "weasyprint", "fontTools")},
}

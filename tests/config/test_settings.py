"""Settings are read from the environment once, at start-up, so each case runs in its own process."""

import json
import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'evidence': s.STORAGES['evidence'], "
    "'db': s.DATABASES['default']['ENGINE'], 'conn_max_age': s.DATABASES['default']['CONN_MAX_AGE']}, default=str))"
)


def _run(env_overrides: dict[str, str], code: str = PRINT_SETTINGS) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "AWS_", "DATABASE_URL", "MFA_"))
    }
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings", **env_overrides}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _run({"DJANGO_ENV": "production"})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in production" in result.stderr


def test_production_is_the_default_when_nothing_is_said():
    result = _run({})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_an_authenticator_encryption_key():
    result = _run({"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": "x" * 50})

    assert result.returncode != 0
    assert "MFA_ENCRYPTION_KEY must be set in production" in result.stderr


def test_an_encryption_key_that_is_not_a_fernet_key_is_refused():
    result = _run({"DJANGO_ENV": "development", "MFA_ENCRYPTION_KEY": "short"})

    assert result.returncode != 0
    assert "MFA_ENCRYPTION_KEY must be Fernet keys" in result.stderr


def test_production_starts_with_a_secret_key_and_debug_off():
    result = _run(
        {
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY": "x" * 50,
            "MFA_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        }
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["debug"] is False


def test_embedded_defaults_are_sqlite_and_private_local_evidence():
    result = _run({"DJANGO_ENV": "development"})

    settings = json.loads(result.stdout)
    assert settings["db"] == "django.db.backends.sqlite3"
    assert settings["evidence"]["BACKEND"] == "config.storages.PrivateFileSystemStorage"
    assert "private" in settings["evidence"]["OPTIONS"]["location"]


def test_s3_evidence_when_the_bucket_is_configured():
    result = _run(
        {
            "DJANGO_ENV": "development",
            "AWS_STORAGE_BUCKET_NAME": "kil-evidence",
            "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
        }
    )

    evidence = json.loads(result.stdout)["evidence"]
    assert evidence["BACKEND"] == "storages.backends.s3.S3Storage"
    options = evidence["OPTIONS"]
    assert options["bucket_name"] == "kil-evidence"
    assert options["default_acl"] == "private"
    assert options["signature_version"] == "s3v4"
    assert options["file_overwrite"] is False
    assert options["querystring_auth"] is True


def test_postgres_from_database_url_keeps_connections_open():
    result = _run(
        {"DJANGO_ENV": "development", "DATABASE_URL": "postgres://kil@127.0.0.1:5432/kil"}
    )

    settings = json.loads(result.stdout)
    assert settings["db"] == "django.db.backends.postgresql"
    assert settings["conn_max_age"] == 600


def test_manage_py_check_is_clean_in_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY": "y" * 50,
            "MFA_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr

"""Production hardening: Django's deployment checklist, and the headers every page carries."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_the_deployment_checklist_with_no_warnings():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "AWS_", "DATABASE_URL"))
    }
    env |= {
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "MFA_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "DJANGO_ALLOWED_HOSTS": "award.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "award", "sign_in", "nominations"])
def test_public_pages_carry_a_strict_policy_frame_denial_and_referrer_policy(
    name, client, officer, open_award
):
    if name == "nominations":
        client.force_login(officer)
    path = {
        "home": "/",
        "award": open_award.url,
        "sign_in": reverse("account_login"),
        "nominations": reverse("awards:nomination_list"),
    }[name]

    response = client.get(path)

    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_only_the_wagtail_admin_allows_inline_script_and_style(staff, client_for):
    admin = client_for(staff).get("/admin/")

    policy = _directives(admin["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in client_for(staff).get("/")["Content-Security-Policy"]


@pytest.mark.django_db
def test_session_cookie_is_http_only(client, officer):
    from tests.factories import PASSWORD

    client.post(reverse("account_login"), {"login": officer.email, "password": PASSWORD})

    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"

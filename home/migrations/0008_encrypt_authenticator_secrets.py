"""Authenticator secrets stored before encryption (plain TOTP keys and recovery-code seeds) are
encrypted with settings.AUTHENTICATOR_ENCRYPTION_KEYS; ones already encrypted are left alone."""

from cryptography.fernet import InvalidToken
from django.db import migrations

from home.accounts import decrypt_secret, encrypt_secret

FIELDS = {"totp": ("secret",), "recovery_codes": ("seed",)}


def _is_encrypted(value: str) -> bool:
    try:
        decrypt_secret(value)
    except InvalidToken:
        return False
    return True


def _convert(apps, change):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=FIELDS):
        data = dict(authenticator.data)
        for name in FIELDS[authenticator.type]:
            if data.get(name):
                data[name] = change(data[name])
        if data.get("migrated_codes"):
            data["migrated_codes"] = [change(code) for code in data["migrated_codes"]]
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def encrypt(apps, schema_editor):
    _convert(apps, lambda value: value if _is_encrypted(value) else encrypt_secret(value))


def decrypt(apps, schema_editor):
    _convert(apps, lambda value: decrypt_secret(value) if _is_encrypted(value) else value)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0007_accessibility_statement"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt, decrypt)]

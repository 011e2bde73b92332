"""The private evidence storage, looked up by alias at each use.

A FileField evaluates its storage once at import; evidence must follow STORAGES["evidence"] when it changes
(tests switch between local disk and the S3 server), so the field gets this lazy proxy instead.
"""

from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, empty


class EvidenceStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["evidence"]


evidence_storage = EvidenceStorage()


def get_evidence_storage():
    return evidence_storage


def _reset_on_storages_change(*, setting, **kwargs):
    if setting == "STORAGES":
        evidence_storage._wrapped = empty


setting_changed.connect(_reset_on_storages_change)


class PrivateFileSystemStorage(FileSystemStorage):
    """Evidence on local disk. FileSystemStorage would fall back to MEDIA_URL; private files have no URL."""

    def url(self, name):
        raise ValueError("Private files have no URL: serve them through a permission-checked view.")

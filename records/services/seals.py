"""The keyed seal of closed quality records: HMAC-SHA256 with a key that is not in the database.

An unkeyed chain (sha256 of the previous link and the content hash) proves nothing against someone who can write
to the database: they edit a closed record and recompute every later link with the app's own functions. Each
seal is therefore an HMAC over the record's place in its agency's chain (agency, sequence, previous seal, content
hash) under ``QMS_RECORDS_KEY``, which lives in the environment of the app servers only. Without the key a
changed record cannot be re-sealed; with the key's holder (the app) it is only done by closing new records.

Why a key of its own and not one derived from SECRET_KEY (salted_hmac): SECRET_KEY is rotated for reasons of
its own (sessions, password resets), and a rotation must not silently turn every seal into "altered". The key
id (an HMAC of the key, not the key) is stored with each seal, so records sealed under a previous key still
verify while that key is listed in ``QMS_RECORDS_KEYS_OLD``; ``manage.py reseal_records`` moves them (and
records sealed by the old unkeyed chain, "legacy seals") to the current key after checking them.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GENESIS = "0" * 64
LEGACY = ""  # the key id of a record sealed by the old unkeyed chain
KEY_ID_LENGTH = 16


def key_id(key: str) -> str:
    """A short name for ``key`` that reveals nothing of it (stored with each seal)."""
    return hmac.new(key.encode(), b"qms-records-key-id", hashlib.sha256).hexdigest()[:KEY_ID_LENGTH]


def current_key() -> tuple[str, str]:
    """(key id, key) that new seals use."""
    key = getattr(settings, "QMS_RECORDS_KEY", "")
    if not key:
        raise ImproperlyConfigured("QMS_RECORDS_KEY is not set: closed quality records cannot be sealed")
    return key_id(key), key


def known_keys() -> dict[str, str]:
    """Every key a seal may have been made with: the current one and QMS_RECORDS_KEYS_OLD."""
    keys = [getattr(settings, "QMS_RECORDS_KEY", ""), *getattr(settings, "QMS_RECORDS_KEYS_OLD", ())]
    return {key_id(key): key for key in keys if key}


def seal(key: str, *, agency_id: int, sequence: int, previous: str, content_hash: str) -> str:
    message = f"qms-record-seal:v1:{agency_id}:{sequence}:{previous}:{content_hash}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def legacy_chain_hash(previous: str, content: str) -> str:
    """The old unkeyed link: anyone can recompute it (kept only to check legacy seals)."""
    return hashlib.sha256(f"{previous}{content}".encode()).hexdigest()


def seal_record(record, previous: str, key_id_and_key: tuple[str, str] | None = None) -> None:
    """Set the record's link fields: chained to ``previous`` and sealed with the current (or given) key."""
    ident, key = key_id_and_key or current_key()
    record.chain_prev = previous
    record.seal_key_id = ident
    record.chain_hash = seal(
        key, agency_id=record.agency_id, sequence=record.sequence, previous=previous, content_hash=record.content_hash
    )


def check_seal(record, previous: str, keys: dict[str, str]) -> str | None:
    """None if the record's seal is right and made with a known key, else what is wrong (legacy seals included)."""
    if record.seal_key_id == LEGACY:
        if not hmac.compare_digest(record.chain_hash, legacy_chain_hash(previous, record.content_hash)):
            return "unkeyed link does not match (altered)"
        return None
    key = keys.get(record.seal_key_id)
    if key is None:
        return f"sealed with an unknown key (id {record.seal_key_id}): wrong QMS_RECORDS_KEY, or add the old key to QMS_RECORDS_KEYS_OLD"
    expected = seal(
        key, agency_id=record.agency_id, sequence=record.sequence, previous=previous, content_hash=record.content_hash
    )
    if not hmac.compare_digest(record.chain_hash, expected):
        return "seal does not match (altered, or re-sealed without the key)"
    return None

"""This laptop's bundle keys, kept in the encrypted profile's settings.

The laptop signs its bundles with an Ed25519 key made on first need; HQ learns
the public half at enrollment, or (for laptops enrolled earlier) on the next
sync, which sends it until HQ confirms it. HQ's public keys arrive with the
enrollment and with every sync, so the laptop always seals new bundles to the
key HQ made active most recently that it has heard of.
"""

from __future__ import annotations

import json
from typing import Any

from ocpsc_field.store import settings
from ocpsc_field.store.db import Database
from ocpsc_field.sync.bundle_keys import HqKeySet, from_text, new_signing_pair, to_text

SIGNING_KEY = "bundle.device_signing_key"
PUBLIC_KEY = "bundle.device_public_key"
KEY_REGISTERED = "bundle.device_key_registered"
HQ_KEYS = "bundle.hq_keys"


def device_public_key(database: Database) -> str:
    """This laptop's public signing key (base64), made and stored on first need."""
    with database.transaction():
        public = settings.get(database, PUBLIC_KEY)
        if public and from_text(settings.get(database, SIGNING_KEY)) is not None:
            return public
        pair = new_signing_pair()
        settings.put(database, SIGNING_KEY, to_text(pair.private))
        settings.put(database, PUBLIC_KEY, to_text(pair.public))
        settings.put(database, KEY_REGISTERED, "")
        return to_text(pair.public)


def signing_key(database: Database) -> bytes:
    device_public_key(database)
    private = from_text(settings.get(database, SIGNING_KEY))
    assert private is not None
    return private


def key_to_register(database: Database) -> str | None:
    """The public key to send with the next sync, or None once HQ has confirmed it."""
    if settings.get(database, KEY_REGISTERED) == "1":
        return None
    return device_public_key(database)


def mark_registered(database: Database, registered: bool | None) -> None:
    if registered:
        settings.put(database, KEY_REGISTERED, "1")


def hq_keys(database: Database) -> HqKeySet | None:
    """HQ's public bundle keys as last heard, or None before this laptop has heard any."""
    raw = settings.get(database, HQ_KEYS)
    if not raw:
        return None
    try:
        return HqKeySet.from_json(json.loads(raw))
    except ValueError:
        return None


def remember_hq_keys(database: Database, data: dict[str, Any] | None) -> None:
    """Keep HQ's key set from an enrollment or exchange answer (ignored if unreadable)."""
    keys = HqKeySet.from_json(data) if data is not None else None
    if keys is not None:
        settings.put(database, HQ_KEYS, json.dumps(keys.to_json(), sort_keys=True))


def remember_exchange(database: Database, response: Any) -> None:
    """Store what an exchange answer says about bundle keys (inside its transaction)."""
    remember_hq_keys(database, getattr(response, "bundle_keys", None))
    mark_registered(database, getattr(response, "device_key_registered", None))

"""Errors the store raises, each carrying a message a user can act on."""

from __future__ import annotations

from collections.abc import Mapping

from ocpsc_field.core.text import Message


class StoreError(Exception):
    """A store failure with a translatable, user-facing message."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


class ProfileNotFound(StoreError):
    pass


class ProfileExists(StoreError):
    pass


class WrongPassphrase(StoreError):
    pass


class ProfileDamaged(StoreError):
    pass


class RecordNotFound(StoreError):
    pass


class RecordRejected(StoreError):
    """A write refused because of invalid input; nothing was changed."""

    def __init__(self, message: Message, errors: Mapping[str, Message] | None = None) -> None:
        super().__init__(message)
        self.errors = dict(errors or {})


class StaleRecord(StoreError):
    """Someone else changed the record since it was read."""

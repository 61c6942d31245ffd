"""Who may sync: users with a role in one organization, their devices, enrollment codes.

HQ keeps only hashes of device tokens and enrollment codes, so a copy of the
database does not let anyone act as a device.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ocpsc_field.hq.models.records import Organization


class Role(models.TextChoices):
    CANVASSER = "canvasser", "canvasser"
    CBO_STAFF = "cbo_staff", "CBO staff"
    COORDINATOR = "coordinator", "coordinator"
    HQ_ADMIN = "hq_admin", "HQ admin"


class Profile(models.Model):
    """A Django user's place in HQ: their organization and role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hq_profile"
    )
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="members")
    role = models.CharField(max_length=16, choices=Role.choices)

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.role}, {self.organization})"


class Device(models.Model):
    """An enrolled field laptop. ``token_hash`` is the SHA-256 of its bearer token.

    ``first_op_id`` is the first journal op id the device will send (ops made
    before enrollment count); ``contiguous_through`` is the highest op id up
    to which every op has arrived, and ``gaps`` lists the missing ranges above
    it, ``[[first, last], ...]``.
    """

    id = models.CharField(primary_key=True, max_length=36)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200, blank=True)
    local_id = models.CharField(max_length=64, blank=True, help_text="The profile's own device id")
    token_hash = models.CharField(max_length=64, unique=True)
    enrolled_at = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)
    revoked_at = models.DateTimeField(null=True, blank=True)
    wipe_requested = models.BooleanField(default=False)
    wipe_sent_at = models.DateTimeField(null=True, blank=True)
    first_op_id = models.BigIntegerField(default=1)
    last_op_id = models.BigIntegerField(default=0)
    contiguous_through = models.BigIntegerField(default=0)
    gaps = models.JSONField(default=list, blank=True)
    backlog = models.IntegerField(null=True, blank=True, help_text="Ops waiting on the device")
    cursors = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return self.name or self.id

    @property
    def missing_ops(self) -> int:
        return sum(last - first + 1 for first, last in self.gaps)


class EnrollmentCode(models.Model):
    """A one-time code that lets one device enroll for ``user`` before it expires."""

    code_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    device = models.ForeignKey(Device, null=True, blank=True, on_delete=models.SET_NULL)

    def __str__(self) -> str:
        return f"code for {self.user.get_username()} (expires {self.expires_at:%Y-%m-%d %H:%M})"

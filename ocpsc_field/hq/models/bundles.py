"""Offline bundles at HQ: HQ's bundle keys, each device's signing key, and a report per bundle."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ocpsc_field.hq.models.access import Device
from ocpsc_field.hq.models.records import Organization


class BundleKey(models.Model):
    """One generation of HQ's bundle keys: X25519 to open bundles, Ed25519 to sign receipts.

    The private keys are stored sealed under a key derived from HQ's secret key
    (``ocpsc_field.hq.bundle_keys``), so a copy of the database alone opens no
    bundle. Exactly one generation is ``active`` (new bundles are sealed to it);
    older ones stay usable until ``retired_at`` is set, so bundles still on
    their way can be opened.
    """

    key_id = models.CharField(primary_key=True, max_length=16)
    public_key = models.CharField(max_length=64)
    private_key = models.TextField()
    signing_key_id = models.CharField(max_length=16, unique=True)
    signing_public_key = models.CharField(max_length=64)
    signing_private_key = models.TextField()
    active = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"],
                condition=models.Q(active=True),
                name="hq_one_active_bundle_key",
            )
        ]

    def __str__(self) -> str:
        return f"bundle key {self.key_id}{' (active)' if self.active else ''}"


class DeviceBundleKey(models.Model):
    """The Ed25519 public key a device signs its bundles with, sent at enrollment or sync."""

    device = models.OneToOneField(
        Device, primary_key=True, on_delete=models.CASCADE, related_name="bundle_key"
    )
    public_key = models.CharField(max_length=64)
    registered_at = models.DateTimeField(auto_now_add=True)


class BundleReport(models.Model):
    """What HQ did with one bundle file (named by its SHA-256), for the admin and the relay.

    The counts are those of the first time HQ opened the bundle; uploading it
    again changes nothing but ``uploads`` and ``last_uploaded_at``.
    """

    bundle_id = models.CharField(max_length=64, unique=True)
    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="bundle_reports")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    relay = models.ForeignKey(
        Device, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sender = models.CharField(max_length=150, blank=True)
    op_id_from = models.BigIntegerField()
    op_id_to = models.BigIntegerField()
    record_count = models.IntegerField()
    made_at = models.CharField(max_length=40, blank=True)
    hq_key_id = models.CharField(max_length=16)
    size = models.IntegerField()
    applied = models.IntegerField(default=0)
    duplicate = models.IntegerField(default=0)
    rejected = models.IntegerField(default=0)
    rejected_ops = models.JSONField(default=list, blank=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    uploads = models.IntegerField(default=1)
    last_uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"bundle {self.bundle_id[:12]} from {self.device_id}"

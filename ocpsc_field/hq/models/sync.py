"""What sync leaves behind: the change log, receipts, conflicts and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ocpsc_field.hq.models.access import Device
from ocpsc_field.hq.models.records import Organization


class SequenceCounter(models.Model):
    """The one row handing out change-log sequence numbers.

    A writer bumps it as the last step of its transaction, and the row lock
    stays held until commit, so sequence numbers become visible in the order
    they were handed out (see ``ocpsc_field.hq.sequence``).
    """

    name = models.CharField(primary_key=True, max_length=32)
    value = models.BigIntegerField(default=0)


class SequenceClaim(models.Model):
    """Sequence numbers a writer has taken and not yet committed or given up (PostgreSQL).

    A writer claims its numbers in a short transaction of its own, so the
    counter row is not held while it writes; readers keep their high-water
    mark below the lowest open claim (see ``ocpsc_field.hq.sequence``). The
    writer deletes its claim in the transaction that writes the rows, so the
    rows and the end of the claim become visible at the same commit.
    ``backend_pid`` and ``backend_started`` name the database session that
    holds the claim, so one left by a session that died can be cleared.
    """

    first = models.BigIntegerField(primary_key=True)
    last = models.BigIntegerField()
    backend_pid = models.IntegerField(null=True, blank=True)
    backend_started = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField()


class ChangeLog(models.Model):
    """One row per change HQ accepted, in commit order: who changed which record, when."""

    seq = models.BigIntegerField(primary_key=True)
    kind = models.CharField(max_length=32)
    record_id = models.CharField(max_length=36)
    op = models.CharField(max_length=16)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    device = models.ForeignKey(Device, null=True, blank=True, on_delete=models.PROTECT)
    op_id = models.BigIntegerField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hlc = models.CharField(max_length=96, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "record_id"], name="hq_changelog_record")]


class Receipt(models.Model):
    """HQ's answer to one journal op. (device, op_id) is the idempotency key."""

    class State(models.TextChoices):
        APPLIED = "applied"
        REJECTED = "rejected"

    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="receipts")
    op_id = models.BigIntegerField()
    state = models.CharField(max_length=16, choices=State.choices)
    reason = models.CharField(max_length=32, blank=True)
    message = models.TextField(blank=True)
    kind = models.CharField(max_length=32, blank=True)
    record_id = models.CharField(max_length=36, blank=True)
    received_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["device", "op_id"], name="hq_receipt_once_per_op")
        ]


class Conflict(models.Model):
    """Two devices set one field to different values; the losing value is kept here."""

    kind = models.CharField(max_length=32)
    record_id = models.CharField(max_length=36, db_index=True)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    field = models.CharField(max_length=64)
    losing_value = models.JSONField(null=True, blank=True)
    winning_value = models.JSONField(null=True, blank=True)
    losing_hlc = models.CharField(max_length=96)
    winning_hlc = models.CharField(max_length=96)
    losing_device = models.ForeignKey(
        Device, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    winning_device = models.ForeignKey(
        Device, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    reversed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id}: {self.field}"


class AuditEntry(models.Model):
    """Who did what, from which device, when. Record changes from devices are in
    ``ChangeLog``; everything else (enrollment, revocation, admin edits,
    exports, conflict reversals) is here. ``detail`` never holds personal data."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    device = models.ForeignKey(Device, null=True, blank=True, on_delete=models.SET_NULL)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=64)
    kind = models.CharField(max_length=32, blank=True)
    record_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

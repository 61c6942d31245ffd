"""HQ's tables: records of every kind, access (users, devices, codes), and sync bookkeeping."""

from ocpsc_field.hq.models.access import Device, EnrollmentCode, Profile, Role
from ocpsc_field.hq.models.bundles import BundleKey, BundleReport, DeviceBundleKey
from ocpsc_field.hq.models.records import (
    RECORD_MODELS,
    ContactLog,
    Enrollment,
    Organization,
    Program,
    Resident,
    Resource,
    Survey,
    SurveyResponse,
)
from ocpsc_field.hq.models.sync import (
    AuditEntry,
    ChangeLog,
    Conflict,
    Receipt,
    SequenceClaim,
    SequenceCounter,
)

__all__ = [
    "RECORD_MODELS",
    "AuditEntry",
    "BundleKey",
    "BundleReport",
    "ChangeLog",
    "Conflict",
    "ContactLog",
    "Device",
    "DeviceBundleKey",
    "Enrollment",
    "EnrollmentCode",
    "Organization",
    "Profile",
    "Program",
    "Receipt",
    "Resident",
    "Resource",
    "Role",
    "SequenceClaim",
    "SequenceCounter",
    "Survey",
    "SurveyResponse",
]

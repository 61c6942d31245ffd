"""OCPSC Field: offline-first outreach records for California's community field teams."""

__version__ = "0.1.0"

"""Sync with HQ: the wire protocol (shared with ocpsc_field.hq), transport and engine."""

"""The Django app that is HQ."""

from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HqConfig(AppConfig):
    name = "ocpsc_field.hq"
    label = "hq"
    verbose_name = "OCPSC HQ"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ocpsc_field.hq import bundled_surveys, roles

        post_migrate.connect(roles.sync_role_groups, sender=self)
        post_migrate.connect(bundled_surveys.publish_after_migrate, sender=self)

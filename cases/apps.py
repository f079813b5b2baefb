from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from cases.lifecycle import register_guard
        from cases.notifications import on_case_transitioned
        from cases.session_limits import start_session_clock
        from cases.signals import case_transitioned
        from cases.states import State
        from cases.workflow import ready_guard

        # The emails a move sends (submitted, report released, …).
        case_transitioned.connect(on_case_transitioned, dispatch_uid="cases.notifications.on_case_transitioned")
        # in_triage → ready_for_mdt needs a team and a complete case, or a reason to go ahead anyway.
        register_guard(State.IN_TRIAGE, State.READY_FOR_MDT, ready_guard)
        # Idle and absolute session limits count from the latest sign-in.
        user_logged_in.connect(start_session_clock, dispatch_uid="cases.session_limits.start_session_clock")
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="cases.apps.create_cache_table")


def create_cache_table(using: str = "default", **kwargs) -> None:
    """`migrate` also creates the database cache's table (allauth's rate limits live there by default).

    createcachetable does nothing for a Redis cache or a table that exists already.
    """
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)

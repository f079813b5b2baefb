from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from cases.lifecycle import register_guard
        from cases.models import State
        from cases.signals import case_transitioned
        from reports.receivers import on_case_transitioned
        from reports.report_release import released_report_guard

        # A case ready for the MDT gets a packet; a submitted one, the patient's copy.
        case_transitioned.connect(on_case_transitioned, dispatch_uid="reports.receivers.on_case_transitioned")
        # A case is issued only with a released report, whichever path asks for it.
        register_guard(State.IN_REVIEW, State.REPORT_ISSUED, released_report_guard)

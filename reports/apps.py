from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from cases.lifecycle import register_guard, register_warning
        from cases.models import State
        from cases.signals import case_transitioned
        from reports.receivers import on_case_transitioned
        from reports.report_release import UNRELEASED_REPORT, released_report_guard, unreleased_report_warning

        # A case ready for the MDT gets a packet; a submitted one, the patient's copy.
        case_transitioned.connect(on_case_transitioned, dispatch_uid="reports.receivers.on_case_transitioned")
        # A case is issued only with a released report, whichever path asks for it.
        register_guard(State.IN_REVIEW, State.REPORT_ISSUED, released_report_guard)
        # Closing with a prepared version never released needs the coordinator to say so (a checkbox on the page).
        register_warning(State.REPORT_ISSUED, State.CLOSED, UNRELEASED_REPORT, unreleased_report_warning)

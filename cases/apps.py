from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from cases.notifications import on_case_transitioned
        from cases.signals import case_transitioned

        case_transitioned.connect(on_case_transitioned, dispatch_uid="cases.notifications.case_submitted")

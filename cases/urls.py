from django.urls import path

from cases.views import account, audit, caregivers, case_actions, queue, responses

app_name = "cases"
urlpatterns = [
    path("queue/", queue.queue, name="queue"),
    path("queue/views/", queue.view_save, name="queue_view_save"),
    path("queue/views/<int:view_id>/delete/", queue.view_delete, name="queue_view_delete"),
    path("queue/bulk-assign/", queue.bulk_assign, name="queue_bulk_assign"),
    path("audit/", audit.audit_trail, name="audit"),
    path("account/time-zone/", account.time_zone, name="time_zone"),
    path("cases/<str:reference>/transition/", case_actions.transition, name="transition"),
    path("cases/<str:reference>/ready/", case_actions.ready_for_mdt, name="ready_for_mdt"),
    path("cases/<str:reference>/request/", case_actions.request_information, name="request_information"),
    path("cases/<str:reference>/answer/", case_actions.answer, name="answer"),
    path("cases/<str:reference>/messages/", case_actions.message_post, name="message_post"),
    path("cases/<str:reference>/notes/", case_actions.note_add, name="note_add"),
    path("cases/<str:reference>/questions/move/", case_actions.question_move, name="question_move"),
    path("cases/<str:reference>/priority/", case_actions.priority, name="priority"),
    path("cases/<str:reference>/team/", case_actions.assignment_add, name="assignment_add"),
    path(
        "cases/<str:reference>/team/<int:assignment_id>/<str:change>/",
        case_actions.assignment_change,
        name="assignment_change",
    ),
    path("cases/<str:reference>/meeting/", case_actions.meeting, name="meeting"),
    path("cases/<str:reference>/responses/", responses.responses, name="responses"),
    path(
        "cases/<str:reference>/responses/<int:assessment_id>/delete/",
        responses.response_delete,
        name="response_delete",
    ),
    path("cases/<str:reference>/ecog/", responses.ecog_add, name="ecog_add"),
    path("cases/<str:reference>/caregivers/", caregivers.caregiver_invite, name="caregiver_invite"),
    path(
        "cases/<str:reference>/caregivers/<int:caregiver_id>/revoke/",
        caregivers.caregiver_revoke,
        name="caregiver_revoke",
    ),
    path("cases/<str:reference>/hand-over/", caregivers.case_hand_over, name="case_hand_over"),
    path("caregivers/accept/<str:token>/", caregivers.caregiver_accept, name="caregiver_accept"),
]

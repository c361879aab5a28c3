"""Every public page in one table (namespace ``web``)."""

from django.urls import include, path

from .views import (
    account,
    checkin,
    events,
    live,
    manage,
    moderation,
    need_page,
    needs,
    pages,
    tickets,
)

app_name = "web"

# The pages of one process, below /processes/<slug>/.
process_pages = [
    path("", pages.process_detail, name="process"),
    path("events/", events.event_list, name="events"),
    path("events/<slug:event>/", events.event_detail, name="event"),
    path("events/<slug:event>/register/", events.event_register, name="event_register"),
    path("registrations/<str:token>/", events.registration_page, name="registration"),
    path(
        "registrations/<str:token>/confirm/",
        events.registration_confirm,
        name="registration_confirm",
    ),
    path(
        "registrations/<str:token>/cancel/", events.registration_cancel, name="registration_cancel"
    ),
    path("registrations/<str:token>/erase/", events.registration_erase, name="registration_erase"),
    path(
        "registrations/<str:token>/workshop/",
        tickets.change_workshop,
        name="registration_workshop",
    ),
    path("registrations/<str:token>/ticket/", tickets.ticket, name="ticket"),
    path("registrations/<str:token>/ticket.pdf", tickets.ticket_pdf, name="ticket_pdf"),
    path("registrations/<str:token>/event.ics", tickets.ticket_ics, name="ticket_ics"),
    path("events/<slug:event>/check-in/", checkin.check_in, name="check_in"),
    path("manage/", manage.dashboard, name="dashboard"),
    path("manage/events/new/", manage.event_new, name="event_new"),
    path("manage/events/<slug:event>/", manage.manage_event, name="manage_event"),
    path("manage/events/<slug:event>/edit/", manage.event_edit, name="event_edit"),
    path("manage/events/<slug:event>/workshops/new/", manage.workshop_new, name="workshop_new"),
    path(
        "manage/events/<slug:event>/registrations/<int:pk>/cancel/",
        manage.cancel_registration,
        name="manage_cancel_registration",
    ),
    path("manage/events/<slug:event>/invitations/", manage.invitations, name="invitations"),
    path("manage/events/<slug:event>/attendance.csv", manage.attendance_csv, name="attendance_csv"),
    path("manage/events/<slug:event>/attendance.pdf", manage.attendance_pdf, name="attendance_pdf"),
    path("manage/events/<slug:event>/badges.pdf", manage.badges_pdf, name="badges_pdf"),
    path("manage/breadth/", manage.breadth, name="breadth"),
    path("manage/mails/", manage.mail_log, name="mail_log"),
    path("", include("mitwirken.web.directory_urls")),
    path(
        "manage/events/<slug:event>/workshops/<int:pk>/board/",
        live.board_for_workshop,
        name="workshop_board",
    ),
    path(
        "events/<slug:event>/workshops/<int:pk>/",
        live.documentation,
        name="workshop_documentation",
    ),
    path(
        "events/<slug:event>/workshops/<int:pk>/documentation.pdf",
        live.documentation_pdf,
        name="workshop_documentation_pdf",
    ),
    path("invitations/<str:token>/", events.invitation_page, name="invitation"),
    path("invitations/<str:token>/decline/", events.invitation_decline, name="invitation_decline"),
    path("needs/", needs.need_list, name="needs"),
    path("needs/new/", needs.need_create, name="need_new"),
    path("needs/<int:pk>/", need_page.need_detail, name="need"),
    path("needs/<int:pk>/edit/", needs.need_edit, name="need_edit"),
    path("needs/<int:pk>/comment/", need_page.comment_create, name="need_comment"),
    path("needs/<int:pk>/support/", need_page.support_toggle, name="need_support"),
    path("needs/<int:pk>/report/", moderation.report_need, name="report_need"),
    path("comments/<int:pk>/report/", moderation.report_comment, name="report_comment"),
    path("moderation/", moderation.queue, name="moderation"),
    path("moderation/needs/<int:pk>/", moderation.moderate_need, name="moderate_need"),
    path("moderation/comments/<int:pk>/", moderation.moderate_comment, name="moderate_comment"),
]

urlpatterns = [
    path("", pages.home, name="home"),
    path("privacy/", pages.privacy, name="privacy"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("imprint/", pages.imprint, name="imprint"),
    path("leichte-sprache/", pages.easy_language, name="easy_language"),
    path("account/needs/", needs.my_needs, name="my_needs"),
    path("manage/", manage.manage_home, name="manage"),
    path("account/data/", account.data_export, name="data_export"),
    path("account/delete/", account.account_delete, name="account_delete"),
    path("processes/<slug:slug>/", include(process_pages)),
    # Live workshops: short addresses for the table card and the projector.
    path("w/", live.enter_code, name="live_enter"),
    path("w/<str:code>/", live.join, name="live_join"),
    path("w/<str:code>/phone/", live.phone, name="live_phone"),
    path("w/<str:code>/cards/", live.submit_card, name="live_card"),
    path("w/<str:code>/dots/", live.dot, name="live_dot"),
    path("w/<str:code>/wall/", live.wall, name="live_wall"),
    path("w/<str:code>/wall/live/", live.wall_live, name="live_wall_live"),
    path("w/<str:code>/facilitate/", live.facilitate, name="live_facilitate"),
    path("w/<str:code>/facilitate/<slug:action>/", live.facilitate_action, name="live_action"),
    path("w/<str:code>/table-card.pdf", live.table_card, name="live_table_card"),
]

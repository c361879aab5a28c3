"""Every public route in one table; each app owns the views it routes to."""

from django.urls import path

from mitwirken.contributions import views as needs
from mitwirken.moderation import views as moderation
from mitwirken.participation import views as participation

from . import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("imprint/", views.imprint, name="imprint"),
    path("account/needs/", needs.my_needs, name="my_needs"),
    path("account/data/", views.data_export, name="data_export"),
    path("account/delete/", views.account_delete, name="account_delete"),
    path("processes/<slug:slug>/", views.process_detail, name="process"),
    path("processes/<slug:slug>/needs/", needs.need_list, name="needs"),
    path("processes/<slug:slug>/needs/new/", needs.need_create, name="need_new"),
    path("processes/<slug:slug>/needs/<int:pk>/", participation.need_detail, name="need"),
    path("processes/<slug:slug>/needs/<int:pk>/edit/", needs.need_edit, name="need_edit"),
    path(
        "processes/<slug:slug>/needs/<int:pk>/comment/",
        participation.comment_create,
        name="need_comment",
    ),
    path(
        "processes/<slug:slug>/needs/<int:pk>/support/",
        participation.support_toggle,
        name="need_support",
    ),
    path(
        "processes/<slug:slug>/needs/<int:pk>/report/",
        moderation.report_need,
        name="report_need",
    ),
    path(
        "processes/<slug:slug>/comments/<int:pk>/report/",
        moderation.report_comment,
        name="report_comment",
    ),
    path("processes/<slug:slug>/moderation/", moderation.queue, name="moderation"),
    path(
        "processes/<slug:slug>/moderation/needs/<int:pk>/",
        moderation.moderate_need,
        name="moderate_need",
    ),
    path(
        "processes/<slug:slug>/moderation/comments/<int:pk>/",
        moderation.moderate_comment,
        name="moderate_comment",
    ),
]

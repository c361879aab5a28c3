from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from mitwirken.api.api import api
from mitwirken.core import views as core_views
from mitwirken.web.views import opendata

admin.site.site_header = _("Mitwirken – set-up and administration")
admin.site.site_title = _("Mitwirken administration")
admin.site.index_title = _("Set up processes")

handler500 = "mitwirken.core.unavailable.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", core_views.health, name="health"),
    # Open data: one stable address per file, the same in every language.
    path(
        "open-data/<slug:slug>/<slug:name>.<str:fmt>",
        opendata.download,
        name="open_data_file",
    ),
    path("api/v1/", api.urls),
]

urlpatterns += i18n_patterns(
    path("", include("mitwirken.web.urls")),
    path("accounts/", include("allauth.urls")),
    path("account/", include("mitwirken.web.account_urls")),
    prefix_default_language=False,
)

if settings.MITWIRKEN_BENCH_VIEW:
    urlpatterns += [path("_bench/minimal", core_views.minimal, name="bench-minimal")]

"""The stakeholder directory of a process (organisers only). Included into
``web.urls.process_pages``: the names are in the namespace ``web``, and ``slug`` is the
process's."""

from django.urls import path

from .views import directory

urlpatterns = [
    path("manage/directory/", directory.directory_list, name="directory"),
    path("manage/directory/new/", directory.directory_new, name="directory_new"),
    path("manage/directory/<int:pk>/edit/", directory.directory_edit, name="directory_edit"),
    path("manage/directory/import/", directory.directory_import, name="directory_import"),
    path(
        "manage/directory/import/<int:pk>/",
        directory.directory_import_report,
        name="directory_import_report",
    ),
]

"""The account pages beside allauth's (namespace ``accounts``)."""

from django.urls import path

from .views import account

app_name = "accounts"

urlpatterns = [path("profile/", account.profile, name="profile")]

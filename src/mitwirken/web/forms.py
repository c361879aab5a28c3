"""The web layer's own forms and the steps every form page shares."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from mitwirken.core import ratelimit

KEEP, DELETE = "keep", "delete"


class DeleteAccountForm(forms.Form):
    contributions = forms.ChoiceField(
        label=_("What should happen to your needs and comments?"),
        choices=[
            (KEEP, _("Keep them without my name (shown as “Deleted account”)")),
            (DELETE, _("Delete them too, with the comments others wrote on my needs")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what happens to your contributions.")},
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account cannot be restored."),
        error_messages={"required": _("Please confirm that you want to delete your account.")},
    )


def add_service_errors(form: forms.Form, exc: ValidationError, field: str | None = None) -> None:
    """Shows a service's ValidationError on the form: under the field it names (or
    ``field``), else above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(field, exc.messages)
        return
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


TOO_MANY = _("You have sent a lot in a short time. Please wait a few minutes and send it again.")


def run_service(
    request,
    form: forms.Form,
    call: Callable[[], Any],
    field: str | None = None,
    limit: ratelimit.Limit | None = None,
):
    """On a POST with a valid form: calls the service and returns its result. Otherwise,
    or when the service rejects the input, returns None and the form shows why (keeping
    what was typed). ``limit``: submissions per person (or address) and time; beyond it
    the form says so and the page answers 429."""
    if request.method != "POST" or not form.is_valid():
        return None
    if limit is not None and not ratelimit.allow(limit, ratelimit.who(request)):
        form.add_error(None, TOO_MANY)
        form.rate_limited = True
        return None
    try:
        return call()
    except ValidationError as exc:
        add_service_errors(form, exc, field)
        return None


def run_create(
    request, form, call, *, saved: str, again: str, field: str | None = None, limit=None
):
    """``run_service`` for a service that returns (object, created): tells the person their
    submission was saved, or that a repeated one was not saved twice (the one-time key
    found the first), and returns the object; None when the form shows errors."""
    result = run_service(request, form, call, field, limit)
    if result is None:
        return None
    obj, created = result
    if created:
        messages.success(request, saved)
    else:
        messages.info(request, again)
    return obj


def form_page(request, template: str, context: dict):
    """A page with a form: 400 when the form shows errors, so clients and tests see it."""
    form = context["form"]
    status = 429 if getattr(form, "rate_limited", False) else 400 if form.errors else 200
    return render(request, template, context, status=status)

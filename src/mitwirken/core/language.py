"""The visitor's language, found on the first visit and kept.

German, the default, has no prefix in the address; every other language has one (/en/,
/ar/ …). The middleware remembers the language of the last page a person saw in the
language cookie, and answers the bare start page ``/`` for someone whose cookie — or, on
a first visit, whose browser (Accept-Language) — asks for another language with a
redirect there. The redirect varies on both, so it can be cached; every other page stays
what its address says. The language links carry ``?lang=``, which sets the cookie, so
choosing German on the start page sticks."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, get_language_from_request

CODES = {code for code, _name in settings.LANGUAGES}


class LanguageMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.GET.get("lang")
        if chosen not in CODES:
            chosen = None
        if request.path == "/" and request.method in ("GET", "HEAD") and chosen is None:
            wanted = get_language_from_request(request, check_path=False)
            if wanted in CODES and wanted != settings.LANGUAGE_CODE:
                response = HttpResponseRedirect(f"/{wanted}/")
                patch_vary_headers(response, ("Accept-Language", "Cookie"))
                return response
        response = self.get_response(request)
        if request.path == "/":
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        current = chosen or get_language()
        if (
            current in CODES
            and request.method == "GET"
            and response.status_code == 200
            and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != current
            and (chosen or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        ):
            # Remembered once the person chose (a language link) or had chosen before.
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                current,
                max_age=365 * 24 * 3600,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
            )
        return response

"""Printable documents (ticket, attendance list, name badges) rendered from HTML templates
with WeasyPrint. Everything a document shows is inline (styles, the QR code as SVG): the
renderer may fetch nothing from the network or the disk, only ``data:`` addresses."""

from django.http import HttpResponse
from django.template.loader import render_to_string


def pdf_response(request, template: str, context: dict, filename: str) -> HttpResponse:
    from weasyprint import HTML  # imported here: it loads Pango, needed by these pages only
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, context, request=request)
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"}))
    response = HttpResponse(document.write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response

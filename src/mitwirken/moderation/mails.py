"""Authors are told when moderators hide or restore what they wrote: by e-mail, in the
language they last used the platform in (their page shows it too)."""

from django.conf import settings
from django.utils import translation

from mitwirken.contributions.models import Need
from mitwirken.core.mail import queue_mail, render_mail
from mitwirken.participation.models import Comment


def tell_author(target: Need | Comment, *, hidden: bool) -> None:
    author = target.author
    if author is None or not author.email:
        return
    need = target if isinstance(target, Need) else target.need
    template = "moderation/mail/hidden.txt" if hidden else "moderation/mail/restored.txt"
    with translation.override(author.language or settings.LANGUAGE_CODE):
        link = settings.MITWIRKEN_SITE_URL + need.get_absolute_url()
        if isinstance(target, Comment):
            link += f"#comment-{target.pk}"
        subject, body, html = render_mail(
            template,
            {
                "author": author,
                "target": target,
                "is_need": isinstance(target, Need),
                "need": need,
                "link": link,
                "site_name": settings.MITWIRKEN_SITE_NAME,
            },
        )
    queue_mail(
        kind="hidden" if hidden else "restored",
        to=author.email,
        subject=subject,
        body=body,
        html=html,
        topic=f"process:{need.process_id}",
    )

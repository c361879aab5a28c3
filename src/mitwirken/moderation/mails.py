"""Authors are told when moderators hide or restore what they wrote: by e-mail, in the
language they last used the platform in (their page shows it too)."""

from django.conf import settings
from django.utils import translation

from mitwirken.concept.models import ConceptComment
from mitwirken.contributions.models import Need
from mitwirken.core.mail import queue_mail, render_mail
from mitwirken.participation.models import Comment


def tell_author(target: Need | Comment | ConceptComment, *, hidden: bool) -> None:
    author = target.author
    if author is None or not author.email:
        return
    template = "moderation/mail/hidden.txt" if hidden else "moderation/mail/restored.txt"
    is_concept = isinstance(target, ConceptComment)
    need = target if isinstance(target, Need) else (None if is_concept else target.need)
    process_id = target.version.draft.process_id if is_concept else need.process_id
    with translation.override(author.language or settings.LANGUAGE_CODE):
        if is_concept:
            link = settings.MITWIRKEN_SITE_URL + target.get_absolute_url()
        else:
            link = settings.MITWIRKEN_SITE_URL + need.get_absolute_url()
        if isinstance(target, Comment):
            link += f"#comment-{target.pk}"
        subject, body, html = render_mail(
            template,
            {
                "author": author,
                "target": target,
                "is_need": isinstance(target, Need),
                "is_concept": is_concept,
                "need": need,
                "concept_title": target.version.title if is_concept else "",
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
        topic=f"process:{process_id}",
    )

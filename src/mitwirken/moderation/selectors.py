from mitwirken.concept.models import ConceptComment
from mitwirken.contributions.models import Need
from mitwirken.participation.models import Comment

from .models import LogEntry, Report


def open_reports(process):
    return (
        Report.objects.filter(process=process, state=Report.State.OPEN)
        .select_related(
            "need",
            "comment",
            "comment__author",
            "comment__need",
            "need__author",
            "reporter",
            "concept_comment__author",
            "concept_comment__version",
        )
        .order_by("created_at")
    )


def queue(process) -> list[dict]:
    """Open reports grouped by content: one row per reported need or comment."""
    rows: dict[tuple[str, int], dict] = {}
    for rep in open_reports(process)[:500]:
        if rep.need_id:
            key = ("need", rep.need_id)
        elif rep.comment_id:
            key = ("comment", rep.comment_id)
        else:
            key = ("concept_comment", rep.concept_comment_id)
        row = rows.setdefault(
            key,
            {
                "kind": key[0],
                "target": rep.need or rep.comment or rep.concept_comment,
                "reasons": [],
            },
        )
        row["reasons"].append(rep.reason)
    return list(rows.values())


def hidden_content(process) -> dict:
    return {
        "needs": list(
            Need.objects.filter(process=process, is_hidden=True).order_by("-hidden_at")[:100]
        ),
        "comments": list(
            Comment.objects.filter(need__process=process, is_hidden=True)
            .select_related("need", "author")
            .order_by("-hidden_at")[:100]
        ),
        "concept_comments": list(
            ConceptComment.objects.filter(version__draft__process=process, is_hidden=True)
            .select_related("version")
            .order_by("-hidden_at")[:100]
        ),
    }


def log(process, limit: int = 50):
    return LogEntry.objects.filter(process=process).select_related(
        "actor", "need", "comment", "concept_comment"
    )[:limit]


def open_report_count(process) -> int:
    return Report.objects.filter(process=process, state=Report.State.OPEN).count()


def personal_data(user) -> list[dict]:
    """The reports a person filed, for the data export."""
    return [
        {
            "need_id": report.need_id,
            "comment_id": report.comment_id,
            "concept_comment_id": report.concept_comment_id,
            "reason": report.reason,
            "state": report.state,
            "reported_at": report.created_at.isoformat(),
        }
        for report in Report.objects.filter(reporter=user).order_by("created_at")
    ]

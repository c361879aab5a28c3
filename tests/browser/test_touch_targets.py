"""Every link and button on the main pages, at phone size (390 × 844), is at least
44 × 44 px, or has 44 px of room: the 44 × 44 square around its centre touches no other
target (the spacing exception of WCAG 2.5.8, applied with 44 px)."""

import pytest

from .test_user_stories import demo, login  # noqa: F401 - the demo fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOO_SMALL = """
() => {
  const sel = 'a[href], button, summary, input[type=checkbox], input[type=radio], select';
  const els = [...document.querySelectorAll(sel)].filter(e => {
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden';
  });
  const boxes = els.map(e => e.getBoundingClientRect());
  const small = [];
  els.forEach((e, i) => {
    const r = boxes[i];
    if (r.width >= 44 && r.height >= 44) return;
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    const touches = boxes.some((o, j) => j !== i && !els[j].contains(e) && !e.contains(els[j])
      && !(o.right <= cx - 22 || o.left >= cx + 22 || o.bottom <= cy - 22 || o.top >= cy + 22));
    if (touches) small.push(`${e.tagName} "${(e.innerText || e.value || '').trim().slice(0, 40)}" `
      + `${Math.round(r.width)}x${Math.round(r.height)}`);
  });
  return small;
}
"""


def test_touch_targets_on_a_phone(visitor_factory, demo, alice, organiser):  # noqa: F811
    import datetime

    from django.utils import timezone

    from mitwirken.contributions.models import Need
    from mitwirken.events import services as event_services

    event = event_services.create_event(
        actor=organiser,
        process=demo,
        kind="regional",
        title="Regionalkonferenz in Dessau",
        slug="dessau",
        date=timezone.localdate() + datetime.timedelta(days=10),
        capacity=80,
        published=True,
    )
    event_services.add_workshop(
        actor=organiser, event=event, title="Themenforum Arbeit", capacity=20
    )
    need = Need.objects.filter(process=demo).first()
    # what became of the needs: an action approach, and an answer
    from mitwirken.approaches import services as approach_services
    from mitwirken.contributions import status

    approach, _created = approach_services.create_approach(
        actor=organiser,
        process=demo,
        needs=[need],
        content=approach_services.ApproachContent(
            title="Kinderbetreuung an Kursorten",
            description="Mit den Kursträgern.",
            field_of_action=need.field_of_action,
        ),
    )
    other = Need.objects.filter(process=demo).exclude(pk=need.pk).first()
    status.set_status(
        actor=organiser, need=other, status="not_adopted", response="Dafür ist der Bund zuständig."
    )
    visitor = visitor_factory()
    visitor.page.set_viewport_size({"width": 390, "height": 844})
    pages = [
        "/",
        f"/processes/{demo.slug}/",
        f"/processes/{demo.slug}/needs/",
        need.get_absolute_url(),
        event.get_absolute_url(),
        event.get_absolute_url() + "register/",
        "/leichte-sprache/",
        f"/processes/{demo.slug}/outcomes/",
        f"/processes/{demo.slug}/approaches/",
        approach.get_absolute_url(),
        f"/processes/{demo.slug}/open-data/",
        "/ar/",
    ]
    problems = {}
    for path in pages:
        visitor.goto(path)
        small = visitor.page.evaluate(TOO_SMALL)
        if small:
            problems[path] = small
    login(visitor, alice.email)
    visitor.goto(f"/processes/{demo.slug}/needs/new/")
    small = visitor.page.evaluate(TOO_SMALL)
    if small:
        problems["needs/new (logged in)"] = small
    assert not problems, problems

from collections import Counter

from django.core.management import call_command

from mitwirken.contributions.models import Need
from mitwirken.moderation.models import Report
from mitwirken.participation.models import Comment, Support
from mitwirken.processes.models import Process, ProcessMembership


def test_seed_demo_builds_the_saxony_anhalt_process(db):
    call_command("seed_demo", quiet=True)
    process = Process.objects.get(slug="integrationskonzept-sachsen-anhalt")
    assert process.is_published
    phases = list(process.phases.order_by("position"))
    assert str(phases[0].start_date) == "2019-09-12" and "Magdeburg" in phases[0].title
    assert any(p.allows_needs for p in phases)
    assert 8 <= process.fields_of_action.count() <= 10
    needs = Need.objects.filter(process=process)
    assert needs.count() >= 150
    assert len(Counter(needs.values_list("region", flat=True))) >= 14
    assert (
        len(set(needs.values_list("field_of_action", flat=True)))
        == process.fields_of_action.count()
    )
    assert len(set(needs.values_list("stakeholder_group", flat=True))) >= 12
    assert Comment.objects.filter(need__process=process).count() >= 100
    supports = Support.objects.filter(need__process=process).count()
    assert supports >= 300
    assert sum(needs.values_list("support_count", flat=True)) == supports
    roles = set(ProcessMembership.objects.filter(process=process).values_list("role", flat=True))
    assert roles == {"organiser", "moderator"}
    assert Report.objects.filter(process=process, state="open").count() == 1


def test_seed_demo_is_idempotent(db):
    call_command("seed_demo", quiet=True)
    count = Need.objects.count()
    call_command("seed_demo", quiet=True)
    assert Need.objects.count() == count


def test_the_four_conferences_of_2019_each_have_a_page_from_the_home_page(client, db):
    """Each 2019 conference on its own page: the city in its heading, the date in its
    text, reachable from the home page through the process page."""
    call_command("seed_demo", quiet=True)
    process = Process.objects.get(slug="integrationskonzept-sachsen-anhalt")
    home = client.get("/").content.decode()
    assert process.get_absolute_url() in home
    process_page = client.get(process.get_absolute_url()).content.decode()
    for city, date in [
        ("Magdeburg", "12. September 2019"),
        ("Dessau", "18. September 2019"),
        ("Stendal", "24. September 2019"),
        ("Halle", "26. September 2019"),
    ]:
        event = process.events.get(title__endswith=f"in {city}")
        assert event.get_absolute_url() in process_page
        html = client.get(event.get_absolute_url()).content.decode()
        heading = html.split("<h1", 1)[1].split("</h1>", 1)[0]
        assert city in heading and date in html
        assert event.workshops.count() >= 3


def test_the_demos_workshops_are_documented_from_the_home_page(client, db):
    """At least three workshop results reachable from the home page, each with its dot
    vote, each linking a PDF that repeats the page's ranking."""
    import io
    import re

    import pypdf

    call_command("seed_demo", quiet=True)
    home = client.get("/").content.decode()
    process_url = re.search(r'href="(/processes/[^"/]+/)"', home).group(1)
    process_page = client.get(process_url).content.decode()
    event_urls = sorted(set(re.findall(rf'href="({process_url}events/[a-z0-9-]+/)"', process_page)))
    documented = 0
    for event_url in event_urls:
        event_page = client.get(event_url).content.decode()
        for url in re.findall(rf'href="({event_url}workshops/\d+/)"', event_page):
            page = client.get(url).content.decode()
            assert "Ergebnis der Punktabstimmung" in page
            ranking = re.findall(
                r'<th scope="row"[^>]*>([^<]+)</th><td class="num">(\d+)</td>', page
            )
            assert ranking, url
            assert f'href="{url}documentation.pdf"' in page
            pdf = client.get(url + "documentation.pdf")
            text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
            text = " ".join(text.split())
            for title, dots in ranking:
                assert f"{' '.join(title.split())} {dots}" in text, (url, title)
            documented += 1
    assert documented >= 3


def test_the_demos_published_concept_from_the_home_page_as_pdf_and_docx(client, db):
    """The final concept linked from the home page; its PDF has 10+ pages carrying every
    action approach, "Beteiligung in Zahlen" and the four conferences; its DOCX has 8+
    headings in heading styles and the same appendix; the open data is linked too."""
    import io
    import re

    import docx
    import pypdf

    call_command("seed_demo", quiet=True)
    process = Process.objects.get(slug="integrationskonzept-sachsen-anhalt")
    home = client.get("/").content.decode()
    link = re.search(
        r'href="([^"]+)">Das veröffentlichte Konzept lesen|href="([^"]+/concept/v/\d+/)"', home
    )
    assert link, "no link to the published concept on the home page"
    version_url = link.group(1) or link.group(2)
    page = client.get(version_url).content.decode()
    pdf_url = re.search(r'href="([^"]+concept\.pdf)"', page).group(1)
    docx_url = re.search(r'href="([^"]+concept\.docx)"', page).group(1)
    reader = pypdf.PdfReader(io.BytesIO(client.get(pdf_url).content))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert len(reader.pages) >= 10
    assert "Beteiligung in Zahlen" in text
    for approach in process.approaches.all():
        assert " ".join(approach.title.split()) in text, approach.title
    for city in ("Magdeburg", "Dessau", "Stendal", "Halle"):
        title = process.events.get(title__endswith=f"in {city}").title
        assert title in text, title
    document = docx.Document(io.BytesIO(client.get(docx_url).content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) >= 8 and any("Beteiligung in Zahlen" in h for h in headings)
    process_page = client.get(process.get_absolute_url()).content.decode()
    assert f"/processes/{process.slug}/open-data/" in process_page

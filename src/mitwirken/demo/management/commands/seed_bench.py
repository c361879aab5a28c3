"""Fills PostgreSQL with a state-wide process for `make bench`: by default 100,000 needs,
1,000,000 supports and 100,000 comments, in set-based SQL (a few minutes on two cores).

Runs once per database: if the bench process already has the wanted number of needs it
does nothing. The counters (support_count, comment_count) are computed from the rows, and
the German full-text vectors are written for every need, exactly as the services do.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from mitwirken.accounts import services as account_services
from mitwirken.contributions import services as need_services
from mitwirken.contributions.models import Need
from mitwirken.core.actors import OPERATOR
from mitwirken.processes import services as process_services
from mitwirken.processes.models import Phase, Region, StakeholderGroup

SLUG = "bench"
WORDS = [
    "Sprachkurs",
    "Kinderbetreuung",
    "Wohnung",
    "Beratung",
    "Ausbildung",
    "Anerkennung",
    "Pflege",
    "Arztpraxis",
    "Dolmetschen",
    "Schule",
    "Kita",
    "Ehrenamt",
    "Verein",
    "Jobcenter",
    "Ausländerbehörde",
    "Busverbindung",
    "Integrationskurs",
    "Berufssprachkurs",
    "Nachbarschaft",
    "Diskriminierung",
    "Praktikum",
    "Elternarbeit",
    "Sozialarbeit",
    "Sprachmittlung",
    "Fortbildung",
    "Termin",
    "Wartezeit",
    "Unterkunft",
    "Sport",
    "Frauen",
]


class Command(BaseCommand):
    help = "Seeds the benchmark process (PostgreSQL only)."

    def add_arguments(self, parser):
        parser.add_argument("--needs", type=int, default=100_000)
        parser.add_argument("--supports", type=int, default=1_000_000)
        parser.add_argument("--comments", type=int, default=100_000)
        parser.add_argument("--users", type=int, default=20_000)

    def handle(self, *args, needs: int, supports: int, comments: int, users: int, **opts):
        if connection.vendor != "postgresql":
            raise CommandError("seed_bench needs PostgreSQL (set DATABASE_URL).")
        from mitwirken.processes.models import Process

        process = Process.objects.filter(slug=SLUG).first()
        if process and Need.objects.filter(process=process).count() >= needs:
            self.stdout.write(f"bench process exists with >= {needs} needs; nothing to do")
            return
        if process:
            raise CommandError("incomplete bench process found: drop the bench database first")
        started = time.monotonic()
        with transaction.atomic():
            process = self._process()
            self._users(users)
            self._needs(process, needs)
            self._supports(process, supports, users)
            self._comments(process, comments)
            self._counters(process)
        need_services.rebuild_search_index(actor=OPERATOR, process=process)
        with connection.cursor() as cursor:  # as autovacuum would do on a live system
            cursor.execute("VACUUM ANALYZE")
        self.stdout.write(f"seeded in {time.monotonic() - started:.0f} s")

    def _process(self):
        import datetime

        from django.utils import timezone

        organisation = account_services.ensure_organisation(
            actor=OPERATOR, name="Benchmark-Ministerium"
        )
        process = process_services.create_process(
            actor=OPERATOR,
            title="Lasttest-Prozess",
            slug=SLUG,
            summary="Daten für make bench.",
            organiser=organisation,
            published=True,
            regions=list(Region.objects.all()),
            stakeholder_groups=list(StakeholderGroup.objects.all()),
        )
        today = timezone.localdate()
        process_services.add_phase(
            actor=OPERATOR,
            process=process,
            kind=Phase.Kind.ONLINE,
            title="Online-Beteiligung",
            start_date=today - datetime.timedelta(days=30),
            end_date=today + datetime.timedelta(days=30),
            allows_needs=True,
            allows_comments=True,
            allows_supports=True,
        )
        for index, word in enumerate(
            [
                "sprache",
                "beratung",
                "bildung",
                "arbeit",
                "wohnen",
                "gesundheit",
                "teilhabe",
                "oeffnung",
            ]
        ):
            process_services.add_field_of_action(
                actor=OPERATOR,
                process=process,
                slug=word,
                title=f"Handlungsfeld {index + 1}: {word}",
            )
        return process

    def _execute(self, label: str, sql: str, params=()) -> None:
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.rowcount
        self.stdout.write(f"  {label}: {rows} rows in {time.monotonic() - started:.1f} s")
        self.stdout.flush()

    def _users(self, users: int) -> None:
        self._execute(
            "users",
            """
            INSERT INTO accounts_user (password, is_superuser, email, first_name, last_name,
                is_staff, is_active, date_joined, display_name)
            SELECT '!', false, 'bench' || g || '@bench.invalid', '', '', false, true, now(),
                   'Teilnehmende ' || g
            FROM generate_series(1, %s) AS g
            ON CONFLICT DO NOTHING
            """,
            [users],
        )

    def _needs(self, process, needs: int) -> None:
        self._execute(
            "needs",
            """
            WITH f AS (SELECT array_agg(id ORDER BY id) a FROM processes_fieldofaction
                       WHERE process_id = %(p)s),
                 r AS (SELECT array_agg(id ORDER BY id) a FROM processes_region),
                 s AS (SELECT array_agg(id ORDER BY id) a FROM processes_stakeholdergroup),
                 u AS (SELECT array_agg(id ORDER BY id) a FROM accounts_user
                       WHERE email LIKE '%%@bench.invalid'),
                 w AS (SELECT %(words)s::text[] a)
            INSERT INTO contributions_need (process_id, field_of_action_id, region_id,
                stakeholder_group_id, target_group, title, text, author_id, source, status,
                response, support_count, comment_count, is_hidden, hidden_reason,
                created_at, updated_at)
            SELECT %(p)s,
                   f.a[1 + g %% array_length(f.a, 1)],
                   CASE WHEN g %% 7 = 0 THEN NULL ELSE r.a[1 + (g / 3) %% array_length(r.a, 1)] END,
                   s.a[1 + (g / 5) %% array_length(s.a, 1)],
                   '',
                   'Bedarf ' || g || ': ' || w.a[1 + g %% 30] || ' und ' || w.a[1 + (g * 7) %% 30],
                   'Wir brauchen mehr ' || w.a[1 + (g * 3) %% 30] || ' für ' ||
                       w.a[1 + (g * 11) %% 30] || '. Bisher fehlt ' || w.a[1 + (g * 13) %% 30] ||
                       ' in unserer Region, besonders bei ' || w.a[1 + (g * 17) %% 30] || '.',
                   u.a[1 + g %% array_length(u.a, 1)],
                   'online', 'received', '', 0, 0, g %% 500 = 0, '',
                   now() - (g || ' minutes')::interval, now()
            FROM generate_series(1, %(n)s) AS g, f, r, s, u, w
            """,
            {"p": process.pk, "n": needs, "words": WORDS},
        )

    def _supports(self, process, supports: int, users: int) -> None:
        """Each bench user supports `per_user` distinct needs: positions (rn * 7919 + k * 4729)
        modulo the number of needs are distinct for k < n because 4729 is coprime to it
        (10^5 = 2^5 * 5^5). Joined by row number: a hash join, no per-row array access."""
        per_user = max(1, supports // users)
        self._execute(
            "supports",
            """
            WITH n AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS pos
                       FROM contributions_need WHERE process_id = %(p)s),
                 total AS (SELECT count(*) AS c FROM n),
                 u AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM accounts_user
                       WHERE email LIKE '%%@bench.invalid'),
                 pairs AS (SELECT u.id AS user_id, (u.rn * 7919 + k * 4729) %% total.c AS pos
                           FROM u, total, generate_series(0, %(k)s - 1) AS k)
            INSERT INTO participation_support (need_id, user_id, created_at)
            SELECT n.id, pairs.user_id, now() FROM pairs JOIN n USING (pos)
            ON CONFLICT DO NOTHING
            """,
            {"p": process.pk, "k": per_user},
        )

    def _comments(self, process, comments: int) -> None:
        self._execute(
            "comments",
            """
            WITH n AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS pos
                       FROM contributions_need WHERE process_id = %(p)s),
                 total AS (SELECT count(*) AS c FROM n),
                 u AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS pos FROM accounts_user
                       WHERE email LIKE '%%@bench.invalid'),
                 users AS (SELECT count(*) AS c FROM u),
                 g AS (SELECT g, (g * 37) %% total.c AS need_pos, (g * 13) %% users.c AS user_pos
                       FROM generate_series(1, %(c)s) AS g, total, users)
            INSERT INTO participation_comment (need_id, author_id, text, is_hidden,
                hidden_reason, created_at)
            SELECT n.id, u.id,
                   'Kommentar ' || g.g || ': Das sehe ich auch so, bei uns fehlt es ebenfalls.',
                   false, '', now() - (g.g || ' seconds')::interval
            FROM g JOIN n ON n.pos = g.need_pos JOIN u ON u.pos = g.user_pos
            """,
            {"p": process.pk, "c": comments},
        )

    def _counters(self, process) -> None:
        self._execute(
            "counters",
            """
            UPDATE contributions_need AS need SET
              support_count = COALESCE(s.c, 0), comment_count = COALESCE(c.c, 0)
            FROM contributions_need AS base
            LEFT JOIN (SELECT need_id, count(*) c FROM participation_support GROUP BY need_id) s
                   ON s.need_id = base.id
            LEFT JOIN (SELECT need_id, count(*) c FROM participation_comment
                       WHERE NOT is_hidden GROUP BY need_id) c ON c.need_id = base.id
            WHERE need.id = base.id AND base.process_id = %s
            """,
            [process.pk],
        )

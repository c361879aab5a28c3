"""`make faults`: what a person loses when an app server dies or PostgreSQL restarts in
the middle of submissions (not part of CI: it restarts the machine's PostgreSQL).

Serves the app with gunicorn (2 workers) on PostgreSQL, logs in 20 people (session
cookies), and lets them submit needs, comments and supports through the HTML forms at
concurrency 8, while it kills an app worker with ``kill -9`` twice and restarts
PostgreSQL once. A person who sees an error presses submit again, up to three times:

  same      the same form again (same one-time key);
  reload    the form reloaded (a new key) and the same text sent again;
  no-retry  nobody presses again: how many were told "error" although it was saved.

At the end it counts from the database: acknowledged but lost, duplicated, half-written
(a need without its search vector or with wrong counters, a support without its counter),
and the errors by kind. ``--plant`` turns the one-time keys off (ONE_TIME_KEYS=false):
the run must then report duplicates, which shows it can fail.

Run through scripts/faults.sh, which prepares the database and the environment."""

from __future__ import annotations

import argparse
import collections
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import django
import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mitwirken.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402

from mitwirken.accounts.models import User  # noqa: E402
from mitwirken.contributions.models import Need  # noqa: E402
from mitwirken.participation.models import Comment, Support  # noqa: E402

SLUG = "bench"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY = re.compile(r'name="submission_key" value="([^"]*)"')
FIELD = re.compile(r'<select[^>]*name="field_of_action"[^>]*>.*?<option value="([a-z0-9-]+)"', re.S)


@dataclass
class Action:
    kind: str  # need, comment, support
    token: str
    need_id: int = 0
    presses: int = 0
    acknowledged: bool = False
    told_error: bool = False
    errors: list[str] = field(default_factory=list)


def session_cookie(user: User) -> str:
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[BACKEND_SESSION_KEY] = "mitwirken.accounts.backends.CachedModelBackend"
    store.create()
    return store.session_key


class Person:
    def __init__(self, base: str, user: User, need_ids: list[int], variant: str) -> None:
        self.base = base
        self.variant = variant
        self.need_ids = need_ids
        self.http = requests.Session()
        self.http.cookies.set(settings.SESSION_COOKIE_NAME, session_cookie(user))

    def _get(self, path: str) -> str | None:
        for _ in range(20):  # a person reloads a page that does not come
            try:
                response = self.http.get(self.base + path, timeout=15)
                if response.status_code == 200:
                    return response.text
            except requests.RequestException:
                pass
            time.sleep(0.3)
        return None

    def act(self, action: Action) -> None:
        if action.kind == "need":
            path = f"/processes/{SLUG}/needs/new/"
        else:
            path = f"/processes/{SLUG}/needs/{action.need_id}/"
        page = self._get(path)
        if page is None:
            action.errors.append("form unreachable")
            return
        data = self._data(action, page)
        for press in range(4):
            action.presses = press + 1
            target = (
                f"/processes/{SLUG}/needs/new/"
                if action.kind == "need"
                else f"/processes/{SLUG}/needs/{action.need_id}/{action.kind}/"
            )
            kind = self._press(target, data)
            if kind == "ok":
                action.acknowledged = True
                return
            action.errors.append(kind)
            action.told_error = True
            if self.variant == "no-retry":
                return
            time.sleep(0.5)
            if self.variant == "reload":
                page = self._get(path)
                if page is None:
                    return
                data = self._data(action, page)

    def _data(self, action: Action, page: str) -> dict:
        token = CSRF.search(page)
        data = {"csrfmiddlewaretoken": token.group(1) if token else ""}
        key = KEY.search(page)
        if action.kind == "need":
            data |= {
                "title": f"Bedarf aus dem Fehlertest {action.token}",
                "text": f"Kinderbetreuung während der Sprachkurse fehlt. {action.token}",
                "field_of_action": FIELD.search(page).group(1),
                "submission_key": key.group(1) if key else "",
            }
        elif action.kind == "comment":
            data |= {"text": f"Das sehe ich genauso. {action.token}"}
            if key:
                data["submission_key"] = key.group(1)
        return data

    def _press(self, target: str, data: dict) -> str:
        try:
            response = self.http.post(
                self.base + target,
                data=data,
                timeout=15,
                allow_redirects=False,
                headers={"Referer": self.base + target},
            )
        except requests.ConnectionError:
            return "connection"
        except requests.Timeout:
            return "timeout"
        if response.status_code in (302, 303):
            return "ok"
        return f"http {response.status_code}"


def plan(people: int, seconds: float, need_ids: list[int], seed: int) -> list[list[Action]]:
    rng = random.Random(seed)
    run = f"{time.time_ns() // 1_000_000:x}"  # every run its own texts
    per_person = max(4, int(seconds * 2.5))
    queues = []
    for p in range(people):
        queue = []
        for i in range(per_person):
            roll = rng.random()
            kind = "need" if roll < 0.5 else "comment" if roll < 0.8 else "support"
            queue.append(Action(kind, f"[F{run}-{p}-{i}]", need_id=rng.choice(need_ids)))
        queues.append(queue)
    return queues


def workers_of(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


def restart_postgres() -> float:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    started = time.monotonic()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
        check=True,
        capture_output=True,
    )
    return time.monotonic() - started


def count(actions: list[Action], supporters: dict[int, int]) -> dict:
    connection.close()
    needs = [a for a in actions if a.kind == "need"]
    comments = [a for a in actions if a.kind == "comment"]
    supports = [a for a in actions if a.kind == "support"]
    tokens = [a.token for a in needs]
    stored_needs = collections.Counter()
    half = 0
    for token in tokens:
        rows = list(Need.objects.filter(process__slug=SLUG, text__endswith=token).values_list(
            "id", "search_vector"))  # fmt: skip
        stored_needs[token] = len(rows)
        half += sum(1 for _pk, vector in rows if vector is None)
    stored_comments = collections.Counter()
    for a in comments:
        stored_comments[a.token] = Comment.objects.filter(
            need_id=a.need_id, text__endswith=a.token
        ).count()
    # Counters: every need the run touched whose counts disagree with its rows.
    touched = {a.need_id for a in comments + supports} | set(
        Need.objects.filter(process__slug=SLUG, text__regex=r"\[F[0-9a-f]+-").values_list(
            "id", flat=True
        )
    )
    wrong_counters = (
        Need.objects.filter(pk__in=touched)
        .annotate(
            s=Count("supports", distinct=True),
            c=Count("comments", filter=Q(comments__is_hidden=False), distinct=True),
        )
        .exclude(support_count=models_f("s"), comment_count=models_f("c"))
        .count()
    )
    stored_supports = {
        (uid, nid)
        for uid, nid in Support.objects.filter(need__process__slug=SLUG).values_list(
            "user_id", "need_id"
        )
    }
    result = {"submitted": len(actions), "acknowledged": sum(a.acknowledged for a in actions)}
    lost = sum(1 for a in needs if a.acknowledged and not stored_needs[a.token])
    lost += sum(1 for a in comments if a.acknowledged and not stored_comments[a.token])
    lost += sum(
        1
        for a in supports
        if a.acknowledged and (supporters[id(a)], a.need_id) not in stored_supports
    )
    stored = (
        sum(1 for a in needs if stored_needs[a.token])
        + sum(1 for a in comments if stored_comments[a.token])
        + sum(1 for a in supports if (supporters[id(a)], a.need_id) in stored_supports)
    )
    result |= {
        "stored": stored,
        "lost": lost,
        "duplicated": sum(n - 1 for n in stored_needs.values() if n > 1)
        + sum(n - 1 for n in stored_comments.values() if n > 1),
        "half-written": half + wrong_counters,
        "gave up (last press failed)": sum(1 for a in actions if not a.acknowledged and a.errors),
        "told error although saved": sum(
            1
            for a in actions
            if a.told_error
            and not a.acknowledged
            and (
                stored_needs.get(a.token)
                or stored_comments.get(a.token)
                or (a.kind == "support" and (supporters[id(a)], a.need_id) in stored_supports)
            )
        ),
        "presses": sum(a.presses for a in actions),
        "errors": dict(collections.Counter(e for a in actions for e in a.errors)),
    }
    return result


def models_f(name):
    from django.db.models import F

    return F(name)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--variant", choices=["same", "reload", "no-retry"], default="same")
    parser.add_argument("--seconds", type=float, default=24)
    parser.add_argument("--people", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--no-faults", action="store_true", help="the same load, no faults")
    parser.add_argument(
        "--kills", type=int, default=2, help="kill -9 of a worker this many times (spread out)"
    )
    args = parser.parse_args()

    base = f"http://127.0.0.1:{args.port}"
    users = list(
        User.objects.filter(email__endswith="@bench.invalid").order_by("pk")[: args.people]
    )
    need_ids = list(
        Need.objects.filter(process__slug=SLUG, is_hidden=False).values_list("id", flat=True)[:300]
    )
    connection.close()
    queues = plan(len(users), args.seconds, need_ids, args.seed)
    people = [Person(base, u, need_ids, args.variant) for u in users]
    supporters = {id(a): users[p].pk for p, q in enumerate(queues) for a in q}

    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "mitwirken.wsgi:application", "--pythonpath", "src",
         "--workers", "2", "--timeout", "20", "--bind", f"127.0.0.1:{args.port}",
         "--error-logfile", "var/faults-gunicorn.log", "--log-level", "warning"],
        cwd=ROOT,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                if requests.get(base + "/healthz", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        lock = threading.Lock()
        pending = collections.deque((p, q) for p, q in zip(people, queues, strict=True))
        stop_at = time.monotonic() + args.seconds

        def work():
            while time.monotonic() < stop_at:
                with lock:
                    if not pending:
                        return
                    person, queue = pending.popleft()
                if queue:
                    action = queue.pop(0)
                    person.act(action)
                    done.append(action)
                    with lock:
                        pending.append((person, queue))

        done: list[Action] = []
        threads = [threading.Thread(target=work) for _ in range(args.concurrency)]
        for t in threads:
            t.start()
        events = []
        if not args.no_faults:
            # The kills spread over the run, the PostgreSQL restart in its middle.
            plan_ = [(args.seconds * (i + 1) / (args.kills + 1), "kill") for i in range(args.kills)]
            plan_.append((args.seconds * 0.45, "pg"))
            started = stop_at - args.seconds
            for at, what in sorted(plan_):
                time.sleep(max(0.0, started + at - time.monotonic()))
                if what == "kill":
                    victims = workers_of(server.pid)
                    try:
                        os.kill(random.choice(victims), signal.SIGKILL)
                        events.append("kill -9")
                    except (IndexError, ProcessLookupError):  # being replaced just now
                        pass
                else:
                    took = restart_postgres()
                    events.append(f"PostgreSQL restarted ({took:.1f} s)")
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    result = count(done, supporters)
    plant = "" if settings.MITWIRKEN_ONE_TIME_KEYS else " (PLANTED: one-time keys off)"
    kills = events.count("kill -9")
    shown = [e for e in events if e != "kill -9"] + (
        [f"{kills} x kill -9 of a worker"] if kills else []
    )
    print(f"== variant {args.variant}{plant}: {'; '.join(shown) or 'no faults'}")
    for key, value in result.items():
        print(f"   {key:30} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Per-worker memos are safe under threads; the per-request memo is never shared between
two requests, whether they run in threads (WSGI) or on one event loop (ASGI)."""

import asyncio
import threading

from django.http import HttpResponse
from django.test import RequestFactory

from mitwirken.core import memo as memo_module
from mitwirken.core.memo import LocalLRU, RequestMemoMiddleware, WeightedLRU, request_memo


def test_the_lru_keeps_its_size_and_the_newest_entries():
    memo = LocalLRU(3)
    for key in "abcd":
        memo.set(key, key.upper())
    assert len(memo) == 3 and memo.get("a") is None
    memo.get("b")  # used: kept when the next one comes
    memo.set("e", "E")
    assert memo.get("b") == "B" and memo.get("c") is None


def test_the_weighted_lru_keeps_within_its_budget():
    memo = WeightedLRU(100, budget=10, weigh=len)
    memo.set("a", "xxxx")
    memo.set("b", "xxxx")
    assert memo.weight == 8 and memo.get("a") == "xxxx"  # "a" used: "b" is the oldest now
    memo.set("c", "xxxx")  # 12 > 10: the least recently used goes
    assert memo.get("b") is None and memo.get("a") == "xxxx" and memo.weight == 8
    memo.set("a", "x")  # replaced: its old weight is given back
    assert memo.weight == 5
    memo.set("big", "x" * 11)  # heavier than the whole budget: not kept, nothing dropped
    assert memo.get("big") is None and memo.weight == 5 and len(memo) == 2
    assert memo.pop("c") == "xxxx" and memo.weight == 1
    memo.clear()
    assert memo.weight == 0 and len(memo) == 0


def test_the_lru_survives_many_threads_at_once():
    memo = LocalLRU(50)
    errors = []

    def work(offset: int) -> None:
        try:
            for i in range(3000):
                key = (offset + i) % 120
                memo.set(key, i)
                memo.get((key + 7) % 120)
                if i % 5 == 0:
                    memo.pop((key + 3) % 120)
        except Exception as exc:  # an unlocked OrderedDict raises here under contention
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n * 17,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(memo) <= 50


def test_each_request_has_its_own_memo_in_threads():
    seen = {}
    barrier = threading.Barrier(2)

    def view(request):
        memo = request_memo()
        memo["who"] = request.GET["who"]
        barrier.wait(timeout=5)  # both requests are inside the view at the same time
        seen[request.GET["who"]] = memo["who"]
        return HttpResponse()

    middleware = RequestMemoMiddleware(view)
    factory = RequestFactory()
    threads = [
        threading.Thread(target=middleware, args=(factory.get("/", {"who": who}),))
        for who in ("a", "b")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"a": "a", "b": "b"}
    assert request_memo() is None  # nothing is left behind outside a request


def test_each_request_has_its_own_memo_on_one_event_loop():
    """Two tasks on one loop (as ASGI serves requests) interleave inside their requests:
    each task runs in its own copy of the context, so each sees its own memo."""

    async def request(who: str, started: asyncio.Event, other_started: asyncio.Event):
        token = memo_module._request_memo.set({})  # what RequestMemoMiddleware does
        try:
            request_memo()["who"] = who
            started.set()
            await other_started.wait()  # the other request has written its memo meanwhile
            return request_memo()["who"]
        finally:
            memo_module._request_memo.reset(token)

    async def main():
        a_started, b_started = asyncio.Event(), asyncio.Event()
        return await asyncio.gather(
            request("a", a_started, b_started), request("b", b_started, a_started)
        )

    assert asyncio.run(main()) == ["a", "b"]

"""The load client: run by tests/bench/run.py in its own process, so that the server's two workers and
this client never share an interpreter. Threads over http.client (the standard library's: the client
must cost as little CPU as possible on a 2-core machine shared with the server).

    python tests/bench/load.py SCENARIO PORT SPEC.json   ->  JSON on stdout

Requests look as they would behind the production proxy: X-Forwarded-Proto: https, a Referer on POSTs
(Django checks it for HTTPS), the session and CSRF cookies sent by hand (they are Secure cookies, which
a client speaking plain HTTP to 127.0.0.1 would otherwise drop).
"""

import http.client
import json
import random
import re
import secrets
import string
import sys
import threading
import time
from urllib.parse import urlencode

VERSION_RE = re.compile(r'name="version" value="(\d+)"')
DIGEST_RE = re.compile(r'name="digest" value="([0-9a-f]*)"')
CSRF = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))


class Client:
    def __init__(self, port: int, session: str | None = None):
        self.port = port
        self.session = session
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method: str, path: str, data: dict | None = None):
        """(status, seconds, body, location)."""
        cookies = [f"csrftoken={CSRF}"] if data is not None else []
        if self.session:
            cookies.append(f"sessionid={self.session}")
        headers = {"X-Forwarded-Proto": "https", "Host": f"127.0.0.1:{self.port}"}
        if cookies:
            headers["Cookie"] = "; ".join(cookies)
        body = None
        if data is not None:
            body = urlencode({"csrfmiddlewaretoken": CSRF, **data}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1:{self.port}/"
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            return 0, time.perf_counter() - start, b"", ""
        elapsed = time.perf_counter() - start
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        return response.status, elapsed, content, response.getheader("Location") or ""


def hammer(seconds: float, workers: list) -> dict:
    """Run each worker (a callable returning (ok, latency)) in its own thread for `seconds`."""
    latencies, errors, lock = [], [0], threading.Lock()
    stop = time.perf_counter() + seconds

    def loop(work):
        mine, failed = [], 0
        while time.perf_counter() < stop:
            ok, latency = work()
            if ok is None:
                break  # the worker has run out of work
            mine.append(latency)
            failed += not ok
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.perf_counter()
    threads = [threading.Thread(target=loop, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {
        "latencies": latencies,
        "errors": errors[0],
        "seconds": time.perf_counter() - started,
    }


def about_fields(n: int) -> dict:
    return {
        "contact_name": "Sam Patel",
        "contact_job_title": "Head of Communities",
        "contact_phone": "01632 960 001",
        "title": f"Neighbourhood partnership, draft {n}",
        "summary": "Our council and local community organisations redesigned early help around "
        "neighbourhoods, moving money and decisions closer to people.",
    }


def statement_fields(n: int) -> dict:
    return {"text": f"Draft {n}: we co-designed the service with community organisations. " * 8}


def scenario_get(port, spec):
    """Anonymous GETs of each named page in turn, `concurrency` threads for `seconds` each."""
    result = {}
    for name, path in spec["paths"].items():
        session = spec.get("sessions", {}).get(name)
        clients = [Client(port, session) for _ in range(spec["concurrency"])]

        def work(client=None, path=path):
            status, elapsed, _body, _loc = client.request("GET", path)
            return status == 200, elapsed

        result[name] = hammer(spec["seconds"], [lambda c=c: work(c) for c in clients])
    return result


def scenario_form(port, spec):
    """The baseline: a signed-in officer posts the four-field Wagtail form page."""
    clients = [Client(port, row["session"]) for row in spec["officers"][: spec["concurrency"]]]
    data = {
        "your_name": "Sam Patel",
        "email_address": "sam@bench000.gov.uk",
        "organisation": "Bench Borough Council",
        "your_message": "When will the shortlist be announced? " * 5,
    }

    def work(client):
        status, elapsed, _body, _loc = client.request("POST", spec["path"], data)
        return status == 200, elapsed

    return {"form": hammer(spec["seconds"], [lambda c=c: work(c) for c in clients])}


def scenario_save(port, spec):
    """Officers save sections of their own drafts (About and a principle statement, in turn)."""
    rows = spec["officers"]
    per_thread = [rows[i :: spec["concurrency"]] for i in range(spec["concurrency"])]
    counter = [0]

    def make(mine):
        clients = [Client(port, row["session"]) for row in mine]
        state = {"i": 0}

        def work():
            index = state["i"] % len(mine)
            state["i"] += 1
            row, client = mine[index], clients[index]
            counter[0] += 1
            n = counter[0]
            if n % 2:
                section, fields = "about", about_fields(n)
            else:
                section, fields = spec["statement_slug"], statement_fields(n)
            path = f"/nominations/{row['uuid']}/{section}/"
            status, elapsed, body, _loc = client.request(
                "POST", path, {"version": row["version"], "save": "1", **fields}
            )
            if status == 302:
                row["version"] += 1
                return True, elapsed
            # Refused (e.g. the version moved on): read the form again, as the officer would.
            _s, _e, page, _l = client.request("GET", path)
            found = VERSION_RE.search(page.decode())
            if found:
                row["version"] = int(found.group(1))
            return False, elapsed

        return work

    result = {"save": hammer(spec["seconds"], [make(mine) for mine in per_thread if mine])}
    # Handed back so that the next run starts from the versions the drafts have now.
    result["versions"] = {row["uuid"]: row["version"] for row in rows}
    return result


def scenario_submit(port, spec):
    """Officers submit complete drafts: each draft once, until the pool or the time runs out."""
    pool = list(spec["officers"])
    lock = threading.Lock()

    def make():
        def work():
            with lock:
                if not pool:
                    return None, 0
                row = pool.pop()
            client = Client(port, row["session"])
            status, elapsed, _body, location = client.request(
                "POST", f"/nominations/{row['uuid']}/check/", {}
            )
            return status == 302 and location.endswith("/receipt/"), elapsed

        return work

    return {"submit": hammer(spec["seconds"], [make() for _ in range(spec["concurrency"])])}


def scenario_judge(port, spec):
    """The judge's dashboard (200 assignments) and saving draft scorecards."""
    judge = spec["judge"]
    result = {}
    clients = [Client(port, judge["session"]) for _ in range(spec["concurrency"])]

    def dashboard(client):
        status, elapsed, _body, _loc = client.request("GET", "/judging/")
        return status == 200, elapsed

    result["dashboard"] = hammer(spec["seconds"], [lambda c=c: dashboard(c) for c in clients])
    versions = judge.get("versions", {})
    cards = [{"uuid": uuid, "version": versions.get(uuid, 1)} for uuid in judge["cards"]]
    per_thread = [cards[i :: spec["concurrency"]] for i in range(spec["concurrency"])]
    rng = random.Random(7)

    def make(mine, client):
        state = {"i": 0}

        def work():
            card = mine[state["i"] % len(mine)]
            state["i"] += 1
            data = {"version": card["version"]}
            for pk in judge["criteria"]:
                data[f"score_{pk}"] = str(rng.randint(0, 5))
                data[f"comment_{pk}"] = "Clear evidence of shared decisions."
            data["overall_comment"] = "A strong partnership."
            path = f"/judging/entries/{card['uuid']}/"
            status, elapsed, _body, _loc = client.request("POST", path, data)
            if status == 302:
                card["version"] += 1
                return True, elapsed
            _s, _e, page, _l = client.request("GET", path)
            found = VERSION_RE.search(page.decode())
            if found:
                card["version"] = int(found.group(1))
            return False, elapsed

        return work

    result["scorecard"] = hammer(
        spec["seconds"], [make(mine, c) for mine, c in zip(per_thread, clients, strict=True)]
    )
    result["versions"] = {card["uuid"]: card["version"] for card in cards}
    return result


def scenario_surge(port, spec):
    """Deadline surge: each officer arrives at a random moment in the first `arrive_within` seconds,
    opens and saves three sections, then checks and submits; one in ten double-clicks Submit."""
    officers = spec["officers"]
    slugs = spec["statement_slugs"]
    rng = random.Random(2027)
    arrivals = sorted(rng.uniform(0, spec["arrive_within"]) for _ in officers)
    latencies, outcomes, lock = [], [], threading.Lock()
    started = time.perf_counter()

    def officer(n, row, delay):
        time.sleep(delay)
        client = Client(port, row["session"])
        mine, ok = [], True
        for section, fields in (
            ("about", about_fields(n)),
            (slugs[n % len(slugs)], statement_fields(n)),
            (slugs[(n + 1) % len(slugs)], statement_fields(n + 1)),
        ):
            path = f"/nominations/{row['uuid']}/{section}/"
            status, elapsed, body, _loc = client.request("GET", path)
            mine.append(("get", elapsed))
            text = body.decode()
            version = VERSION_RE.search(text)
            digest = DIGEST_RE.search(text)
            if status != 200 or not version:
                ok = False
                break
            status, elapsed, _b, _l = client.request(
                "POST",
                path,
                {
                    "version": version.group(1),
                    "digest": digest.group(1) if digest else "",
                    "save": "1",
                    **fields,
                },
            )
            mine.append(("save", elapsed))
            ok = ok and status == 302
        path = f"/nominations/{row['uuid']}/check/"
        status, elapsed, _b, _l = client.request("GET", path)
        mine.append(("get", elapsed))
        clicks = 2 if n % 10 == 0 else 1
        for _ in range(clicks):
            status, elapsed, _b, location = client.request("POST", path, {})
            mine.append(("submit", elapsed))
            ok = ok and status == 302 and location.endswith("/receipt/")
        with lock:
            latencies.extend(mine)
            outcomes.append(
                {"uuid": row["uuid"], "ok": ok, "finished": time.perf_counter() - started}
            )

    threads = [
        threading.Thread(target=officer, args=(n, row, delay))
        for n, (row, delay) in enumerate(zip(officers, arrivals, strict=True))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {
        "surge": {
            "latencies": [latency for _kind, latency in latencies],
            "by_kind": {
                kind: [lat for k, lat in latencies if k == kind]
                for kind in ("get", "save", "submit")
            },
            "errors": sum(not o["ok"] for o in outcomes),
            "officers": len(outcomes),
            "double_clicks": sum(1 for n in range(len(officers)) if n % 10 == 0),
            "last_finished": max(o["finished"] for o in outcomes),
            "seconds": time.perf_counter() - started,
        }
    }


SCENARIOS = {
    "get": scenario_get,
    "form": scenario_form,
    "save": scenario_save,
    "submit": scenario_submit,
    "judge": scenario_judge,
    "surge": scenario_surge,
}


def main():
    name, port, spec_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(spec_path) as handle:
        spec = json.load(handle)
    print(json.dumps(SCENARIOS[name](port, spec)))


if __name__ == "__main__":
    main()

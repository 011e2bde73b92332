"""The benchmark suite (`make bench`): every figure as a ratio against a baseline measured in the same
run, medians of several runs, on SQLite and on PostgreSQL.

For each database it seeds the realistic data set (tests/bench/seed.py), serves the site with gunicorn
as production does (2 sync workers, DJANGO_ENV=production, DEBUG off, whitenoise serving collected
static files) and drives it from a separate load process on 127.0.0.1 (tests/bench/load.py):

- pages: a plain Wagtail page (home.StandardPage on the same base template) against home, the award
  page, the showcase index and a showcase story; uncached, then with the anonymous page cache on;
- forms: a four-field wagtail.contrib.forms page POST (home.BenchmarkFormPage) against a nomination
  section save and a nomination submit;
- the judge's dashboard (200 assignments) and scorecard saves, with query counts;
- a deadline surge: 300 officers each saving three sections and submitting within 60 s;
then the results computation at 1,000 and 5,000 entries (bench_results.py) and a 100 MB evidence upload
to S3 (upload_memory.py, with a direct boto3 upload of the same file as the yardstick).

Writes tests/bench/results/latest.md (the table) and latest.json (raw figures) and prints the table.

    .venv/bin/python tests/bench/run.py [--runs 3] [--seconds 2] [--db sqlite postgres] [--skip-upload]
    .venv/bin/python tests/bench/run.py --only results   # just the results rows, about a minute

PostgreSQL: a database named `bench` on 127.0.0.1:5432 (BENCH_POSTGRES_URL to change), dropped and
made afresh by this script; no other database is touched.
"""

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
RESULTS = HERE / "results"
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/bench")
SECRET = "bench-only-secret-key-never-used-anywhere-else-0123456789"
PAGES = ["plain", "home", "award", "showcase_index", "showcase_story"]


def log(message: str):
    print(message, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values, pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def machine() -> dict:
    model = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "cpu": model,
        "python": platform.python_version(),
    }


def loadavg() -> list[float]:
    return [float(v) for v in Path("/proc/loadavg").read_text().split()[:3]]


class Server:
    """gunicorn as production runs it, on a free port."""

    def __init__(self, env: dict, workdir: Path, **extra):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "config.wsgi",
                "--no-control-socket",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--timeout",
                "120",
                "--worker-tmp-dir",
                str(workdir),
            ],
            cwd=ROOT,
            env={**env, **extra},
            stdout=subprocess.DEVNULL,
            stderr=open(workdir / "gunicorn.log", "a"),  # noqa: SIM115
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {workdir / 'gunicorn.log'}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(1)  # both workers up, not just the master's socket

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def warm_up(port: int, seed: dict, workdir: Path, paths: dict | None = None):
    """Each worker imports, compiles templates and opens its database connection on its first
    requests: not what is measured."""
    load("get", port, {"paths": paths or seed["urls"], "concurrency": 4, "seconds": 1}, workdir)
    judged = load(
        "judge", port, {"judge": seed["judge"], "concurrency": 2, "seconds": 0.5}, workdir
    )
    seed["judge"]["versions"] = judged["versions"]
    load(
        "form",
        port,
        {"path": seed["form_url"], "officers": seed["save"], "concurrency": 2, "seconds": 0.5},
        workdir,
    )


def load(scenario: str, port: int, spec: dict, workdir: Path) -> dict:
    spec_path = workdir / f"spec-{scenario}.json"
    spec_path.write_text(json.dumps(spec))
    done = subprocess.run(
        [PYTHON, str(HERE / "load.py"), scenario, str(port), str(spec_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"load {scenario} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def django(env: dict, *args, capture=True) -> str:
    done = subprocess.run(
        [PYTHON, *args], cwd=ROOT, env=env, capture_output=capture, text=True, check=False
    )
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{(done.stderr or '')[-4000:]}")
    return done.stdout or ""


def prepare_database(name: str, env: dict, workdir: Path) -> dict:
    env = dict(env)
    # Fragments are keyed by page id: each database gets its own, so none is served from the other's.
    env["FRAGMENT_CACHE_DIR"] = str(workdir / f"fragments-{name}")
    if name == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        import psycopg

        env["DATABASE_URL"] = POSTGRES_URL
        database = POSTGRES_URL.rsplit("/", 1)[1]
        admin_url = POSTGRES_URL.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{database}"')
    started = time.monotonic()
    django(env, "manage.py", "migrate", "--no-input")
    log(f"  migrated in {time.monotonic() - started:.0f} s")
    started = time.monotonic()
    seed = json.loads(django(env, str(HERE / "seed.py")).strip().splitlines()[-1])
    log(f"  seeded in {time.monotonic() - started:.0f} s: {seed['counts']}")
    return env, seed


def ratio_rows(runs: list[dict], baseline: str, names: list[str], metric: str) -> dict:
    """Per run: baseline figure ÷ the row's (latency) or the row's ÷ baseline's (throughput); then the
    median across runs."""
    rows = {}
    for name in names:
        ratios, rates, p50s, errors, pooled = [], [], [], 0, []
        for run in runs:
            mine, base = run[name], run[baseline]
            rate = len(mine["latencies"]) / mine["seconds"]
            base_rate = len(base["latencies"]) / base["seconds"]
            if metric == "throughput":
                ratios.append(rate / base_rate if base_rate else float("nan"))
            else:
                ratios.append(
                    statistics.median(base["latencies"]) / statistics.median(mine["latencies"])
                )
            rates.append(rate)
            p50s.append(statistics.median(mine["latencies"]) * 1000)
            errors += mine["errors"]
            pooled.extend(mine["latencies"])
        rows[name] = {
            "ratio": statistics.median(ratios),
            "ratios": ratios,
            "rps": statistics.median(rates),
            "p50_ms": statistics.median(p50s),
            "p95_ms": percentile(pooled, 95) * 1000,
            "p99_ms": percentile(pooled, 99) * 1000,
            "requests": len(pooled),
            "errors": errors,
        }
    return rows


def bench_database(name: str, base_env: dict, workdir: Path, args) -> dict:
    log(f"\n== {name}: load average {loadavg()}")
    env, seed = prepare_database(name, base_env, workdir)
    result = {"seed": seed["counts"], "queries": seed["queries"], "load_average": loadavg()}
    urls = seed["urls"]
    server = Server(env, workdir, PAGE_CACHE_SECONDS="0")
    try:
        warm_up(server.port, seed, workdir)
        pages, forms, judge = [], [], []
        submit_pool = list(seed["submit"])
        per_run = len(submit_pool) // args.runs
        for run in range(args.runs):
            log(f"  run {run + 1}/{args.runs}: pages, forms, judge")
            pages.append(
                load(
                    "get",
                    server.port,
                    {"paths": urls, "concurrency": 4, "seconds": args.seconds},
                    workdir,
                )
            )
            form = load(
                "form",
                server.port,
                {
                    "path": seed["form_url"],
                    "officers": seed["save"],
                    "concurrency": 4,
                    "seconds": args.seconds,
                },
                workdir,
            )
            saved = load(
                "save",
                server.port,
                {
                    "officers": seed["save"],
                    "statement_slug": seed["statement_slugs"][0],
                    "concurrency": 4,
                    "seconds": args.seconds,
                },
                workdir,
            )
            for row in seed["save"]:
                row["version"] = saved["versions"][row["uuid"]]
            form["save"] = saved["save"]
            form |= load(
                "submit",
                server.port,
                {
                    "officers": submit_pool[run * per_run : (run + 1) * per_run],
                    "concurrency": 4,
                    "seconds": 60,
                },
                workdir,
            )
            forms.append(form)
            judged = load(
                "judge",
                server.port,
                {"judge": seed["judge"], "concurrency": 2, "seconds": args.seconds},
                workdir,
            )
            seed["judge"]["versions"] = judged["versions"]
            judge.append(judged)
        result["pages_uncached"] = ratio_rows(pages, "plain", PAGES, "throughput")
        result["forms"] = ratio_rows(forms, "form", ["form", "save", "submit"], "latency")
        judge_rows = {}
        for key in ("dashboard", "scorecard"):
            pooled = [lat for run in judge for lat in run[key]["latencies"]]
            judge_rows[key] = {
                "p50_ms": statistics.median(pooled) * 1000,
                "p95_ms": percentile(pooled, 95) * 1000,
                "p99_ms": percentile(pooled, 99) * 1000,
                "requests": len(pooled),
                "errors": sum(run[key]["errors"] for run in judge),
            }
        result["judge"] = judge_rows
        log(f"  deadline surge: {len(seed['surge'])} officers")
        surge = load(
            "surge",
            server.port,
            {
                "officers": seed["surge"],
                "statement_slugs": seed["statement_slugs"],
                "arrive_within": args.surge_arrivals,
            },
            workdir,
        )["surge"]
    finally:
        server.stop()
    uuids = workdir / "surge.json"
    uuids.write_text(json.dumps([row["uuid"] for row in seed["surge"]]))
    check = json.loads(
        django(env, str(HERE / "seed.py"), "--verify", str(uuids)).strip().splitlines()[-1]
    )
    result["surge"] = {
        "officers": surge["officers"],
        "failed_flows": surge["errors"],
        "double_clicks": surge["double_clicks"],
        "seconds": surge["last_finished"],
        "p50_ms": statistics.median(surge["latencies"]) * 1000,
        "p99_ms": percentile(surge["latencies"], 99) * 1000,
        "p99_by_kind_ms": {k: percentile(v, 99) * 1000 for k, v in surge["by_kind"].items()},
        "database": check,
    }
    log(f"  cached pages (load average {loadavg()})")
    cached_env = {"PAGE_CACHE_SECONDS": "60", "PAGE_CACHE_DIR": str(workdir / f"cache-{name}")}
    server = Server(env, workdir, **cached_env)
    try:
        cached = []
        # The baseline in the same run: the plain page with a (meaningless) session cookie, which the
        # cache never answers: an anonymous visitor's uncached plain page.
        paths = {"plain_uncached": urls["plain"], **urls}
        warm_up(server.port, seed, workdir, paths)
        for _run in range(args.runs):
            cached.append(
                load(
                    "get",
                    server.port,
                    {
                        "paths": paths,
                        "concurrency": 4,
                        "seconds": args.seconds,
                        "sessions": {"plain_uncached": "not-a-session"},
                    },
                    workdir,
                )
            )
        result["pages_cached"] = ratio_rows(cached, "plain_uncached", PAGES, "throughput")
    finally:
        server.stop()
    return result


def bench_results() -> dict:
    import bench_results as br

    result = br.measure(runs=5)
    result["date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return result


def bench_upload(workdir: Path) -> dict:
    raw = workdir / "upload.json"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ENV")}
    subprocess.run(
        [PYTHON, str(HERE / "upload_memory.py"), "--storage", "s3", "--runs", "3", "--json", raw],
        cwd=ROOT,
        env=env,
        check=False,
        capture_output=True,
    )
    s3 = json.loads(raw.read_text())["s3"]
    server_s = statistics.median(s3["big_seconds"])
    direct_s = statistics.median(s3["direct_seconds"])
    return {
        "growth_mb": statistics.median(s3["big"]),
        "growth_runs_mb": s3["big"],
        "control_mb": statistics.median(s3["control"]),
        "site_mb_s": 100 / server_s,
        "direct_mb_s": 100 / direct_s,
        "throughput_ratio": direct_s / server_s,
    }


def fmt(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}"


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def table(report: dict) -> str:
    m = report["machine"]
    lines = [
        f"Measured {report['date']} on {m['nproc']} cores ({m['cpu']}), {m['memory_gb']} GB; "
        f"load average at the start {report['load_average_start']}, at the end "
        f"{report['load_average_end']} (the machine is shared: figures are noisy). "
        f"Medians of {report['runs']} runs of {report['seconds']} s each, 4 client threads, "
        "gunicorn with 2 sync workers. Ratio: the row's speed ÷ the baseline's in the same run "
        "(requests/s for pages; median latency for posts), so higher is better.",
        "",
        "| Benchmark | Baseline | Database | Ratio | Median | p95 | p99 | Queries | Goal | |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for db, r in report["databases"].items():
        q = r["queries"]
        for name in PAGES[1:]:
            row = r["pages_uncached"][name]
            lines.append(
                f"| {name.replace('_', ' ')}, uncached | plain page "
                f"({fmt(r['pages_uncached']['plain']['rps'], 0)} req/s) | {db} | "
                f"{fmt(row['ratio'])}× | {fmt(row['p50_ms'], 0)} ms | {fmt(row['p95_ms'], 0)} ms | "
                f"{fmt(row['p99_ms'], 0)} ms | {q[name]['queries']} (plain {q['plain']['queries']})"
                f" | ≥ 1.0× | {verdict(row['ratio'] >= 1.0)} |"
            )
        for name in PAGES[1:]:
            row = r["pages_cached"][name]
            lines.append(
                f"| {name.replace('_', ' ')}, cached (anonymous) | plain page uncached | {db} | "
                f"{fmt(row['ratio'])}× | {fmt(row['p50_ms'], 0)} ms | {fmt(row['p95_ms'], 0)} ms | "
                f"{fmt(row['p99_ms'], 0)} ms | 0 | ≥ 3× | {verdict(row['ratio'] >= 3)} |"
            )
        form_p50 = r["forms"]["form"]["p50_ms"]
        for name, label, qkey in (
            ("save", "nomination section save", "section_save"),
            ("submit", "nomination submit", "submit"),
        ):
            row = r["forms"][name]
            lines.append(
                f"| {label} | form page POST ({fmt(form_p50, 0)} ms) | {db} | "
                f"{fmt(row['ratio'])}× | {fmt(row['p50_ms'], 0)} ms | {fmt(row['p95_ms'], 0)} ms | "
                f"{fmt(row['p99_ms'], 0)} ms | {q[qkey]['queries']} | ≥ 1.5×, p99 < 500 ms | "
                f"{verdict(row['ratio'] >= 1.5 and row['p99_ms'] < 500)} |"
            )
        s = r["surge"]
        check = s["database"]
        ok = (
            check["lost"] == 0
            and check["duplicate_references"] == 0
            and check["nominations_logged_more_than_once"] == 0
            and check["nominations_receipted_more_than_once"] == 0
            and check["submitted"] == check["officers"]
            and s["seconds"] <= 60
        )
        lines.append(
            f"| deadline surge: {s['officers']} officers × 3 saves + submit "
            f"({s['double_clicks']} double-click Submit) | — | {db} | — | {fmt(s['p50_ms'], 0)} ms | "
            f"— | {fmt(s['p99_ms'], 0)} ms | — | 0 lost, 0 duplicated, within 60 s | "
            f"{verdict(ok)}: {check['submitted']}/{check['officers']} submitted once, "
            f"{check['lost']} lost, {check['duplicate_references']} duplicated, "
            f"last done at {fmt(s['seconds'], 0)} s |"
        )
        for key, label, qkey in (
            ("dashboard", "judge dashboard (200 assignments)", "judge_dashboard"),
            ("scorecard", "scorecard save", "scorecard_save"),
        ):
            row = r["judge"][key]
            lines.append(
                f"| {label} | — | {db} | — | {fmt(row['p50_ms'], 0)} ms | {fmt(row['p95_ms'], 0)} ms"
                f" | {fmt(row['p99_ms'], 0)} ms | {q[qkey]['queries']} | p95 < 100 ms | "
                f"{verdict(row['p95_ms'] < 100)} |"
            )
    if "results" in report:
        res = report["results"]
        # Measured in-process, with its own load average: `--only results` re-measures just these.
        when = f" ({res['date']}, load {res['load_average_start']})" if "date" in res else ""
        lines.append(
            f"| results, 1,000 → 5,000 entries{when} | 1,000 entries "
            f"({fmt(res['seconds']['1000'], 3)} s) | — | {fmt(res['ratio'])} (linear: 5) | "
            f"{fmt(res['seconds']['5000'], 3)} s | — | — | — | linear | "
            f"{verdict(res['ratio'] <= 6)} |"
        )
        if "speedup" in res:
            ok = res["speedup"] >= 10 and res["fast_seconds"] < 0.25
            lines.append(
                f"| results, 5,000 entries: fast path{when} | reference judging.scoring "
                f"({fmt(res['reference_seconds'], 3)} s) | — | {fmt(res['speedup'], 1)}× | "
                f"{fmt(res['fast_seconds'], 3)} s | — | — | — | ≥ 10×, < 0.25 s | {verdict(ok)} |"
            )
    if "upload" in report:
        up = report["upload"]
        lines.append(
            f"| 100 MB evidence upload to S3 (moto) | boto3 direct ({fmt(up['direct_mb_s'], 1)} MB/s)"
            f" | — | {fmt(up['throughput_ratio'])}× | {fmt(up['site_mb_s'], 1)} MB/s | — | — | — | "
            f"≥ 0.5×, RSS growth < 32 MB | "
            f"{verdict(up['throughput_ratio'] >= 0.5 and up['growth_mb'] < 32)}: "
            f"{fmt(up['growth_mb'], 1)} MB growth |"
        )
    return "\n".join(lines) + "\n"


README = ROOT / "README.md"
MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")


def update_readme(markdown: str):
    """The project README shows the latest table, between its two markers."""
    text = README.read_text()
    start, end = MARKERS
    if start in text and end in text:
        head, rest = text.split(start, 1)
        README.write_text(f"{head}{start}\n{markdown}{end}{rest.split(end, 1)[1]}")


def write(report: dict):
    RESULTS.mkdir(exist_ok=True)
    markdown = table(report)
    (RESULTS / "latest.md").write_text(markdown)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2))
    update_readme(markdown)
    print("\n" + markdown)


def only_results() -> int:
    """The results rows alone (in-process, a few seconds; no server, no database)."""
    previous = RESULTS / "latest.json"
    report = json.loads(previous.read_text()) if previous.exists() else None
    log(f"== results computation, load average {loadavg()}")
    results = bench_results()
    if report is None:
        print(json.dumps(results, indent=2))
        return 0
    report["results"] = results
    write(report)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--surge-arrivals", type=float, default=45.0)
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--skip-upload", action="store_true")
    parser.add_argument("--skip-results", action="store_true")
    parser.add_argument(
        "--only",
        choices=["results"],
        help="measure only these rows and keep every other row of results/latest.json",
    )
    args = parser.parse_args()
    if args.only == "results":
        return only_results()
    started = time.monotonic()
    report = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "load_average_start": loadavg(),
        "runs": args.runs,
        "seconds": args.seconds,
        "databases": {},
    }
    log(f"Benchmarks on {report['machine']}, load average {report['load_average_start']}")
    with tempfile.TemporaryDirectory(prefix="kil-bench-") as tmp:
        workdir = Path(tmp)
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("AWS_", "DJANGO_", "DATABASE_"))
        }
        env |= {
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY": SECRET,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
            "DJANGO_DEBUG": "false",
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "PRIVATE_EVIDENCE_ROOT": str(workdir / "evidence"),
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            # As production: receipts are queued for the worker, not sent in the request.
            "TASKS_BACKEND": "database",
            "LOG_LEVEL": "WARNING",
            "TMPDIR": str(workdir),
            # On only where a pass says so (the cached pages).
            "PAGE_CACHE_SECONDS": "0",
        }
        django(
            env | {"DATABASE_URL": "sqlite://:memory:"}, "manage.py", "collectstatic", "--no-input"
        )
        for name in args.db:
            report["databases"][name] = bench_database(name, env, workdir, args)
        if not args.skip_results:
            log("\n== results computation")
            report["results"] = bench_results()
        if not args.skip_upload:
            log("\n== 100 MB upload to S3")
            report["upload"] = bench_upload(workdir)
        shutil.rmtree(workdir / "static", ignore_errors=True)
    report["load_average_end"] = loadavg()
    report["minutes"] = round((time.monotonic() - started) / 60, 1)
    write(report)
    log(f"Took {report['minutes']} minutes. Written to {RESULTS / 'latest.md'} and latest.json.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

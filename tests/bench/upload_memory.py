"""Benchmark: a 100 MB evidence upload streams through the server to storage without being held in memory.

Starts gunicorn (one sync worker, as in production) on 127.0.0.1 against a fresh SQLite database, signs an
officer in, and posts a 100 MB PDF to the evidence page as one streamed multipart request, first to local
private storage and then to S3 (a moto server on 127.0.0.1). For each upload it measures the worker
process's peak resident memory (VmHWM, reset before each request) against the same process's resident
memory just before the request (the baseline), and prints the growth: median of several runs, and as a
share of the 32 MB budget. A 1 MB upload in the same run is the control.

    make bench                                   # or:
    .venv/bin/python tests/bench/upload_memory.py [--runs 3] [--size-mb 100] [--storage local s3]

Exits non-zero if the median growth for the big upload reaches the budget.
"""

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
BUDGET_MB = 32
MB = 1024 * 1024

SETUP = """
import json
from django.test import Client
from tests.factories import AwardPageFactory, CouncilFactory, NominationFactory, council_of, officer_user
council = CouncilFactory(name="Bench council %(storage)s", email_domains="%(storage)s.bench.example")
officer = officer_user(council=council)
award = AwardPageFactory(max_file_size_mb=%(limit)d, max_files=50)
nomination = NominationFactory(award=award, council=council_of(officer))
client = Client()
client.force_login(officer)
print(json.dumps({"session": client.cookies["sessionid"].value, "uuid": str(nomination.uuid)}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_kb(pid: int, field: str = "VmRSS") -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE).group(1))


def reset_peak(pid: int) -> bool:
    """Reset the kernel's peak-RSS mark for pid (Linux >= 4.0); False where that is not allowed."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


class PeakSampler(threading.Thread):
    """Polls VmRSS every 10 ms: the fallback where the kernel's peak mark cannot be reset."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0, True

    def run(self):
        while self.running:
            self.peak = max(self.peak, rss_kb(self.pid))
            time.sleep(0.01)


def worker_pid(master_pid: int, timeout: float = 30) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server exited while starting")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def pdf_chunks(size: int, chunk: int = MB):
    """`size` bytes of a well-formed PDF (a padding comment, then two objects, the cross-reference
    table and a trailer that points at it), generated a chunk at a time (the client holds no 100 MB)."""
    head = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    objects = (
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n",
    )

    def tail_at(start: int) -> bytes:
        second = start + len(objects[0])
        xref = second + len(objects[1])
        return (
            b"\n"
            + b"".join(objects)
            + b"xref\n0 3\n0000000000 65535 f \n%010d 00000 n \n%010d 00000 n \n" % (start, second)
            + b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
        )

    tail = tail_at(size)
    tail = tail_at(size - len(tail) + 1)  # +1: the newline that ends the padding comment
    yield head
    remaining = size - len(head) - len(tail)
    filler = (b"% keep it local evidence padding " * (chunk // 33 + 1))[:chunk]
    while remaining > 0:
        piece = filler[: min(chunk, remaining)]
        remaining -= len(piece)
        yield piece
    yield tail


def upload(port: int, session: str, csrf: str, nomination: str, size: int) -> int:
    boundary = uuid.uuid4().hex
    fields = [("csrfmiddlewaretoken", csrf), ("description", "Benchmark evidence")]
    preamble = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields
    )
    preamble += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="evaluation.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
    ).encode()
    epilogue = f"\r\n--{boundary}--\r\n".encode()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.putrequest("POST", f"/nominations/{nomination}/evidence/")
    connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    connection.putheader("Content-Length", str(len(preamble) + size + len(epilogue)))
    connection.putheader("Cookie", f"sessionid={session}; csrftoken={csrf}")
    connection.putheader("Referer", f"http://127.0.0.1:{port}/")
    connection.endheaders()
    connection.send(preamble)
    for piece in pdf_chunks(size):
        connection.send(piece)
    connection.send(epilogue)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def csrf_token(port: int, session: str, nomination: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(
        "GET", f"/nominations/{nomination}/evidence/", headers={"Cookie": f"sessionid={session}"}
    )
    response = connection.getresponse()
    body = response.read().decode()
    cookie = response.getheader("Set-Cookie") or ""
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"evidence page answered {response.status}")
    token = re.search(r"csrftoken=([^;]+)", cookie)
    if token:
        return token.group(1)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)


def measure(pid: int, port: int, session: str, csrf: str, nomination: str, size: int) -> float:
    """Peak RSS growth of the worker during one upload, in MB."""
    return measure_timed(pid, port, session, csrf, nomination, size)[0]


def measure_timed(pid, port, session, csrf, nomination, size) -> tuple[float, float]:
    """(peak RSS growth in MB, seconds the upload took)."""
    baseline = rss_kb(pid)
    exact = reset_peak(pid)
    sampler = PeakSampler(pid)
    sampler.start()
    started = time.perf_counter()
    status = upload(port, session, csrf, nomination, size)
    seconds = time.perf_counter() - started
    sampler.running = False
    sampler.join()
    if status != 302:
        raise RuntimeError(f"upload answered {status}, not a redirect after saving")
    peak = rss_kb(pid, "VmHWM") if exact else sampler.peak
    return (max(peak, sampler.peak) - baseline) / 1024, seconds


def direct_upload_seconds(env: dict, size: int, workdir: Path) -> float:
    """The yardstick for throughput: boto3 alone (its default transfer settings) uploading the same
    bytes from a file to the same endpoint, with no web server in between."""
    import boto3

    path = workdir / "direct.pdf"
    with path.open("wb") as handle:
        for piece in pdf_chunks(size):
            handle.write(piece)
    client = boto3.client(
        "s3",
        endpoint_url=env["AWS_S3_ENDPOINT_URL"],
        region_name="eu-west-2",
        aws_access_key_id="bench",
        aws_secret_access_key="bench",
    )
    started = time.perf_counter()
    client.upload_file(str(path), env["AWS_STORAGE_BUCKET_NAME"], f"direct/{uuid.uuid4().hex}")
    seconds = time.perf_counter() - started
    path.unlink()
    return seconds


def bench_storage(storage: str, env: dict, runs: int, size: int, workdir: Path) -> dict:
    env = dict(env)
    moto = None
    if storage == "s3":
        import boto3
        from moto.server import ThreadedMotoServer

        moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        moto.start()
        host, moto_port = moto.get_host_and_port()
        env |= {
            "AWS_STORAGE_BUCKET_NAME": "kil-bench",
            "AWS_S3_ENDPOINT_URL": f"http://{host}:{moto_port}",
            "AWS_S3_REGION_NAME": "eu-west-2",
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",
        }
        boto3.client(
            "s3",
            endpoint_url=env["AWS_S3_ENDPOINT_URL"],
            region_name="eu-west-2",
            aws_access_key_id="bench",
            aws_secret_access_key="bench",
        ).create_bucket(
            Bucket="kil-bench", CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
        )
    setup = subprocess.run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "-c",
            SETUP % {"limit": size // MB + 10, "storage": storage},
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if setup.returncode:
        raise RuntimeError(f"setting up the data failed:\n{setup.stderr}")
    data = json.loads(setup.stdout.strip().splitlines()[-1])
    results = {
        "control": [],
        "big": [],
        "started_mb": [],
        "ended_mb": [],
        "big_seconds": [],
        "direct_seconds": [],
    }
    try:
        for _ in range(runs):
            # A fresh worker for every run: memory an earlier upload freed stays resident and would
            # hide the next one's growth.
            run = one_server_run(env, workdir, data, size)
            for key, value in run.items():
                results[key].append(value)
            if storage == "s3":
                results["direct_seconds"].append(direct_upload_seconds(env, size, workdir))
    finally:
        if moto:
            moto.stop()
    return results


def one_server_run(env: dict, workdir: Path, data: dict, size: int) -> dict:
    port = free_port()
    server = subprocess.Popen(
        [
            GUNICORN,
            "config.wsgi",
            "--no-control-socket",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "600",
            "--worker-tmp-dir",
            str(workdir),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, server)
        pid = worker_pid(server.pid)
        csrf = csrf_token(port, data["session"], data["uuid"])
        started_mb = rss_kb(pid) / 1024
        # Warm up: the first upload imports the storage client and fills caches.
        measure(pid, port, data["session"], csrf, data["uuid"], MB)
        control = measure(pid, port, data["session"], csrf, data["uuid"], MB)
        big, big_seconds = measure_timed(pid, port, data["session"], csrf, data["uuid"], size)
        return {
            "control": control,
            "big": big,
            "big_seconds": big_seconds,
            "started_mb": started_mb,
            "ended_mb": rss_kb(pid) / 1024,
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size-mb", type=int, default=100)
    parser.add_argument("--storage", nargs="+", default=["local", "s3"], choices=["local", "s3"])
    parser.add_argument("--json", help="also write the raw figures to this file")
    args = parser.parse_args()
    raw = {}
    size = args.size_mb * MB
    failed = False
    with tempfile.TemporaryDirectory(prefix="kil-bench-") as tmp:
        workdir = Path(tmp)
        env = {
            **os.environ,
            "DJANGO_ENV": "test",
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "PRIVATE_EVIDENCE_ROOT": str(workdir / "evidence"),
            "MEDIA_ROOT": str(workdir / "media"),
            "TMPDIR": str(workdir),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "TASKS_BACKEND": "immediate",
            "LOG_LEVEL": "WARNING",
        }
        for name in ("AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL"):
            env.pop(name, None)
        print("Migrating a fresh database …", flush=True)
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--no-input"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        print(f"Upload of {args.size_mb} MB, {args.runs} runs, budget {BUDGET_MB} MB growth\n")
        for storage in args.storage:
            result = bench_storage(storage, env, args.runs, size, workdir)
            big = statistics.median(result["big"])
            control = statistics.median(result["control"])
            worst = max(result["big"])
            print(
                f"{storage:>5}: worker RSS {statistics.median(result['started_mb']):.1f} MB at "
                f"start, {statistics.median(result['ended_mb']):.1f} MB at the end; "
                f"peak growth, median of {args.runs}: {args.size_mb} MB upload {big:.1f} MB "
                f"(runs {', '.join(f'{v:.1f}' for v in result['big'])}), "
                f"1 MB upload {control:.1f} MB; "
                f"{big / BUDGET_MB:.0%} of the {BUDGET_MB} MB budget, "
                f"{big / (args.size_mb):.3f} MB held per MB uploaded"
            )
            print(f"       worst run {worst:.1f} MB")
            seconds = statistics.median(result["big_seconds"])
            print(f"       upload through the site: {args.size_mb / seconds:.1f} MB/s")
            if result["direct_seconds"]:
                direct = statistics.median(result["direct_seconds"])
                print(
                    f"       boto3 straight to the same endpoint: {args.size_mb / direct:.1f} MB/s; "
                    f"the site reaches {direct / seconds:.2f}x of it (goal >= 0.5x)"
                )
            raw[storage] = result
            failed = failed or big >= BUDGET_MB
    if args.json:
        Path(args.json).write_text(json.dumps(raw))
    print("\nFAIL: over budget" if failed else "\nOK: every median is under budget")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

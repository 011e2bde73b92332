"""Profile the benchmark's requests in-process with pyinstrument, against a database seeded by
tests/bench/seed.py (its JSON output): where the time goes in the judge's dashboard, a scorecard save,
a section save, the form page POST and the public pages. Not run by `make bench`.

    DJANGO_ENV=production DJANGO_SECRET_KEY=... DATABASE_URL=... STATIC_ROOT=... \\
        python tests/bench/profile_requests.py SEED.json [dashboard scorecard save form home plain award index story]
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

from judging.models import Scorecard  # noqa: E402

REPEAT = int(os.environ.get("PROFILE_REPEAT", "20"))


def main():
    seed = json.loads(Path(sys.argv[1]).read_text().strip().splitlines()[-1])
    wanted = sys.argv[2:] or ["dashboard", "scorecard", "save", "form", "home", "plain"]
    judge = Client()
    judge.cookies["sessionid"] = seed["judge"]["session"]
    officer = Client()
    officer.cookies["sessionid"] = seed["save"][0]["session"]
    # One client for every anonymous request: each new Client builds its handler (WhiteNoise scans
    # STATIC_ROOT), which would swamp the request itself.
    visitor = Client()
    card_uuid = seed["judge"]["cards"][0]
    nomination = seed["save"][0]["uuid"]

    def scorecard():
        card = Scorecard.objects.get(assignment__uuid=card_uuid)
        data = {f"score_{pk}": "3" for pk in seed["judge"]["criteria"]}
        data |= {f"comment_{pk}": "Fine." for pk in seed["judge"]["criteria"]}
        return judge.post(
            f"/judging/entries/{card_uuid}/", {"version": card.version, **data}, secure=True
        )

    def save():
        page = officer.get(f"/nominations/{nomination}/about/", secure=True).content.decode()
        version = page.split('name="version" value="')[1].split('"')[0]
        return officer.post(
            f"/nominations/{nomination}/about/",
            {
                "version": version,
                "contact_name": "Sam Patel",
                "contact_job_title": "Head",
                "title": "A title",
                "summary": "A summary.",
            },
            secure=True,
        )

    actions = {
        "dashboard": lambda: judge.get("/judging/", secure=True),
        "scorecard": scorecard,
        "save": save,
        "form": lambda: officer.post(
            seed["form_url"],
            {
                "your_name": "Sam",
                "email_address": "sam@example.org",
                "organisation": "Council",
                "your_message": "Hello",
            },
            secure=True,
        ),
        "home": lambda: visitor.get("/", secure=True),
        "plain": lambda: visitor.get(seed["urls"]["plain"], secure=True),
        "award": lambda: visitor.get(seed["urls"]["award"], secure=True),
        "index": lambda: visitor.get(seed["urls"]["showcase_index"], secure=True),
        "story": lambda: visitor.get(seed["urls"]["showcase_story"], secure=True),
    }
    for name in wanted:
        actions[name]()  # warm-up
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(REPEAT):
            response = actions[name]()
        profiler.stop()
        print(f"\n===== {name} x{REPEAT} (last status {response.status_code})")
        print(
            profiler.output_text(
                unicode=False,
                color=False,
                show_all=os.environ.get("PROFILE_ALL") == "1",
                short_mode=False,
            )
        )


if __name__ == "__main__":
    main()

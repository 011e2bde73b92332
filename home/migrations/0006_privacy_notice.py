"""The privacy notice at /privacy/ (the footer links there): what the award keeps, why and for how long.
Editors can change the wording in the admin; the retention period itself is PERSONAL_DATA_RETENTION_DAYS."""

from django.db import migrations

SLUG = "privacy"
TITLE = "Privacy notice"
INTRO = (
    "<p>Locality runs the Keep it Local Award. This notice says what we keep about you when you use "
    "this site, why, and for how long.</p>"
)
BODY = """
<h2>What we keep</h2>
<ul>
<li>Your account: your email address, your password (scrambled so that nobody can read it), when you
joined and last signed in, and the organisations you belong to.</li>
<li>Nominations: the lead contact's name, job title and telephone number; the names, email addresses
and telephone numbers of contacts at partner organisations; what you wrote; the evidence files you
uploaded; and who started and submitted the nomination.</li>
<li>A record of what was done and by whom (submitting, reopening, scoring, decisions, downloads of
evidence by the award team and judges), so that the award is fair and can be checked.</li>
</ul>
<h2>Why</h2>
<p>To run the award: to check that nominations are eligible, for the judges to score them, to tell you
what happened and to publish the winners' stories where you agreed to publication.</p>
<h2>How long we keep it</h2>
<p>Three years after the award you entered closes. Then we erase the names, email addresses and
telephone numbers in the nomination, what was written in it and its evidence files. We keep an
anonymous record (the organisation, the year, the status, the scores and the decisions) so that the
award's results and statistics still add up. Where your organisation's story was published with its
consent, the published story and the text it came from stay published.</p>
<h2>Your rights</h2>
<p>When you are signed in, <a href="/your-data/">Your data</a> lets you download a copy of everything we
hold about you and delete your account. If you delete your account, your organisation's nominations stay
with your organisation, without your name on them. Judges and award staff ask the award team to close
their accounts.</p>
<p>To ask about your data, or to complain, email keepitlocal@locality.org.uk. You can also complain to
the Information Commissioner's Office (ico.org.uk).</p>
"""

STEP = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _encode(number: int) -> str:
    digits = ""
    while number:
        number, remainder = divmod(number, len(ALPHABET))
        digits = ALPHABET[remainder] + digits
    return digits.rjust(STEP, "0")


def create_privacy_notice(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    StandardPage = apps.get_model("home", "StandardPage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    home = Page.objects.filter(depth=2, url_path="/home/").first()
    if home is None or Page.objects.filter(url_path=f"/home/{SLUG}/").exists():
        return
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    last = children.order_by("-path").values_list("path", flat=True).first()
    position = int(last[-STEP:], len(ALPHABET)) + 1 if last else 1
    content_type, _ = ContentType.objects.get_or_create(app_label="home", model="standardpage")
    StandardPage.objects.create(
        title=TITLE,
        draft_title=TITLE,
        slug=SLUG,
        content_type=content_type,
        path=home.path + _encode(position),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"/home/{SLUG}/",
        locale_id=home.locale_id,
        intro=INTRO,
        body=BODY.strip(),
        show_in_menus=False,
        search_description="What the Keep it Local Award keeps about you, why and for how long.",
    )
    Page.objects.filter(pk=home.pk).update(numchild=children.count())


def remove_privacy_notice(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    page = Page.objects.filter(url_path=f"/home/{SLUG}/").first()
    if page:
        page.delete()


class Migration(migrations.Migration):
    dependencies = [("home", "0005_benchmark_form_page")]
    operations = [migrations.RunPython(create_privacy_notice, remove_privacy_notice)]

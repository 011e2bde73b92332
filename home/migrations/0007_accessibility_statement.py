"""The accessibility statement at /accessibility/ (the footer links to it), after GOV.UK's model statement.

Editors keep it up to date in the Wagtail admin; this migration only makes sure every new site has one.
"""

from django.db import migrations

SLUG = "accessibility"
TITLE = "Accessibility statement"
# treebeard's materialised path: 4 base-36 characters per level.
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP = 4

INTRO = (
    "<p>This statement applies to the Keep it Local Award website, where councils and health bodies "
    "nominate themselves, judges score the nominations and everyone can read the stories of the "
    "winners. The award is run by Locality.</p>"
)

BODY = """
<h2>Using this website</h2>
<p>We want as many people as possible to be able to use this website. For example, that means you
should be able to:</p>
<ul>
<li>change colours, contrast levels and fonts using your browser or device settings</li>
<li>zoom in up to 400% without the text spilling off the screen</li>
<li>navigate the public website using just a keyboard</li>
<li>navigate most of the website using speech recognition software</li>
<li>listen to the website using a screen reader (including the most recent versions of JAWS, NVDA
and VoiceOver)</li>
<li>fill in and submit a nomination with JavaScript switched off, for example on a locked-down work
laptop</li>
</ul>
<p>We have also made the text as simple as possible to understand.</p>
<p><a href="https://mcmw.abilitynet.org.uk/">AbilityNet has advice on making your device easier to
use</a> if you have a disability.</p>

<h2>How accessible this website is</h2>
<p>We know some parts of this website are not fully accessible:</p>
<ul>
<li>evidence files that councils upload (PDF, Word, Excel, PowerPoint and image files) are their own
documents: we do not check them and many will not be accessible to judges who use a screen reader</li>
<li>the administration area used by Locality staff and editors is provided by Wagtail, the content
management system; we have not tested it to the same standard as the public website</li>
<li>without JavaScript, word counts are not shown as you type, there is no progress bar while a file
uploads and your answers are not saved automatically; everything else works, and nothing you type
is lost when you save</li>
</ul>

<h2>Feedback and contact information</h2>
<p>If you need information on this website in a different format, like accessible PDF, large print,
easy read, audio recording or braille, or you need help to take part in the award:</p>
<ul>
<li>email <a href="mailto:keepitlocal@locality.org.uk">keepitlocal@locality.org.uk</a></li>
</ul>
<p>We will consider your request and get back to you in 5 working days.</p>

<h2>Reporting accessibility problems with this website</h2>
<p>We are always looking to improve the accessibility of this website. If you find any problems not
listed on this page or think we are not meeting accessibility requirements, email
<a href="mailto:keepitlocal@locality.org.uk">keepitlocal@locality.org.uk</a>. Tell us the web
address of the page, what you were trying to do and the problem you found.</p>

<h2>Enforcement procedure</h2>
<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector
Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the
‘accessibility regulations’). If you are not happy with how we respond to your complaint,
<a href="https://www.equalityadvisoryservice.com/">contact the Equality Advisory and Support Service
(EASS)</a>.</p>
<p>If you are in Northern Ireland and are not happy with how we respond to your complaint you can
contact the <a href="https://www.equalityni.org/Home">Equality Commission for Northern Ireland
(ECNI)</a>.</p>

<h2>Technical information about this website’s accessibility</h2>
<p>Locality is committed to making this website accessible, in line with the Public Sector Bodies
(Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018, which apply to the
councils and health bodies that use it.</p>

<h3>Compliance status</h3>
<p>This website is partially compliant with the
<a href="https://www.w3.org/TR/WCAG22/">Web Content Accessibility Guidelines version 2.2</a> AA
standard, due to the non-compliances listed below.</p>

<h2>Non-accessible content</h2>
<p>The content listed below is non-accessible for the following reasons.</p>
<h3>Content that is not within the scope of the accessibility regulations</h3>
<p>Evidence files uploaded by councils are third-party content that we do not fund, develop or
control. Where an evidence file is not accessible, a judge can ask us for the information in another
format and we will ask the council for it.</p>
<h3>Disproportionate burden</h3>
<p>We are not claiming that any fix would be a disproportionate burden.</p>

<h2>What we are doing to improve accessibility</h2>
<p>We ask councils to upload accessible documents, and we will test the administration area used by
our staff and editors against WCAG 2.2 AA.</p>

<h2>How we tested this website</h2>
<p>Every change to this website is tested before it is released. Automated tests drive a real web
browser through the main journeys: a council officer filling in and submitting a nomination, a judge
scoring an entry, an administrator checking nominations and recording the winner, an editor
publishing a winner’s story, and a visitor reading the stories. Every public page those journeys
visit is checked with axe-core against WCAG 2.0, 2.1 and 2.2 at levels A and AA, and a change with
any failure is not released. The nomination journey is also done with the keyboard alone and with
JavaScript switched off. The tests also check that error messages are listed at the top of the page,
take focus and link to the field with the problem, and that the page title says there is an
error.</p>
<p>Automated checks cannot find every problem. We have not yet had the website audited by an
accessibility specialist or tested by disabled people who use assistive technologies; we plan to
before the next award opens.</p>

<h2>Preparation of this accessibility statement</h2>
<p>This statement was prepared on 22 November 2026. It will be reviewed before each year’s award
opens for nominations.</p>
"""


def _next_child_path(parent_path: str, child_paths: list[str]) -> str:
    if not child_paths:
        return parent_path + "0" * (STEP - 1) + "1"
    last = max(child_paths)[-STEP:]
    number = 0
    for char in last:
        number = number * len(ALPHABET) + ALPHABET.index(char)
    number += 1
    digits = ""
    for _ in range(STEP):
        number, remainder = divmod(number, len(ALPHABET))
        digits = ALPHABET[remainder] + digits
    return parent_path + digits


def create_statement(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("home", "HomePage")
    StandardPage = apps.get_model("home", "StandardPage")

    home = HomePage.objects.first()
    if home is None:
        return
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    if children.filter(slug=SLUG).exists():
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="home", model="standardpage")
    StandardPage.objects.create(
        title=TITLE,
        draft_title=TITLE,
        slug=SLUG,
        content_type=content_type,
        path=_next_child_path(home.path, list(children.values_list("path", flat=True))),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{SLUG}/",
        locale_id=home.locale_id,
        seo_title=TITLE,
        search_description="How accessible the Keep it Local Award website is, how we test it and "
        "how to report a problem.",
        intro=INTRO,
        body=BODY.strip(),
    )
    Page.objects.filter(pk=home.pk).update(numchild=children.count())


def remove_statement(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("home", "HomePage")
    home = HomePage.objects.first()
    if home is None:
        return
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    children.filter(slug=SLUG).delete()
    Page.objects.filter(pk=home.pk).update(numchild=children.count())


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_privacy_notice"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_statement, remove_statement)]

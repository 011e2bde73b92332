"""The site's fixed structure: home page, the awards index and the showcase, served on the default site."""

from django.db import migrations

HOME = ("Keep it Local Award", "home", "00010001")
CHILDREN = [
    ("awards", "AwardIndexPage", "Awards", "awards", "000100010001"),
    ("awards", "ShowcaseIndexPage", "Showcase", "showcase", "000100010002"),
]


def create_tree(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("home", "HomePage")

    # Wagtail's initial migration makes a "Welcome" page; ours replaces it.
    Page.objects.filter(depth=2, slug="home").delete()
    locale = Locale.objects.first() or Locale.objects.create(language_code="en")

    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    home = HomePage.objects.create(
        title=HOME[0],
        draft_title=HOME[0],
        slug=HOME[1],
        content_type=home_type,
        path=HOME[2],
        depth=2,
        numchild=len(CHILDREN),
        url_path="/home/",
        locale=locale,
        intro="<p>Celebrating councils that keep it local: working with community organisations to "
        "transform their places.</p>",
    )
    for app_label, model_name, title, slug, path in CHILDREN:
        model = apps.get_model(app_label, model_name)
        content_type, _ = ContentType.objects.get_or_create(
            model=model_name.lower(), app_label=app_label
        )
        model.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type,
            path=path,
            depth=3,
            numchild=0,
            url_path=f"/home/{slug}/",
            locale=locale,
        )
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(
        hostname="localhost", root_page=home, is_default_site=True, site_name=HOME[0]
    )
    Page.objects.filter(depth=1).update(numchild=Page.objects.filter(depth=2).count())


def remove_tree(apps, schema_editor):
    apps.get_model("wagtailcore", "Page").objects.filter(path__startswith=HOME[2]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("awards", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create_tree, remove_tree)]

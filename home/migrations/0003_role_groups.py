"""The people who run the award: administrators (Locality staff) and the judging panel."""

from django.db import migrations

ADMIN_MODEL_PERMISSIONS = {
    "awards": ["council", "councilmembership", "nomination", "principle", "evidence"],
    "judging": ["round", "assignment", "scorecard", "decision"],
}


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    admins, _ = Group.objects.get_or_create(name="Award administrators")
    Group.objects.get_or_create(name="Judges")

    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access_admin:
        admins.permissions.add(access_admin)
    for app_label, models in ADMIN_MODEL_PERMISSIONS.items():
        for model in models:
            content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
            for action in ("add", "change", "delete", "view"):
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {model}"},
                )
                admins.permissions.add(permission)

    root = Page.objects.filter(depth=1).first()
    for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
        permission = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename=codename
        ).first()
        if root and permission:
            GroupPagePermission.objects.get_or_create(
                group=admins, page=root, permission=permission
            )
    root_collection = Collection.objects.filter(depth=1).first()
    for codename in ("add_image", "change_image", "choose_image"):
        permission = Permission.objects.filter(
            content_type__app_label="wagtailimages", codename=codename
        ).first()
        if root_collection and permission:
            GroupCollectionPermission.objects.get_or_create(
                group=admins, collection=root_collection, permission=permission
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Award administrators", "Judges"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_site_tree"),
        ("awards", "0002_principles"),
        ("judging", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]

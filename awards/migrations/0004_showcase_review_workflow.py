"""The "Showcase review" moderation workflow: editors submit a story, a moderator approves it (which
publishes it, or schedules it when a go-live time is set). It applies to everything under the
showcase page."""

from django.db import migrations

WORKFLOW_NAME = "Showcase review"
TASK_NAME = "Moderator approval"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ShowcaseIndexPage = apps.get_model("awards", "ShowcaseIndexPage")

    moderators, _ = Group.objects.get_or_create(name="Moderators")
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.set([moderators])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for showcase in ShowcaseIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page_id=showcase.pk, defaults={"workflow": workflow})


def remove_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    GroupApprovalTask.objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0003_showcase_stories"),
        ("home", "0002_site_tree"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]

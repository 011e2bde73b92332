from django.db import migrations

PRINCIPLES = [
    (
        1,
        "Think about the whole system not individual service silos",
        "Look beyond single contracts and departments to the whole system of support around a person or "
        "place, and design services with the community organisations already part of it.",
    ),
    (
        2,
        "Co-ordinate services at a neighbourhood level",
        "Bring services together around neighbourhoods, where people live their lives, with local "
        "organisations as anchors that know the place and its people.",
    ),
    (
        3,
        "Increase local spend to invest in the local economy",
        "Use the council's spending power to keep money circulating locally, through community "
        "organisations and local suppliers, building wealth in the place.",
    ),
    (
        4,
        "Focus on early intervention now to save costs tomorrow",
        "Invest in prevention and early help through trusted local organisations, reducing demand on "
        "acute and crisis services later.",
    ),
    (
        5,
        "Commit to your community and proactively support local organisations",
        "Build lasting relationships with community organisations: share power, fund their core costs, "
        "and support them to grow their capacity.",
    ),
    (
        6,
        "Commission services simply and collaboratively so they are 'local by default'",
        "Make commissioning proportionate and collaborative (grants, co-design, simple processes) so "
        "that local organisations can take part and local is the default choice.",
    ),
]

RUBRIC = [
    "No evidence: the principle is not yet reflected in practice.",
    "Emerging: intent is stated, with little evidence of practice.",
    "Developing: some practice in places, with limited evidence of its effect.",
    "Established: clear practice in at least one area, with evidence of benefit to communities.",
    "Strong: consistent practice across the system, with evidence of impact on communities and local "
    "organisations.",
    "Exemplary: embedded and sustained across the organisation, with strong evidence of impact that others "
    "can learn from.",
]


def create_principles(apps, schema_editor):
    Principle = apps.get_model("awards", "Principle")
    for number, title, description in PRINCIPLES:
        Principle.objects.update_or_create(
            number=number,
            version=1,
            defaults={"title": title, "description": description, "rubric": RUBRIC},
        )


def remove_principles(apps, schema_editor):
    apps.get_model("awards", "Principle").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(create_principles, remove_principles)]

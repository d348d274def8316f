from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from workshops import services
from workshops.models import ContextAnswer, Organisation, Role, User

DEMO_PASSWORD = "demo-workshop-2026"  # noqa: S105 - printed for the demo on purpose
DEMO_ORGANISATION = "Northwind Outdoor (demo)"
PEOPLE = [
    ("admin@demo.example", "Maria Admin", Role.ADMIN, "en"),
    ("ana@demo.example", "Ana Popescu", Role.FACILITATOR, "ro"),
    ("ben@demo.example", "Ben Carter", Role.PARTICIPANT, "en"),
    ("chloe@demo.example", "Chloe Martin", Role.PARTICIPANT, "en"),
    ("dan@demo.example", "Dan Ionescu", Role.PARTICIPANT, "ro"),
]
CONTEXT = {
    "purpose": "We help families spend more time outdoors with gear that lasts a lifetime.",
    "support_role": "Support keeps every trip on track: fast answers before a purchase, "
    "fixes and repairs after it.",
    "delight_or_effort": "Reduce effort first; delight when we can.",
    "channels": "E-mail, phone on weekdays, chat on the website.",
    "frequent_issues": "Order tracking, sizing questions, warranty repairs.",
}


class Command(BaseCommand):
    help = "Load a demo organisation with people and a workshop, and print the logins."

    @transaction.atomic
    def handle(self, *args, **options):
        if not Organisation.objects.filter(name=DEMO_ORGANISATION).exists():
            self._create()
        self.stdout.write(self.style.SUCCESS("Demo organisation ready. Log in with:"))
        for email, name, role, _ in PEOPLE:
            self.stdout.write(f"  {email:<22} {DEMO_PASSWORD}   ({name}, {role})")

    def _create(self) -> None:
        users = {}
        for email, name, _, language in PEOPLE:
            user = User.objects.filter(email=email).first() or User.objects.create_user(
                email=email, password=DEMO_PASSWORD, display_name=name, language=language
            )
            users[email] = user
        admin = users[PEOPLE[0][0]]
        organisation = services.organisation_create(name=DEMO_ORGANISATION, admin=admin)
        for email, _, role, _ in PEOPLE[1:]:
            organisation.memberships.create(user=users[email], role=role)
        workshop = services.workshop_create(
            organisation=organisation,
            title="Our customer service philosophy",
            company_name="Northwind Outdoor",
            created_by=admin,
            facilitators=[users["ana@demo.example"]],
            participants=[users[email] for email, _, role, _ in PEOPLE if role == Role.PARTICIPANT],
        )
        for key, text in CONTEXT.items():
            ContextAnswer.objects.filter(workshop=workshop, key=key).update(
                text=text, version=1, updated_by=admin, updated_at=timezone.now()
            )

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from workshops import services
from workshops.demo import DemoWorkshops, demo_steps
from workshops.models import ContextAnswer, Organisation, Role, Stage, User, Workshop

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
    "company_values": "Built to last. Customers first. Leave no trace.",
}

# The second demo workshop is past its brainstorm, with one revealed round of votes.
VOTING_TITLE = "Support values: the vote"
VISION_TITLE = "Our vision statement"
ACTIONS_TITLE = "Our values in action"
COMPLETE_TITLE = "Our customer service philosophy: complete"


class Command(BaseCommand):
    help = "Load a demo organisation with people and a workshop, and print the logins."

    @transaction.atomic
    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(name=DEMO_ORGANISATION).first()
        if organisation is None:
            organisation = self._create()
        self.stdout.write(self.style.SUCCESS("Demo organisation ready. Log in with:"))
        for email, name, role, _ in PEOPLE:
            self.stdout.write(f"  {email:<22} {DEMO_PASSWORD}   ({name}, {role})")
        for step in demo_steps():
            for line in step.describe(organisation) if step.describe else []:
                self.stdout.write(line)
        self.stdout.write(
            f"A second workshop, “{VOTING_TITLE}”, has its first round of votes revealed:"
            " log in as ana@demo.example to narrow the list and finalise."
        )
        self.stdout.write(
            f"A third, “{VISION_TITLE}”, is at its vision statement (stage 6): drafts, the"
            " check, ratings and a shortlist are in; log in as ana@demo.example to pick one."
        )
        self.stdout.write(
            f"A fourth, “{ACTIONS_TITLE}”, is at its values in action (stage 7): one value"
            " complete, the others partly written; log in as anyone to carry on."
        )
        complete = Workshop.objects.filter(organisation=organisation, title=COMPLETE_TITLE).first()
        if complete is not None:
            self.stdout.write(
                f"A fifth, “{COMPLETE_TITLE}” (id {complete.pk}), is complete through stage 7"
                " and shows its document (stage 8): log in as admin@demo.example to export it,"
                f" or run: python manage.py export_workshop {complete.pk} --format pdf"
                " --output philosophy.pdf"
            )

    def _create(self) -> Organisation:
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
        participants = [users[email] for email, _, role, _ in PEOPLE if role == Role.PARTICIPANT]
        cloud = services.workshop_create(
            organisation=organisation,
            title="Our customer service philosophy",
            company_name="Northwind Outdoor",
            created_by=admin,
            facilitators=[users["ana@demo.example"]],
            participants=participants,
        )
        for key, text in CONTEXT.items():
            ContextAnswer.objects.filter(workshop=cloud, key=key).update(
                text=text, version=1, updated_by=admin, updated_at=timezone.now()
            )
        vote = services.workshop_create(
            organisation=organisation,
            title=VOTING_TITLE,
            company_name="Northwind Outdoor",
            created_by=users["ana@demo.example"],
            facilitators=[users["ana@demo.example"]],
            participants=participants,
        )
        for key, text in CONTEXT.items():
            ContextAnswer.objects.filter(workshop=vote, key=key).update(text=text, version=1)
        vision, actions, complete = (
            services.workshop_create(
                organisation=organisation,
                title=title,
                company_name="Northwind Outdoor",
                created_by=users["ana@demo.example"],
                facilitators=[users["ana@demo.example"]],
                participants=participants,
            )
            for title in (VISION_TITLE, ACTIONS_TITLE, COMPLETE_TITLE)
        )
        for workshop in (vision, actions, complete):
            for key, text in CONTEXT.items():
                ContextAnswer.objects.filter(workshop=workshop, key=key).update(
                    text=text, version=1
                )
        # The stage apps fill in their part: the survey's answers, the values, the votes and
        # the vision drafts, the values in action.
        demo = DemoWorkshops(
            organisation=organisation,
            cloud=cloud,
            vote=vote,
            vision=vision,
            actions=actions,
            complete=complete,
            users=users,
        )
        for step in demo_steps():
            step.build(demo)
        # The team has written its context and the answers are in: the cloud is on screen.
        services.workshop_set_stage(workshop=cloud, stage=Stage.WORD_CLOUD)
        services.workshop_set_stage(workshop=vote, stage=Stage.VOTE)
        services.workshop_set_stage(workshop=vision, stage=Stage.VISION)
        services.workshop_set_stage(workshop=actions, stage=Stage.VALUES_IN_ACTION)
        services.workshop_set_stage(workshop=complete, stage=Stage.DOCUMENT)
        return organisation

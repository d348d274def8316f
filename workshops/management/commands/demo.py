from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from surveys import services as survey_services
from surveys import word_cloud
from surveys.models import Answer, Survey, device_fingerprint
from values import brainstorm as brainstorm_services
from values import voting as voting_services
from values.models import SourceKind
from workshops import services
from workshops.models import ContextAnswer, Organisation, Role, Stage, User

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
# (name, description, source, where it came from, proposed by)
CANDIDATES = [
    ("Honesty", "", SourceKind.STARTER, "honesty", "ben@demo.example"),
    ("Speed", "We treat every customer with urgency.", SourceKind.CLOUD, "fast",
     "chloe@demo.example"),
    ("Expertise", "We know the gear and the trails.", SourceKind.TYPED,
     "we want customers to trust our advice as they would a guide's", "ben@demo.example"),
    ("Reliability", "Gear and promises that last.", SourceKind.TYPED,
     "dependable, like good gear", "chloe@demo.example"),
    ("Listening", "", SourceKind.STARTER, "listening", "ana@demo.example"),
    ("Personalization", "", SourceKind.STARTER, "personalization", "dan@demo.example"),
    ("Friendliness", "", SourceKind.CLOUD, "friendly", "dan@demo.example"),
    ("Ownership", "We own the problem until it is solved.", SourceKind.TYPED,
     "no customer ever has to repeat themselves", "dan@demo.example"),
    ("Respect", "", SourceKind.STARTER, "respect", "ana@demo.example"),
    ("Empathy", "", SourceKind.STARTER, "empathy", "chloe@demo.example"),
]  # fmt: skip
# Four dots each, at most one per value; four values tie for fifth place.
DOTS = {
    "ana@demo.example": ["Honesty", "Speed", "Listening", "Expertise"],
    "ben@demo.example": ["Honesty", "Expertise", "Reliability", "Speed"],
    "chloe@demo.example": ["Honesty", "Speed", "Personalization", "Friendliness"],
    "dan@demo.example": ["Expertise", "Reliability", "Honesty", "Ownership"],
}


SURVEY_ANSWERS = [
    "Fast, friendly and honest answers",
    "They actually listen to me",
    "Quick help from a real person",
    "Solved on the first call",
    "Friendly people who know the gear",
    "Honest advice, even when it means buying less",
    "Fast replies and no runaround",
    "They treat me like family",
    "Easy returns, no questions",
    "Reliable and quick",
    "Knowledgeable staff who care",
    "Personal service, not a script",
    "A real person who solves it the first time",
    "Friendly, fast, fair",
    "They keep their promises",
    "Helpful even after the sale",
    "Quick repairs and clear updates",
    "Trustworthy advice for the outdoors",
    "Warm welcome every time",
    "No waiting, no hassle",
    "They explain things simply",
    "Respectful and patient",
    "Honest about delivery times",
    "Fast shipping and friendly support",
    "Listening first, then helping",
    "Going the extra mile",
    "Real experts who love the outdoors",
    "Clear answers, fast",
    "Support that feels personal",
    "They remember me and my last order",
    "Friendly and knowledgeable",
    "Problems fixed the first time",
    "Easy to reach, quick to help",
    "Honesty and respect",
    "Caring people, quick solutions",
    "Effortless: I never have to repeat myself",
    "Dependable, like good gear",
    "Fast, personal and honest",
    "They make it easy",
    "Real people, real help",
    "Răspunsuri rapide și prietenoase",
    "Oameni care chiar ascultă",
    "Ajutor rapid de la o persoană reală",
    "Sinceritate și respect",
    "Problema rezolvată din prima",
    "Consiliere onestă și competentă",
    "Prietenoși și de încredere",
    "Rapid, simplu, fără bătăi de cap",
    "Se țin de cuvânt",
    "Ne tratează ca pe niște prieteni",
    "Răbdare și explicații clare",
    "Servicii personalizate, nu răspunsuri standard",
    "Rapiditate și seriozitate",
    "Oameni pasionați de natură care ajută",
    "Încredere și căldură",
    "Livrare rapidă și suport prietenos",
    "Ascultă, apoi rezolvă",
    "Competenți și amabili",
    "Onestitate mai presus de vânzare",
    "Mereu dispuși să ajute",
]


class Command(BaseCommand):
    help = "Load a demo organisation with people and a workshop, and print the logins."

    @transaction.atomic
    def handle(self, *args, **options):
        if not Organisation.objects.filter(name=DEMO_ORGANISATION).exists():
            self._create()
        self.stdout.write(self.style.SUCCESS("Demo organisation ready. Log in with:"))
        for email, name, role, _ in PEOPLE:
            self.stdout.write(f"  {email:<22} {DEMO_PASSWORD}   ({name}, {role})")
        survey = Survey.objects.filter(workshop__organisation__name=DEMO_ORGANISATION).first()
        if survey and survey.token:
            link = settings.SITE_ROOT + reverse("survey_respond", args=[survey.token])
            self.stdout.write(f"Employee survey (open, {survey.answers.count()} answers): {link}")
        self.stdout.write(
            f"A second workshop, “{VOTING_TITLE}”, has its first round of votes revealed:"
            " log in as ana@demo.example to narrow the list and finalise."
        )

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
        survey = survey_services.survey_for(workshop)
        survey.languages = "en,ro"
        survey.save(update_fields=["languages"])
        survey_services.survey_open(survey=survey)
        Answer.objects.bulk_create(
            Answer(survey=survey, device=device_fingerprint(f"demo-{n}"), text=text)
            for n, text in enumerate(SURVEY_ANSWERS)
        )
        word_cloud.recount(survey)
        # The team has written its context and the answers are in: the cloud is on screen.
        services.workshop_set_stage(workshop=workshop, stage=Stage.WORD_CLOUD)
        self._create_voting_workshop(organisation, users)

    def _create_voting_workshop(self, organisation, users) -> None:
        workshop = services.workshop_create(
            organisation=organisation,
            title=VOTING_TITLE,
            company_name="Northwind Outdoor",
            created_by=users["ana@demo.example"],
            facilitators=[users["ana@demo.example"]],
            participants=[users[email] for email, _, role, _ in PEOPLE if role == Role.PARTICIPANT],
        )
        for key, text in CONTEXT.items():
            ContextAnswer.objects.filter(workshop=workshop, key=key).update(text=text, version=1)
        candidates = {}
        for name, description, source, source_text, email in CANDIDATES:
            candidates[name] = brainstorm_services.candidate_add(
                workshop=workshop,
                name=name,
                description=description,
                source=source,
                source_text=source_text,
                user=users[email],
            )
        brainstorm_services.brainstorm_end(workshop=workshop)
        voting = voting_services.round_open(
            workshop=workshop, candidates=list(candidates.values()), budget=4, cap=1
        )
        entries = {entry.name: entry.pk for entry in voting.entries.all()}
        for email, names in DOTS.items():
            for name in names:
                voting_services.dot_add(voting=voting, user=users[email], entry_id=entries[name])
        voting_services.round_reveal(voting=voting)
        services.workshop_set_stage(workshop=workshop, stage=Stage.VOTE)

import factory
from django.test import Client
from django.urls import reverse

from workshops import services
from workshops.models import Membership, Organisation, Role, User

PASSWORD = "correct horse battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    display_name = factory.Faker("name")
    language = "en"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, password=PASSWORD, **kwargs)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")


def member(organisation: Organisation, role: str = Role.PARTICIPANT, **user_fields) -> User:
    user = UserFactory(**user_fields)
    Membership.objects.create(organisation=organisation, user=user, role=role)
    return user


def workshop_for(organisation, *, facilitators, participants=(), title="Philosophy 2026"):
    return services.workshop_create(
        organisation=organisation,
        title=title,
        company_name=organisation.name,
        created_by=facilitators[0],
        facilitators=list(facilitators),
        participants=list(participants),
    )


def logged_in(user) -> Client:
    """A test client of its own, logged in as `user` (for tests with several people)."""
    client = Client()
    client.force_login(user)
    return client


def htmx_post(client, url_name: str, *args, **data):
    """POST to a named URL as htmx does from the workshop page."""
    return client.post(reverse(url_name, args=args), data, HTTP_HX_REQUEST="true")

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from workshops.models import Membership, Organisation, Role, Stage, User
from workshops.validators import no_control_characters


def error_messages(form: forms.Form) -> list[str]:
    """Every message of a refused form, fields and form alike, in the fields' order."""
    return [str(message) for errors in form.errors.values() for message in errors]


def error_text(form: forms.Form) -> str:
    """A refused form's messages as one notice line."""
    return " ".join(error_messages(form))


class PlainTextField(forms.CharField):
    """A CharField that refuses control characters; every user-typed text goes through it."""

    default_validators = [no_control_characters]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Ours refuses NUL too: one clear message instead of two.
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]


class SignupForm(forms.Form):
    display_name = PlainTextField(
        label=_("Your name"), max_length=80, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only digits, not a common password."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    @property
    def account_fields(self) -> dict:
        """What services.user_signup takes, once the form is valid."""
        fields = ("email", "password", "display_name", "language")
        return {name: self.cleaned_data[name] for name in fields}

    def clean_email(self) -> str:
        # Whether the address has an account is not said here: sign-up answers alike (see
        # services.signup_request).
        return self.cleaned_data["email"].lower()

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            probe = User(email=cleaned.get("email", ""), display_name=cleaned.get("display_name"))
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class InvitationSignupForm(SignupForm):
    """Sign-up on an invitation's page. An invitation that names an address fixes it."""

    def __init__(self, *args, invited_email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if invited_email:
            # A disabled field ignores whatever is posted for it and cleans its initial value
            # instead: the account gets the invited address, whatever the request says.
            self.fields["email"].disabled = True
            self.initial = {**self.initial, "email": invited_email}

    @property
    def email_taken(self) -> bool:
        """Whether the address has an account already: the page then offers to log in."""
        return self.has_error("email", code="taken")

    def clean_email(self) -> str:
        # Here the account is made at once (whoever holds the invitation link was sent it),
        # so an address with an account is said to have one, with a link to log in; the
        # invitation's link itself is the secret that limits who can ask.
        email = super().clean_email()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail address already exists."), code="taken"
            )
        return email


class OrganisationSignupForm(SignupForm):
    organisation_name = PlainTextField(
        label=_("Organisation"),
        max_length=120,
        help_text=_("Your company or team. You become its admin."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    field_order = ["organisation_name", "display_name", "email", "password", "language"]


class OrganisationForm(forms.Form):
    name = PlainTextField(label=_("Organisation name"), max_length=120)


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": _(
            "That e-mail address and password don't match an account. "
            "The password is case-sensitive."
        ),
    }

    def clean_username(self) -> str:
        # Addresses are stored in lower case; lowering here also gives axes one username
        # per person, so changing the case of the address does not escape a lockout.
        return self.cleaned_data["username"].lower()


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ProfileForm(forms.ModelForm):
    display_name = PlainTextField(
        label=_("Display name"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    class Meta:
        model = User
        fields = ["display_name", "language"]


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        help_text=_("Leave empty to get a link you can share yourself."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.PARTICIPANT)

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        params = {"email": email, "organisation": self.organisation}
        members = Membership.objects.filter(organisation=self.organisation)
        if email and members.filter(user__email__iexact=email).exists():
            raise forms.ValidationError(
                _("%(email)s is already a member of %(organisation)s."),
                code="member",
                params=params,
            )
        invitations = self.organisation.invitations.usable()
        if email and invitations.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("%(email)s already has an open invitation: revoke it first or share its link."),
                code="invited",
                params=params,
            )
        return email


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class PeopleField(forms.ModelMultipleChoiceField):
    """People chosen by id; an id beyond the database's integers is an invalid value.

    Without this check SQLite raises OverflowError inside the field's own query (a 500).
    """

    def _check_values(self, value):
        for pk in value:
            try:
                too_large = abs(int(pk)) >= 2**63
            except (TypeError, ValueError):
                continue  # The parent reports it as an invalid value.
            if too_large:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class WorkshopForm(forms.Form):
    title = PlainTextField(label=_("Workshop title"), max_length=120)
    company_name = PlainTextField(label=_("Company name"), max_length=120)
    facilitators = PeopleField(
        label=_("Facilitators"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They move the workshop from stage to stage."),
        error_messages={"required": _("Choose at least one facilitator.")},
    )
    participants = PeopleField(
        label=_("Participants"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("A small, diverse leadership group: founders, CEO, a few key people."),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        people = User.objects.filter(memberships__organisation=organisation).order_by(
            "display_name", "email"
        )
        self.fields["facilitators"].queryset = people
        self.fields["participants"].queryset = people


class StageForm(forms.Form):
    stage = forms.TypedChoiceField(choices=Stage.choices, coerce=int)

from django.contrib.auth import views as auth_views
from django.urls import path, register_converter

from workshops import views
from workshops.views import accounts, organisations, workshop


class IdConverter:
    """A database id: digits that fit a 64-bit integer.

    An absurd id is then a 404 from the resolver; `<int:>` let it reach the database,
    where SQLite raises OverflowError on a foreign-key lookup (a 500).
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    # Accounts
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/signup/sent/", accounts.signup_sent, name="signup_sent"),
    path("accounts/signup/confirm/<str:token>/", accounts.signup_confirm, name="signup_confirm"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/profile/", accounts.profile, name="profile"),
    path("accounts/language/", accounts.language_switch, name="language_switch"),
    path("accounts/password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password-reset/",
        accounts.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Organisations, members and invitations
    path("organisations/new/", organisations.organisation_create, name="organisation_create"),
    path(
        "organisations/<id:organisation_id>/",
        organisations.organisation_detail,
        name="organisation_detail",
    ),
    path(
        "organisations/<id:organisation_id>/invitations/",
        organisations.invitation_create,
        name="invitation_create",
    ),
    path(
        "organisations/<id:organisation_id>/invitations/<id:invitation_id>/revoke/",
        organisations.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "organisations/<id:organisation_id>/members/<id:membership_id>/role/",
        organisations.member_role,
        name="member_role",
    ),
    path(
        "organisations/<id:organisation_id>/members/<id:membership_id>/remove/",
        organisations.member_remove,
        name="member_remove",
    ),
    path("invite/<str:token>/", organisations.invitation_accept, name="invitation_accept"),
    # Workshops
    path(
        "organisations/<id:organisation_id>/workshops/new/",
        workshop.workshop_create,
        name="workshop_create",
    ),
    path("workshops/<id:workshop_id>/", workshop.workshop_detail, name="workshop_detail"),
    path("workshops/<id:workshop_id>/live/", workshop.workshop_live, name="workshop_live"),
    path(
        "workshops/<id:workshop_id>/settings/",
        workshop.workshop_settings,
        name="workshop_settings",
    ),
    path("workshops/<id:workshop_id>/stage/", workshop.workshop_stage, name="workshop_stage"),
    path(
        "workshops/<id:workshop_id>/context/<slug:key>/",
        workshop.context_save,
        name="context_save",
    ),
]

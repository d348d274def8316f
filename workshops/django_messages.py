"""Django's own messages that our users read, copied here so that we translate them.

Django ships Romanian for these, but some read badly next to our wording and some are
missing. `makemessages` only collects strings from our code, so the function below names
each one with the exact msgid Django uses (Django 5.2; check them again on an upgrade).
They land in our catalogue, and LOCALE_PATHS takes precedence over Django's own
catalogue, so our Romanian wins wherever Django shows them.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _messages_for_makemessages() -> None:
    """Never called: it exists only so that makemessages copies these msgids."""
    # django.contrib.auth.password_validation
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        8,
    )
    ngettext(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        8,
    )
    _("This password is too common.")
    _("Your password can’t be a commonly used password.")
    _("This password is entirely numeric.")
    _("Your password can’t be entirely numeric.")
    _("The password is too similar to the %(verbose_name)s.")
    _("Your password can’t be too similar to your other personal information.")
    # django.core.validators and django.forms.fields
    _("Enter a valid email address.")
    _("This field is required.")
    ngettext(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        1,
    )
    # django.contrib.auth.forms: SetPasswordForm and PasswordChangeForm
    _("The two password fields didn’t match.")
    _("Your old password was entered incorrectly. Please enter it again.")
    _("Enter the same password as before, for verification.")
    _("New password")
    _("New password confirmation")
    _("Old password")

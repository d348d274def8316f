import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Everything in Unicode category Cc except tab, line feed and carriage return.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def no_control_characters(value: str) -> None:
    """Refuse NUL and other control characters (PostgreSQL rejects NUL outright)."""
    if _CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("Please remove the invisible control characters from this text."),
            code="control_characters",
        )

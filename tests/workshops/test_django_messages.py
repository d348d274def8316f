"""Django's own messages, copied into our catalogue so that our Romanian wording wins."""

import ast
from pathlib import Path

import django
import polib
import pytest
from django.urls import reverse

from workshops import django_messages
from workshops.forms import LoginForm

DJANGO_ROOT = Path(django.__file__).parent


def _copied_msgids() -> set[tuple[str, str | None]]:
    """(msgid, msgid_plural) of every gettext and ngettext call in django_messages.py."""
    tree = ast.parse(Path(django_messages.__file__).read_text(encoding="utf-8"))
    msgids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            strings = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
            if node.func.id == "_":
                msgids.add((strings[0], None))
            elif node.func.id == "ngettext":
                msgids.add((strings[0], strings[1]))
    return msgids


def _django_msgids() -> set[tuple[str, str | None]]:
    """Every msgid of the installed Django, from its English catalogues: they are extracted
    from its code, while the Romanian ones can lag behind it (Django 5.2 changed the
    too-short message to %d, and its Romanian catalogue still has %(min_length)d)."""
    msgids = set()
    for path in DJANGO_ROOT.glob("**/locale/en/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(path)):
            msgids.add((entry.msgid, entry.msgid_plural or None))
    return msgids


def test_every_copied_message_is_exactly_one_that_django_uses():
    copied = _copied_msgids()
    assert len(copied) >= 17
    unknown = sorted(str(msgid) for msgid in copied - _django_msgids())
    assert not unknown, f"not Django's msgids (a typo, or Django changed them): {unknown}"


@pytest.mark.parametrize(
    "msgid",
    [
        (
            "This password is too short. It must contain at least %d character.",
            "This password is too short. It must contain at least %d characters.",
        ),
        (
            "Your password must contain at least %(min_length)d character.",
            "Your password must contain at least %(min_length)d characters.",
        ),
        ("This password is too common.", None),
        ("This password is entirely numeric.", None),
        ("The password is too similar to the %(verbose_name)s.", None),
        ("Enter a valid email address.", None),
        ("This field is required.", None),
        (
            "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        ),
        ("The two password fields didn’t match.", None),
        ("Your old password was entered incorrectly. Please enter it again.", None),
        ("New password", None),
        ("New password confirmation", None),
        ("Old password", None),
    ],
)
def test_the_messages_our_users_meet_are_copied(msgid):
    assert msgid in _copied_msgids()


def test_the_copying_function_is_never_called():
    sources = Path(django_messages.__file__).parent.parent
    callers = [
        path
        for folder in ("workshops", "surveys", "philosophy")
        for path in (sources / folder).rglob("*.py")
        if "_messages_for_makemessages(" in path.read_text(encoding="utf-8")
        and path.name != "django_messages.py"
    ]
    assert callers == []


def test_the_login_form_words_a_failed_log_in_its_own_way(client, alice):
    response = client.post(reverse("login"), {"username": alice.email, "password": "wrong"})

    errors = response.context["form"].non_field_errors()
    assert errors == [
        "That e-mail address and password don't match an account. The password is case-sensitive."
    ]
    assert LoginForm.error_messages["inactive"] == "This account is inactive."

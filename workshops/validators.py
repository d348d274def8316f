import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Everything in Unicode category Cc except tab, line feed and carriage return.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ZWJ = "\u200d"
# Tag characters spell a regional flag after U+1F3F4 (the flag of Scotland, of Wales...).
_FLAG = "\U0001f3f4"
_TAGS = range(0xE0020, 0xE0080)


def no_control_characters(value: str) -> None:
    """Refuse NUL and other control characters (PostgreSQL rejects NUL outright), and
    invisible format characters (Unicode category Cf: direction overrides and isolates,
    zero-width spaces, the byte-order mark, soft hyphens...), which can make a text read
    differently from what it holds. A zero-width joiner inside an emoji (👩‍💻) and a
    flag's tag characters are part of what is shown, so they stay."""
    if _CONTROL_CHARACTERS.search(value) or _has_format_character(value):
        raise ValidationError(
            _("Please remove the invisible control characters from this text."),
            code="control_characters",
        )


def _has_format_character(value: str) -> bool:
    if value.isascii():
        return False
    for index, character in enumerate(value):
        if unicodedata.category(character) != "Cf":
            continue
        if character == _ZWJ and _joins_emoji(value, index):
            continue
        if ord(character) in _TAGS and _in_flag(value, index):
            continue
        return True
    return False


def _is_emoji_part(character: str) -> bool:
    # Pictographs (So), skin tones (Sk), the emoji presentation selector U+FE0F.
    return unicodedata.category(character) in ("So", "Sk") or character == "\ufe0f"


def _joins_emoji(value: str, index: int) -> bool:
    before = value[index - 1] if index > 0 else ""
    after = value[index + 1] if index + 1 < len(value) else ""
    return bool(before and after) and _is_emoji_part(before) and _is_emoji_part(after)


def _in_flag(value: str, index: int) -> bool:
    start = index
    while start > 0 and ord(value[start - 1]) in _TAGS:
        start -= 1
    return start > 0 and value[start - 1] == _FLAG

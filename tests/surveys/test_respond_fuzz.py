"""Random input on the respondent's public page (`survey_respond`): never a server error,
and the respondent always sees what became of the text.

Anything can arrive at a public form: every Unicode character (controls and NUL
included), very long or whitespace-only text, a missing, repeated or uploaded `text`
field, extra fields, a forged device cookie, a broken body, a made-up link. The rules:

- the status is never 500 or more;
- 200: the answer is stored as the form normalises it (surrounding whitespace stripped,
  as Python's `str.strip` sees whitespace) under the device of the returned cookie, and
  the thank-you page shows it;
- 422: nothing is stored or changed, and the textarea shows the typed text again,
  escaped.

Runs on SQLite (tier 1) and on PostgreSQL and Redis (tier 2: DATABASE_URL and REDIS_URL set).
"""

import logging
import re
import unicodedata
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.template.defaultfilters import linebreaksbr
from django.test import Client, RequestFactory
from django.test.client import encode_multipart
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, event, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from surveys import services
from surveys.devices import DEVICE_SALT
from surveys.forms import ANSWER_LANGUAGES
from surveys.models import Answer, device_fingerprint
from workshops.validators import no_control_characters

pytestmark = pytest.mark.django_db

# Not the test client's own MULTIPART_CONTENT object: with that one, the client insists on
# encoding a dict itself.
_BOUNDARY = "FuZzBoUnDaRy"
_MULTIPART = f"multipart/form-data; boundary={_BOUNDARY}"

_FUZZ = hypothesis_settings(
    max_examples=150,
    deadline=None,
    # The survey and the settings fixture serve every example; each example makes its own
    # client, so no cookie or device carries over between examples.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        # Some strategies make long texts; an example too large is dropped, not a failure.
        HealthCheck.data_too_large,
    ],
)


@pytest.fixture
def survey(workshop, settings):
    # A fuzz run posts hundreds of answers from one address and one device: rate limits
    # have their own tests (test_respond.py).
    settings.RATELIMIT_ENABLE = False
    survey = services.survey_for(workshop)
    services.survey_open(survey=survey)
    return survey


def _url(survey):
    return reverse("survey_respond", args=[survey.token])


# What the form does to a text (surveys.forms.AnswerForm), written out independently.


def _is_refused_control(character: str) -> bool:
    # Unicode category Cc except tab, line feed and carriage return.
    return unicodedata.category(character) == "Cc" and character not in "\t\n\r"


def _has_invisible_format_character(text: str) -> bool:
    # Unicode category Cf (direction overrides, zero-width spaces, soft hyphens...) is
    # refused, but for what an emoji or a flag is made of: the validator knows which.
    try:
        no_control_characters(text)
    except ValidationError:
        return not any(map(_is_refused_control, text))
    return False


def _stored_form(raw: str | None, max_length: int) -> str | None:
    """The text the form stores for what was typed, or None when it refuses it."""
    if raw is None:
        return None
    text = raw.strip()
    if (
        not text
        or len(text) > max_length
        or any(map(_is_refused_control, text))
        or _has_invisible_format_character(text)
        or not any(character.isalnum() for character in text)
    ):
        return None
    return text


# Strategies.

# All of Unicode but lone surrogates, which cannot be sent as UTF-8 at all.
_any_character = st.characters(exclude_categories=("Cs",))
_whitespace = st.sampled_from(
    [" ", "\t", "\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u1680",
     "\u2000", "\u2007", "\u2028", "\u2029", "\u202f", "\u3000"]
)  # fmt: skip
_RUDE = ["This service SUCKS", "ce cacat", "Ce căcat de serviciu", "Scheiße!", "f*ck you",
         "Merde, trop lent", "¡Mierda!", "bullshit\r\nanswers"]  # fmt: skip
_words = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "M", "P", "S", "Zs")), min_size=1
)
_texts = st.one_of(
    st.text(_any_character),
    st.text(_any_character, min_size=1, max_size=12),
    # Blank: whitespace only, or with U+200B and U+FEFF (invisible, not whitespace to Python).
    st.lists(st.one_of(_whitespace, st.sampled_from(["\u200b", "\ufeff"])), max_size=8).map(
        "".join
    ),
    # Plausible answers with odd padding, so that many examples are accepted; some of them
    # rude, for the offensive-words filter.
    st.tuples(
        st.lists(_whitespace, max_size=4),
        st.one_of(_words, st.sampled_from(_RUDE)),
        st.lists(_whitespace, max_size=4),
    ).map(lambda parts: "".join(parts[0]) + parts[1] + "".join(parts[2])),
    # Around the default limit of 200 characters, counted after stripping.
    st.tuples(
        st.lists(_whitespace, max_size=3),
        st.integers(min_value=195, max_value=205),
        st.sampled_from(["a", "é", "ș", "字", "😀", "a\u0301"]),
    ).map(lambda parts: "".join(parts[0]) + (parts[2] * parts[1])[: parts[1]] + "".join(parts[0])),
    # Very long.
    st.tuples(st.text(_any_character, min_size=1, max_size=8), st.integers(200, 5_000)).map(
        lambda parts: parts[0] * parts[1]
    ),
    st.text(_any_character, min_size=180, max_size=260),
)
_field_names = st.one_of(
    st.sampled_from(["Text", "TEXT", "text ", "text[]", "texts", "answer", "device", "survey",
                     "csrfmiddlewaretoken", "previous", "thanks", "hidden", "token", ""]),
    # Not quotes, backslashes or line breaks: the test client writes names into multipart
    # headers as they are.
    st.text(st.characters(exclude_categories=("Cs", "Cc"), exclude_characters='"\\'), max_size=12),
)  # fmt: skip
# A device cookie that was never signed by the site.
_garbage_cookies = st.one_of(
    st.text(st.characters(codec="latin-1", exclude_categories=("Cc",)), max_size=60),
    st.sampled_from(["", "x", "abc:def", "abc:def:ghi", '"quoted"', "a" * 5000, "null", "0"]),
)


def _is_text(name: str) -> bool:
    # The multipart parser strips the names of fields ("text " is `text` there).
    return name.strip() == "text"


@st.composite
def _submissions(draw):
    """Fields as (name, value) pairs, and what the form should read from them as `text`
    (None when absent)."""
    shape = draw(st.sampled_from(["plain", "plain", "plain", "missing", "repeated", "extra"]))
    if shape == "plain":
        text = draw(_texts)
        return [("text", text)], text
    if shape == "missing":
        # A browser always sends the CSRF token along: the form is bound, `text` is absent.
        others = draw(st.lists(st.tuples(_field_names, _texts), max_size=3))
        fields = [("csrfmiddlewaretoken", "x")] + [(n, v) for n, v in others if not _is_text(n)]
        return fields, None
    if shape == "repeated":
        values = draw(st.lists(_texts, min_size=2, max_size=3))
        # A form field reads the last value of a repeated field (QueryDict.get).
        return [("text", value) for value in values], values[-1]
    text = draw(_texts)
    others = [
        (name, value)
        for name, value in draw(st.lists(st.tuples(_field_names, _texts), min_size=1, max_size=3))
        if not _is_text(name)
    ]
    position = draw(st.integers(0, len(others)))
    return others[:position] + [("text", text)] + others[position:], text


def _post(client, url, fields, encoding):
    if encoding == "urlencoded":
        # As a browser sends this form (it has no enctype).
        return client.post(url, urlencode(fields), content_type="application/x-www-form-urlencoded")
    # multipart/form-data, as the test client sends a dict; pairs keep repeated names.
    parts = {}
    for name, value in fields:
        parts.setdefault(name, []).append(value)
    return client.post(url, encode_multipart(_BOUNDARY, parts), content_type=_MULTIPART)


def _textarea(page: str) -> str:
    """The markup inside the answer's textarea, as a browser reads it: HTML drops the one
    newline right after the tag (the template writes it so a typed leading newline stays)."""
    found = re.findall(r'<textarea name="text"[^>]*>\n(.*?)</textarea>', page, re.DOTALL)
    assert len(found) == 1, page
    return found[0]


def _device_of(response) -> str:
    """The device (as stored) of the cookie the response gives, read as the view reads it."""
    name = django_settings.SURVEY_DEVICE_COOKIE
    request = RequestFactory().get("/")
    request.COOKIES[name] = response.cookies[name].value
    return device_fingerprint(request.get_signed_cookie(name, salt=DEVICE_SALT))


def _swallowed_errors(caplog) -> list[str]:
    # answer_submit logs and swallows a failure of what follows a stored answer (live
    # counter, word-cloud recount): on fuzzed text that would be a hidden server error.
    return [
        f"{record.name}: {record.getMessage()}\n{record.exc_text or ''}"
        for record in caplog.records
        if record.name.startswith("surveys") and record.levelno >= logging.WARNING
    ]


@_FUZZ
@given(
    submission=_submissions(),
    encoding=st.sampled_from(["urlencoded", "multipart"]),
    cookie=st.one_of(st.none(), st.none(), st.just("returning"), _garbage_cookies),
    # None: the offensive-words filter is off; else the survey's languages, filter on.
    filtered=st.one_of(
        st.none(),
        st.lists(st.sampled_from([code for code, _ in ANSWER_LANGUAGES]), min_size=1, max_size=3,
                 unique=True),
    ),
)  # fmt: skip
@example(
    submission=([("text", "Fast\x00")], "Fast\x00"),
    encoding="urlencoded",
    cookie=None,
    filtered=None,
)
@example(
    submission=([("text", "\x00")], "\x00"), encoding="multipart", cookie=None, filtered=["en"]
)
@example(
    submission=([("text", "a</textarea>&<b>")], "a</textarea>&<b>"),
    encoding="urlencoded",
    cookie=None,
    filtered=None,
)
@example(
    submission=(
        [("text", "x</textarea><script>alert(1)</script>\x07")],
        "x</textarea><script>alert(1)</script>\x07",
    ),
    encoding="multipart",
    cookie="returning",
    filtered=None,
)
@example(
    submission=([("text", " \u3000\x1c ")], " \u3000\x1c "),
    encoding="urlencoded",
    cookie="x",
    filtered=None,
)
@example(submission=([("text", " ce  CĂCAT\n")], " ce  CĂCAT\n"), encoding="urlencoded",
         cookie="returning", filtered=["en", "ro"])  # fmt: skip
def test_any_answer_is_stored_as_normalised_or_shown_back(survey, caplog, submission, encoding,
                                                          cookie, filtered):  # fmt: skip
    fields, typed = submission
    caplog.clear()
    # With the filter on, an answer with listed words is stored held (out of the cloud until
    # the facilitator approves it); the respondent is thanked all the same.
    survey.hold_offensive = filtered is not None
    survey.languages = ",".join(filtered or ["en"])
    survey.save(update_fields=["hold_offensive", "languages"])
    url = _url(survey)
    client = Client(raise_request_exception=False)
    earlier = None
    if cookie == "returning":
        # A device that answered already: a refused edit must keep its answer.
        first = client.post(url, {"text": "An earlier answer"})
        assert first.status_code == 200
        earlier = Answer.objects.get(survey=survey, device=_device_of(first))
    elif cookie is not None:
        client.cookies[django_settings.SURVEY_DEVICE_COOKIE] = cookie
    before = dict(survey.answers.values_list("pk", "text"))

    response = _post(client, url, fields, encoding)

    assert response.status_code < 500, response.content[:2000]
    event(f"status {response.status_code}")  # see --hypothesis-show-statistics
    expected = _stored_form(typed, survey.max_answer_length)
    after = dict(survey.answers.values_list("pk", "text"))
    page = response.content.decode()
    if expected is not None:
        assert response.status_code == 200, page
        answer = Answer.objects.get(survey=survey, device=_device_of(response))
        assert answer.text == expected
        assert filtered is not None or not answer.held
        event(f"stored{' held' if answer.held else ''}")
        # A returning device changes its answer; any other device adds one.
        assert answer.pk == earlier.pk if earlier is not None else answer.pk not in before
        assert after == {**before, answer.pk: expected}
        assert "Thank you" in page
        assert str(linebreaksbr(expected, autoescape=True)) in page
    else:
        assert response.status_code == 422, page
        assert after == before
        assert _textarea(page) == escape(typed or "")
        assert 'aria-invalid="true"' in page
    assert _swallowed_errors(caplog) == []


@_FUZZ
@given(submission=_submissions(), encoding=st.sampled_from(["urlencoded", "multipart"]))
def test_an_expired_page_shows_any_typed_text_again_and_stores_nothing(
    survey, submission, encoding
):
    fields, typed = submission
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    before = survey.answers.count()
    response = _post(client, _url(survey), fields, encoding)
    assert response.status_code == 403
    assert survey.answers.count() == before
    page = response.content.decode()
    assert "expired" in page
    assert _textarea(page) == escape(typed or "")


@hypothesis_settings(_FUZZ, max_examples=100)
@given(
    content_type=st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=latin-1",
            _MULTIPART,
            "multipart/form-data",
            "multipart/form-data; boundary=",
            "text/plain",
            "application/json",
        ]
    ),
    body=st.one_of(
        st.binary(max_size=300),
        # Mostly a good answer, then anything: %-escapes, bytes that are not UTF-8...
        st.binary(max_size=40).map(lambda tail: b"text=Fast+" + tail),
        st.lists(
            st.one_of(
                st.sampled_from([b"text=", b"&", b"=", b"%", b"%00", b"%FF", b"%C3", b"+", b";",
                                 b"text", f"--{_BOUNDARY}\r\n".encode(), b"\r\n", b"\r\n\r\n",
                                 b'Content-Disposition: form-data; name="text"',
                                 b'; filename="a.txt"', b"--"]),
                st.binary(max_size=12),
                st.text(_any_character, max_size=12).map(str.encode),
            ),
            max_size=25,
        ).map(b"".join),
    ),
)  # fmt: skip
def test_a_broken_body_is_refused_without_a_server_error(survey, content_type, body):
    client = Client(raise_request_exception=False)
    before = survey.answers.count()
    # generic(): post() would re-encode the bytes to the content type's charset.
    response = client.generic("POST", _url(survey), body, content_type=content_type)
    assert response.status_code < 500, response.content[:2000]
    event(f"status {response.status_code}")
    assert response.status_code in (200, 400, 422)
    added = survey.answers.count() - before
    assert added == (1 if response.status_code == 200 else 0)
    if response.status_code == 200 and content_type == "application/x-www-form-urlencoded":
        typed = QueryDict(body).get("text")
        answer = Answer.objects.get(survey=survey, device=_device_of(response))
        assert answer.text == _stored_form(typed, survey.max_answer_length)


@pytest.mark.parametrize("body", ["empty", "file"])
def test_a_post_without_a_text_field_says_what_is_missing(survey, body):
    data = {}
    if body == "file":
        data["text"] = SimpleUploadedFile("answer.txt", b"Fast", content_type="text/plain")
    response = Client(raise_request_exception=False).post(_url(survey), data)
    assert response.status_code == 422
    assert survey.answers.count() == 0
    assert "Please write your answer before sending." in response.content.decode()


def test_a_body_over_the_upload_limit_is_refused_without_a_server_error(survey, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    client = Client(raise_request_exception=False)
    for encoding in ("urlencoded", "multipart"):
        response = _post(client, _url(survey), [("text", "Fast " * 40_000)], encoding)
        assert response.status_code == 400
    assert survey.answers.count() == 0


def test_too_many_fields_are_refused_without_a_server_error(survey, settings):
    fields = [("text", "Fast")] + [
        (f"f{n}", "x") for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)
    ]
    client = Client(raise_request_exception=False)
    for encoding in ("urlencoded", "multipart"):
        assert _post(client, _url(survey), fields, encoding).status_code == 400
    assert survey.answers.count() == 0


# A link nobody was given: the same 404 as an unknown link, never a server error.


@hypothesis_settings(_FUZZ, max_examples=60)
@given(token=st.text(_any_character, min_size=1, max_size=80))
@example(token="\x00")
@example(token="a\x00b")
def test_any_made_up_link_answers_not_found(survey, token):
    client = Client(raise_request_exception=False)
    strict = Client(enforce_csrf_checks=True, raise_request_exception=False)
    url = "/s/" + quote(token, safe="") + "/"
    responses = [
        client.get(url),
        client.post(url, {"text": "Fast and friendly"}),
        strict.post(url, {"text": "Fast and friendly"}),
    ]
    statuses = [response.status_code for response in responses]
    assert statuses == [404, 404, 404], (token, statuses)

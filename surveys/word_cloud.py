"""The workshop's word cloud (stage 3): counting, the facilitator's hide and merge, pictures.

Counting reads every visible answer, so it runs in the background (surveys.tasks), at most
every `WORD_CLOUD_REFRESH_SECONDS` while answers arrive, and stores its result in one
WordCloud row. Hide and merge are applied to that row's counts whenever it is shown: they
take effect at once and are undone by deleting their WordAdjustment. Pictures are cached
by a hash of exactly what they show.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from surveys import cloud_picture, text
from surveys.models import Survey, WordAdjustment, WordCloud
from workshops import live

# Counted before adjustments: enough that a merge can lift a word into the shown 200.
COUNTED_WORDS = 1000
SHOWN_WORDS = cloud_picture.MAX_WORDS
CLOUD_SIZE = (800, 400)
PICTURE_SECONDS = 24 * 3600


class AdjustmentRefused(Exception):
    """A hide or merge that no longer fits the cloud (someone changed it meanwhile)."""


@dataclass(frozen=True)
class CloudView:
    """What a screen shows of the cloud: the adjusted words and the picture's hash."""

    counted: WordCloud | None
    words: list[text.WordCount]
    picture_hash: str | None


def _refresh_flag(survey_id: int) -> str:
    return f"word-cloud-refresh:{survey_id}"


def claim_refresh(survey_id: int) -> bool:
    """True for the first caller since the last recount started: it schedules the next one.

    The flag expires on its own, so a recount lost with a worker is asked for again.
    """
    timeout = max(settings.WORD_CLOUD_REFRESH_SECONDS * 6, 30)
    return cache.add(_refresh_flag(survey_id), 1, timeout=timeout)


def recount(survey: Survey, *, draw: bool = True) -> WordCloud:
    """Count the visible answers now and store the result; every screen then shows it.

    With `draw`, the picture is drawn here too, once, instead of by the first screen that
    asks for it (with fifty screens asking at once, that would be fifty drawings).
    """
    # Answers arriving from here on ask for another recount instead of being missed.
    cache.delete(_refresh_flag(survey.pk))
    started = timezone.now()
    answers = survey.answers.counted().values_list("text", flat=True)
    texts = list(answers.iterator(chunk_size=2000))
    words = text.word_frequencies(texts, languages=survey.language_list, limit=COUNTED_WORDS)
    rows = [[word.key, word.text, word.count] for word in words]
    with transaction.atomic():
        counted = WordCloud.objects.select_for_update().filter(survey=survey).first()
        if counted is None:
            counted = WordCloud(survey=survey, computed_at=started)
        elif counted.computed_at > started:
            return counted  # a recount that started later already stored newer counts
        counted.words, counted.answer_count, counted.computed_at = rows, len(texts), started
        counted.save()
    if draw:
        svg_for(survey, cloud_view(survey, counted=counted))
    live.announce_change(survey.workshop_id, live.STAGE)
    return counted


def cloud_view(
    survey: Survey,
    *,
    counted: WordCloud | None = None,
    adjustments: list[WordAdjustment] | None = None,
) -> CloudView:
    if counted is None:
        counted = WordCloud.objects.filter(survey=survey).first()
    if counted is None:
        return CloudView(None, [], None)
    if adjustments is None:
        adjustments = list(survey.word_adjustments.all())
    hidden, merges = [], {}
    for adjustment in adjustments:
        if adjustment.kind == WordAdjustment.Kind.HIDE:
            hidden.append(adjustment.key)
        else:
            merges[adjustment.key] = adjustment.into_key
    counts = (text.WordCount(*row) for row in counted.words)
    words = text.adjust(counts, hidden=hidden, merges=merges, limit=SHOWN_WORDS)
    picture_hash = cloud_picture.cloud_cache_key(words, *CLOUD_SIZE) if words else None
    return CloudView(counted, words, picture_hash)


def _picture_key(survey: Survey, picture_hash: str, kind: str) -> str:
    return f"word-cloud:{survey.pk}:{picture_hash}:{kind}"


def svg_for(survey: Survey, view: CloudView) -> str | None:
    return _picture(
        survey, view, "svg", lambda w, h: cloud_picture.render_svg(view.words, width=w, height=h)
    )


def png_for(survey: Survey, view: CloudView) -> bytes | None:
    """The PNG is drawn at twice the size, for print and slides."""
    return _picture(
        survey,
        view,
        "png",
        lambda w, h: cloud_picture.render_png(view.words, width=2 * w, height=2 * h),
    )


def _picture(survey: Survey, view: CloudView, kind: str, draw):
    """The cloud drawn by `draw(width, height)`, cached under the hash of its words."""
    if not view.words:
        return None
    key = _picture_key(survey, view.picture_hash, kind)
    picture = cache.get(key)
    if picture is None:
        picture = draw(*CLOUD_SIZE)
        cache.set(key, picture, PICTURE_SECONDS)
    return picture


def _shown_word(view: CloudView, key: str) -> text.WordCount:
    for word in view.words:
        if word.key == key:
            return word
    raise AdjustmentRefused(_("That word is no longer in the cloud: someone changed it."))


def _adjusted(survey: Survey, **fields) -> WordAdjustment:
    try:
        with transaction.atomic():
            adjustment = WordAdjustment.objects.create(survey=survey, **fields)
    except IntegrityError as error:
        raise AdjustmentRefused(
            _("That word is no longer in the cloud: someone changed it.")
        ) from error
    svg_for(survey, cloud_view(survey))
    live.announce_change(survey.workshop_id, live.STAGE)
    return adjustment


def word_hide(*, survey: Survey, key: str, user) -> WordAdjustment:
    word = _shown_word(cloud_view(survey), key)
    return _adjusted(
        survey, kind=WordAdjustment.Kind.HIDE, key=word.key, text=word.text, created_by=user
    )


def word_merge(*, survey: Survey, key: str, into_key: str, user) -> WordAdjustment:
    """Count `key` as `into_key` ("fast" into "quick"). Both must be shown, so merges
    never form a cycle."""
    if key == into_key:
        raise AdjustmentRefused(_("Choose two different words to merge."))
    view = cloud_view(survey)
    word, into = _shown_word(view, key), _shown_word(view, into_key)
    return _adjusted(
        survey,
        kind=WordAdjustment.Kind.MERGE,
        key=word.key,
        text=word.text,
        into_key=into.key,
        into_text=into.text,
        created_by=user,
    )


def adjustment_undo(*, adjustment: WordAdjustment) -> None:
    survey = adjustment.survey
    adjustment.delete()
    svg_for(survey, cloud_view(survey))
    live.announce_change(survey.workshop_id, live.STAGE)

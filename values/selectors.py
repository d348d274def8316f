"""Reads of stages 4 and 5: what the workshop screens show, and the reads the brainstorm
and voting services share (value set, open round, the cut, the final values)."""

from dataclasses import dataclass

from django.db.models import Prefetch, Subquery, prefetch_related_objects
from django.http import HttpRequest

from surveys import word_cloud
from surveys.models import Survey
from surveys.selectors import cloud_screen_panel
from values import keys
from values.forms import CandidateForm
from values.models import (
    MAX_FINAL_VALUES,
    Ballot,
    Candidate,
    Entry,
    Round,
    RoundStatus,
    Source,
    SourceKind,
    ValueSet,
    Vote,
)
from values.starter import STARTER_VALUES, in_reader_language
from workshops.models import ContextQuestion, User, Workshop
from workshops.selectors import WorkshopAccess
from workshops.stages import StageOutcome

CLOUD_WORDS_OFFERED = 30
# The part of the voting screen that says who has voted: a voter's first dot or last
# take-back moves it alone (workshops.live_parts).
VOTE_PROGRESS = "vote-progress"


def value_set_for(workshop: Workshop) -> ValueSet:
    return ValueSet.objects.get(workshop=workshop)


def default_budget(candidates: int) -> int:
    """About a third of the candidates, at least 3 (and never more than there are)."""
    return max(min(3, candidates), round(candidates / 3))


def open_round(workshop: Workshop) -> Round | None:
    return workshop.rounds.filter(status=RoundStatus.OPEN).first()


@dataclass(frozen=True)
class Cut:
    """The top `size` entries of a round, and the entries tied across the cut."""

    entries: list[Entry]
    carried: list[Entry]
    tied: list[Entry]


def cut(voting: Round, size: int) -> Cut:
    """The top `size` entries by votes. Entries with the same count as the last one in
    are tied across the cut when they don't all fit: the facilitator decides. Entries
    without a dot are never carried."""
    entries = list(voting.entries.all())  # most votes first
    size = max(0, min(size, len(entries)))
    top = [entry for entry in entries[:size] if entry.votes]
    if not top:
        return Cut(entries, [], [])
    boundary = top[-1].votes
    if len(top) < size or size == len(entries) or entries[size].votes != boundary:
        # Everyone with a dot fits (nobody is left out on the boundary's count).
        return Cut(entries, top, [])
    return Cut(entries, top, [e for e in entries if e.votes == boundary])


def initials(names: list[str]) -> str:
    """The first letters of the values, to help name the set ("HRQ…")."""
    return "".join(name.strip()[:1].upper() for name in names if name.strip())


def final_values(workshop: Workshop) -> list[Candidate]:
    return list(workshop.candidates.filter(final_position__isnull=False).order_by("final_position"))


def brainstorm_panel(
    workshop: Workshop,
    user,
    can_facilitate: bool,
    *,
    notice: str | None = None,
    highlight=None,
    form=None,
) -> dict:
    value_set = value_set_for(workshop)
    candidates = list(
        workshop.candidates.select_related("created_by").prefetch_related(
            Prefetch("sources", queryset=Source.objects.select_related("added_by"))
        )
    )
    _in_reader_language(candidates)
    open_for_changes = value_set.brainstorm_ended_at is None
    for candidate in candidates:
        # Facilitators change any value; participants the ones they added.
        candidate.editable = open_for_changes and (
            can_facilitate or candidate.created_by_id == user.pk
        )
    languages = keys.languages_of(workshop)
    taken = {c.key for c in candidates}
    starters = [
        (key, name)
        for key, (name, _description) in STARTER_VALUES.items()
        if not _on_the_list(keys.value_key(str(name), languages), taken, languages)
    ]
    return {
        "value_set": value_set,
        "candidates": candidates,
        "starters": starters,
        "cloud_words": _cloud_words(workshop, taken, languages),
        "merges": list(workshop.merges.select_related("into", "merged_by")),
        "values_notice": notice,
        "candidate_form": form or CandidateForm(),
        "highlight": highlight,
    }


def _in_reader_language(candidates) -> None:
    """Starter values that were not renamed show in the reader's language (display only:
    nothing is saved)."""
    for candidate in candidates:
        if candidate is not None:
            candidate.name = in_reader_language(candidate.name)
            candidate.description = in_reader_language(candidate.description)


def _cloud_words(workshop: Workshop, taken: set[str], languages) -> list:
    survey = Survey.objects.filter(workshop=workshop).first()
    if survey is None:
        return []
    words = word_cloud.cloud_view(survey).words
    offered = [
        w for w in words if not _on_the_list(keys.value_key(w.text, languages), taken, languages)
    ]
    return offered[:CLOUD_WORDS_OFFERED]


def _on_the_list(key: str, taken, languages) -> bool:
    return not keys.same_value_keys(key, languages).isdisjoint(taken)


def cloud_proposals(
    workshop: Workshop, survey: Survey, words, *, notice: str | None = None, highlight=None
) -> dict:
    """Stage 3: which words of the cloud are candidate values already, and what became of
    a word just proposed from it (one click on the word in the ranked table)."""
    value_set = value_set_for(workshop)
    languages = keys.languages_of(workshop, survey)
    candidates = {c.key: c for c in workshop.candidates.all()}
    _in_reader_language(candidates.values())
    return {
        "can_propose": value_set.brainstorm_ended_at is None,
        "proposed_words": {
            w.text
            for w in words
            if _on_the_list(keys.value_key(w.text, languages), candidates, languages)
        },
        "values_notice": notice,
        "proposed_value": None
        if notice
        else next((c for c in candidates.values() if c.pk == highlight), None),
    }


def vote_panel(
    workshop: Workshop,
    user,
    can_facilitate: bool,
    *,
    notice: str | None = None,
    form=None,
) -> dict:
    """Stage 5: the current round (a ballot, or its results), the narrowing, the history."""
    value_set = value_set_for(workshop)
    rounds = list(
        workshop.rounds.prefetch_related(
            Prefetch("entries", queryset=Entry.objects.select_related("candidate"))
        )
    )
    current = rounds[-1] if rounds else None
    for voting in rounds:
        for entry in voting.entries.all():
            entry.name = in_reader_language(entry.name)
            _in_reader_language([entry.candidate])
    final = final_values(workshop)
    _in_reader_language(final)
    show_history = len(rounds) > 1 or bool(final and rounds)
    if show_history:
        # The history names who could vote in each round.
        names = User.objects.only("display_name", "email")
        prefetch_related_objects(rounds, Prefetch("voters", queryset=names))
    context = {
        "value_set": value_set,
        "rounds": rounds,
        "show_history": show_history,
        "current": current,
        "candidate_count": workshop.candidates.count(),
        "final_values": final,
        "final_initials": initials([value.name for value in final]),
        "company_values": _company_values(workshop),
        "values_notice": notice,
        "round_form": form,
    }
    if current is None:
        count = context["candidate_count"]
        context["suggested"] = {"budget": default_budget(count), "cap": 1}
        return context
    entries = list(current.entries.all())  # most votes first
    if current.status != RoundStatus.REVEALED:
        # Until the reveal nobody sees an order that hints at the counts, and rows shown
        # with live results stay put under a voter's finger while the counts move.
        # Without accents, "Încredere" goes among the I's, not after the Z's.
        entries.sort(key=lambda entry: keys.without_accents(entry.name))
    top = max((entry.votes for entry in entries), default=0)
    for entry in entries:
        entry.share = round(100 * entry.votes / top) if top else 0
    ballots = _ballots(current, can_facilitate)
    ballot = next((b for b in ballots if b.voter_id == user.pk), None)
    context.update(entries=entries, ballot=ballot, **_who_voted(ballots, can_facilitate))
    if ballot is not None:
        _mark_mine(entries, ballot)
    if current.status == RoundStatus.REVEALED:
        size = _suggested_cut(len(entries))
        top = cut(current, size)
        # A value merged away or removed since the round cannot go on: never checked.
        carried = {e.pk for e in top.carried if e.candidate_id} - {e.pk for e in top.tied}
        tied = {e.pk for e in top.tied}
        for entry in entries:
            entry.suggested = entry.pk in carried
            entry.tied = entry.pk in tied
        carriable = sum(1 for entry in entries if entry.candidate_id is not None)
        context.update(
            checked_count=len(carried),
            has_ties=bool(tied),
            next_budget=default_budget(size),
            # A next round needs two values or more, and fewer than this one had.
            can_start_next=carriable >= 3,
            all_checked=len(carried) == carriable,
        )
    return context


def _ballots(voting: Round, can_facilitate: bool) -> list[Ballot]:
    ballots = voting.ballots.all()
    if can_facilitate:
        # Only the facilitator sees who has voted (not how).
        ballots = ballots.select_related("voter")
    return list(ballots)


def _who_voted(ballots: list[Ballot], can_facilitate: bool) -> dict:
    progress = {"voter_total": len(ballots)}
    if can_facilitate:
        progress.update(
            voted=[b.voter for b in ballots if b.used],
            not_voted=[b.voter for b in ballots if not b.used],
        )
    return progress


def _mark_mine(entries: list[Entry], ballot: Ballot) -> None:
    mine = dict(Vote.objects.filter(ballot=ballot).values_list("entry_id", "count"))
    for entry in entries:
        entry.mine = mine.get(entry.pk, 0)
        entry.my_marks = range(entry.mine)


def ballot_panel(voting: Round, ballot: Ballot, can_facilitate: bool, *, entry_id: int) -> dict:
    """What one dot on entry_id changes on its voter's screen: the dots they have left and
    their dots on that value (on every value when the last dot was placed or the first
    taken back, which turns every "+ Dot" off or on); on a facilitator's, who has voted."""
    entries = voting.entries.only("pk", "name", "round_id")
    if ballot.remaining > 1:
        entries = entries.filter(pk=entry_id)
    entries = list(entries)
    for entry in entries:
        entry.name = in_reader_language(entry.name)
    _mark_mine(entries, ballot)
    context = {"current": voting, "entries": entries, "ballot": ballot}
    if can_facilitate:
        context.update(_who_voted(_ballots(voting, True), True))
    return context


def vote_progress(request, access) -> dict:
    """Who has voted in the current round (the facilitator's view of it), in one query:
    the ballots of the workshop's latest round, with their voters' names."""
    latest = Round.objects.filter(workshop=access.workshop).order_by("-number").values("pk")[:1]
    # Plain rows, not models: a changed poll reads this for every voter of the round.
    rows = Ballot.objects.filter(round=Subquery(latest)).values_list(
        "used", "voter__display_name", "voter__email"
    )
    names = [(used, name or email) for used, name, email in rows]
    return {
        "voter_total": len(names),
        "voted": [name for used, name in names if used],
        "not_voted": [name for used, name in names if not used],
    }


def _suggested_cut(count: int) -> int:
    """Five when that narrows the list, else about half, so a few rounds reach five."""
    if count <= MAX_FINAL_VALUES:
        return count
    return max(MAX_FINAL_VALUES, count // 2)


def _company_values(workshop: Workshop) -> str:
    answer = workshop.context_answers.filter(key=ContextQuestion.COMPANY_VALUES).first()
    return answer.text if answer else ""


# The screens of stages 3, 4 and 5 on the workshop page (values/apps.py registers them).


def _values_form(outcome: StageOutcome):
    """The form of a refused values action, to show again; another app's form is not ours."""
    form = outcome.form
    return form if type(form).__module__ == CandidateForm.__module__ else None


def cloud_screen(request: HttpRequest, access: WorkshopAccess, outcome: StageOutcome) -> dict:
    """Stage 3: the survey's cloud, and which of its words are candidate values already."""
    panel = cloud_screen_panel(access, outcome)
    return panel | cloud_proposals(
        access.workshop,
        panel["survey"],
        panel["cloud"].words,
        notice=outcome.notice or None,
        highlight=outcome.highlight,
    )


def brainstorm_screen(request: HttpRequest, access: WorkshopAccess, outcome: StageOutcome) -> dict:
    panel = brainstorm_panel(
        access.workshop,
        request.user,
        access.can_facilitate,
        notice=outcome.notice or None,
        highlight=outcome.highlight,
        form=_values_form(outcome),
    )
    return panel | {"SourceKind": SourceKind}


def vote_screen(request: HttpRequest, access: WorkshopAccess, outcome: StageOutcome) -> dict:
    panel = vote_panel(
        access.workshop,
        request.user,
        access.can_facilitate,
        notice=outcome.notice or None,
        form=_values_form(outcome),
    )
    return panel | {"RoundStatus": RoundStatus}

"""Stages 4 and 5: candidate values, rounds of dot voting, and the final set."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from workshops.models import Workshop, just_now

MAX_FINAL_VALUES = 5


class Candidate(models.Model):
    """A value the team proposes in the brainstorm ("Honesty")."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField(_("value"), max_length=60)
    description = models.CharField(_("description"), max_length=300, blank=True)
    # The name reduced to what makes two names the same value (case, accents, word forms):
    # the database refuses a second candidate with the same key in a workshop.
    key = models.CharField(max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Goes up with every edit: a save made from an older form is refused, not lost over.
    version = models.PositiveIntegerField(default=0)
    # Set when the team finalises its values: 1 to MAX_FINAL_VALUES, in the chosen order.
    final_position = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workshop", "key"], name="one_candidate_per_value"),
            models.UniqueConstraint(
                fields=["workshop", "final_position"], name="one_value_per_final_position"
            ),
            models.CheckConstraint(
                condition=Q(final_position__isnull=True)
                | Q(final_position__gte=1, final_position__lte=MAX_FINAL_VALUES),
                name="at_most_five_final_values",
            ),
        ]
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name


class CandidateMerge(models.Model):
    """A value merged into another, kept so the facilitator can give it back (undo)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="merges")
    into = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="merges")
    # The merged-away value as it was.
    name = models.CharField(max_length=60)
    description = models.CharField(max_length=300, blank=True)
    key = models.CharField(max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The ids of the sources it brought ("moved"), and of those given its name ("named").
    sources = models.JSONField(default=dict)
    took_description = models.BooleanField(default=False)
    # Its dots joined the other value's in a round: they can no longer be told apart.
    dots_moved = models.BooleanField(default=False)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} into {self.into_id}"

    @property
    def made_just_now(self) -> bool:
        return just_now(self.merged_at)


class SourceKind(models.TextChoices):
    TYPED = "typed", _("typed by a participant")
    STARTER = "starter", _("from the starter list")
    CLOUD = "cloud", _("from the word cloud")


class Source(models.Model):
    """Where a candidate came from; a merge moves the sources of both onto one."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(max_length=8, choices=SourceKind.choices)
    # The vague statement it translates, the cloud's word, or the starter value's key.
    text = models.CharField(max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}"


class ValueSet(models.Model):
    """The workshop's progress through stages 4 and 5, and its final set of values."""

    workshop = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="value_set")
    brainstorm_ended_at = models.DateTimeField(null=True, blank=True)
    # A memorable name for the final values, e.g. "The 5Rs".
    name = models.CharField(_("name of the set"), max_length=60, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return self.name or f"values of {self.workshop}"


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Voting")
    CLOSED = "closed", _("Closed")
    REVEALED = "revealed", _("Revealed")


class Round(models.Model):
    """One round of dot voting; every round is kept, with who could vote and the results."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    budget = models.PositiveSmallIntegerField(_("dots per person"))
    cap = models.PositiveSmallIntegerField(_("most dots on one value"))
    results_live = models.BooleanField(_("show results while voting"), default=False)
    status = models.CharField(max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    revealed_at = models.DateTimeField(null=True, blank=True)
    voters = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workshop", "number"], name="one_round_per_number"),
            models.UniqueConstraint(
                fields=["workshop"],
                condition=Q(status=RoundStatus.OPEN),
                name="one_open_round_per_workshop",
            ),
            models.CheckConstraint(condition=Q(budget__gte=1, cap__gte=1), name="round_sizes"),
        ]
        ordering = ["number"]

    def __str__(self) -> str:
        return f"round {self.number}"

    @property
    def results_visible(self) -> bool:
        return self.status == RoundStatus.REVEALED or self.results_live


class Entry(models.Model):
    """A candidate on a round's ballot, with its name then and its running total."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    # Kept when a candidate is later merged away or removed, so the history still reads.
    candidate = models.ForeignKey(
        Candidate, on_delete=models.SET_NULL, null=True, related_name="entries"
    )
    name = models.CharField(max_length=60)
    # Kept up to date with every dot, so results never need a GROUP BY over the votes.
    votes = models.PositiveIntegerField(default=0)
    carried = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "candidate"], name="one_entry_per_candidate")
        ]
        ordering = ["-votes", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class Ballot(models.Model):
    """One voter's dots in one round. The database holds `used` within the budget."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ballots")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    budget = models.PositiveSmallIntegerField()
    used = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "voter"], name="one_ballot_per_voter"),
            models.CheckConstraint(condition=Q(used__lte=F("budget")), name="ballot_within_budget"),
        ]

    def __str__(self) -> str:
        return f"{self.voter} in {self.round}"

    @property
    def remaining(self) -> int:
        return self.budget - self.used


class Vote(models.Model):
    """A voter's dots on one entry. The database holds `count` within the round's cap."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="votes")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="dots")
    count = models.PositiveSmallIntegerField(default=0)
    cap = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "entry"], name="one_vote_row_per_entry"),
            models.CheckConstraint(condition=Q(count__lte=F("cap")), name="vote_within_cap"),
        ]

    def __str__(self) -> str:
        return f"{self.count} on {self.entry}"

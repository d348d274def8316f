"""After the vote load: do the round's dots add up, within every budget and cap?

    python bench/vote_check.py ROUND_ID

Prints JSON. The budget and the cap are held by the database (conditional updates and check
constraints), so every figure but `dots_placed` must be 0; they are counted from the vote
rows themselves, not from the running totals the app keeps, so a drift between the two
shows too.
"""

import json
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "philosophy.settings")
django.setup()

from django.db.models import F, Sum  # noqa: E402
from django.db.models.functions import Coalesce  # noqa: E402

from values.models import Ballot, Entry, Vote  # noqa: E402


def check(round_id: int) -> dict:
    ballots = Ballot.objects.filter(round_id=round_id).annotate(
        counted=Coalesce(Sum("votes__count"), 0)
    )
    entries = Entry.objects.filter(round_id=round_id).annotate(
        counted=Coalesce(Sum("dots__count"), 0)
    )
    return {
        "ballots": ballots.count(),
        "dots_placed": sum(b.counted for b in ballots),
        # Voters holding more dots than their budget.
        "overbudget": ballots.filter(counted__gt=F("budget")).count(),
        # Values holding more of one voter's dots than the round's cap.
        "overcap": Vote.objects.filter(ballot__round_id=round_id, count__gt=F("cap")).count(),
        # Running totals that disagree with the vote rows.
        "ballots_miscounted": ballots.exclude(used=F("counted")).count(),
        "entries_miscounted": entries.exclude(votes=F("counted")).count(),
    }


if __name__ == "__main__":
    print(json.dumps(check(int(sys.argv[1]))))

"""Stage 7's metric catalogue: the metrics suggested for a value, in any of its names, and
the warnings when a chosen metric works against the value."""

import pytest
from django.utils import translation

from actions.metrics import (
    CATALOGUE,
    CUSTOM,
    FAMILY_METRICS,
    GENERAL_METRICS,
    metric_warnings,
    suggested_metrics,
    value_family,
)
from values.starter import SAME_VALUE_WORDS, STARTER_VALUES


@pytest.mark.parametrize("starter", STARTER_VALUES)
def test_every_starter_value_gets_one_to_three_catalogue_metrics(starter):
    name = str(STARTER_VALUES[starter][0])

    suggested = suggested_metrics(name)

    assert 1 <= len(suggested) <= 3
    assert set(suggested) <= set(CATALOGUE)
    assert len(set(suggested)) == len(suggested)
    assert value_family(name) == starter


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Speed", ["frt", "aht"]),
        ("Quality", ["fcr", "csat"]),
        ("Integrity", ["nps", "qa"]),
        ("Loyalty", ["retention", "aov"]),
        ("Autonomy", ["ces"]),
    ],
)
def test_the_methods_pairs_are_suggested_exactly(name, expected):
    assert suggested_metrics(name) == expected


@pytest.mark.parametrize(
    ("name", "same_as"),
    [
        ("Viteză", "Speed"),
        ("rapid", "Speed"),
        ("Calitate", "Quality"),
        ("Loialitate", "Loyalty"),
        ("loial", "Loyalty"),
        ("honest", "Honesty"),
        ("Încredere", "Trust"),
        ("incredere", "Trust"),
        ("Grijă", "Care"),
        ("Expertiză", "Expertise"),
        ("LISTENING", "Listening"),
    ],
)
def test_another_name_of_a_value_gets_the_same_suggestions(name, same_as):
    assert suggested_metrics(name) == suggested_metrics(same_as)
    assert value_family(name) == value_family(same_as) is not None


def test_romanian_speed_is_measured_by_response_and_handle_time():
    assert suggested_metrics("Viteză", ("ro", "en")) == ["frt", "aht"]


def test_a_name_of_several_words_takes_the_family_its_words_name():
    assert suggested_metrics("Customer care") == suggested_metrics("Care")
    assert suggested_metrics("Răspuns rapid") == ["frt", "aht"]


@pytest.mark.parametrize("name", ["Being awesome", "Clear communication", "", "   "])
def test_a_value_of_the_teams_own_falls_back_to_satisfaction_and_promoters(name):
    assert value_family(name) is None
    assert suggested_metrics(name) == ["csat", "nps"] == list(GENERAL_METRICS)


@pytest.mark.parametrize(
    "name",
    [
        "reliability",
        "expertise",
        "competence",
        "efficiency",
        "urgency",
        "trust",
        "care",
        "kindness",
        "patience",
        "ownership",
        "simplicity",
        "clarity",
        "friendliness",
    ],
)
def test_common_values_get_their_own_suggestions(name):
    assert value_family(name) == name
    suggested = suggested_metrics(name)
    assert 1 <= len(suggested) <= 3
    assert set(suggested) <= set(CATALOGUE)


def test_every_family_is_a_value_of_the_lists_and_names_catalogue_metrics():
    common = {words[0] for words in SAME_VALUE_WORDS}
    for family, keys in FAMILY_METRICS.items():
        assert family in STARTER_VALUES or family in common, family
        assert 1 <= len(keys) <= 3, family
        assert set(keys) <= set(CATALOGUE), family


def test_patience_and_care_are_never_suggested_a_stopwatch():
    for name in ("Patience", "Răbdare", "Care", "Empathy", "Listening"):
        assert "aht" not in suggested_metrics(name)


# Warnings


def test_handle_time_alone_for_quality_warns_and_names_it():
    [warning] = metric_warnings("Quality", ["aht"])

    assert warning.metrics == ("aht",)
    assert "Average handle time" in warning.text
    assert "Quality" in warning.text
    assert "FCR or CSAT" in warning.text


def test_both_speed_metrics_alone_for_quality_warn_once_about_both():
    [warning] = metric_warnings("Quality", ["frt", "aht"])

    assert warning.metrics == ("frt", "aht")
    assert "average handle time" in warning.text
    assert "First response time" in warning.text


def test_first_response_time_alone_for_listening_warns():
    [warning] = metric_warnings("Listening", ["frt"])

    assert warning.metrics == ("frt",)
    assert "First response time" in warning.text
    assert "Listening" in warning.text


@pytest.mark.parametrize(
    "name",
    [
        "Quality",
        "Calitate",
        "Empathy",
        "Personalization",
        "Respect",
        "Care",
        "Patience",
        "Expertise",
        "Reliability",
        "Accountability",
        "Ownership",
        "Communication",
        "Listening",
    ],
)
def test_a_speed_metric_alone_for_a_value_about_doing_the_work_well_warns(name):
    [warning] = metric_warnings(name, ["aht"])
    assert warning.metrics == ("aht",)
    assert name in warning.text


def test_the_warning_suggests_the_values_own_metrics():
    [warning] = metric_warnings("Listening", ["aht"])
    assert "Add QA or FCR." in warning.text


def test_a_speed_metric_beside_a_fitting_one_does_not_warn():
    assert metric_warnings("Quality", ["fcr", "aht"]) == []
    assert metric_warnings("Quality", ["aht", "csat"]) == []
    assert metric_warnings("Empathy", ["frt", "aht", "qa"]) == []


def test_speed_metrics_for_speed_values_do_not_warn():
    assert metric_warnings("Speed", ["frt", "aht"]) == []
    assert metric_warnings("Viteză", ["aht"]) == []
    assert metric_warnings("Responsiveness", ["frt"]) == []
    assert metric_warnings("Efficiency", ["aht"]) == []


def test_the_effort_score_for_autonomy_does_not_warn():
    assert metric_warnings("Autonomy", ["ces"]) == []


@pytest.mark.parametrize("starter", STARTER_VALUES)
def test_the_suggested_metrics_never_warn(starter):
    name = str(STARTER_VALUES[starter][0])
    assert metric_warnings(name, suggested_metrics(name)) == []


def test_handle_time_alone_for_loyalty_warns():
    [warning] = metric_warnings("loial", ["aht"])

    assert warning.metrics == ("aht",)
    assert "Average handle time" in warning.text
    assert "Retention or AOV" in warning.text


def test_handle_time_beside_retention_for_loyalty_does_not_warn():
    assert metric_warnings("Loyalty", ["retention", "aht"]) == []


def test_order_value_as_the_measure_of_honesty_warns_about_upselling():
    [warning] = metric_warnings("honest", ["aov", "retention"])

    assert warning.metrics == ("aov",)
    assert "Average order value" in warning.text
    assert metric_warnings("Integrity", ["aov", "nps"]) == []


def test_satisfaction_alone_for_honesty_warns_but_beside_qa_does_not():
    [warning] = metric_warnings("Honesty", ["csat"])
    assert warning.metrics == ("csat",)
    assert metric_warnings("Honesty", ["csat", "qa"]) == []


def test_a_team_named_metric_never_warns():
    assert metric_warnings("Quality", [CUSTOM]) == []
    assert metric_warnings("Honesty", [CUSTOM, CUSTOM]) == []
    # Beside it, the speed metric is not the only measure of the value any more.
    assert metric_warnings("Quality", ["aht", CUSTOM]) == []


def test_unknown_keys_are_ignored():
    assert metric_warnings("Quality", ["bogus"]) == []
    [warning] = metric_warnings("Quality", ["aht", "bogus"])
    assert warning.metrics == ("aht",)


def test_a_value_of_the_teams_own_gets_no_warning():
    assert metric_warnings("Being awesome", ["aht"]) == []
    assert metric_warnings("Quality", []) == []


# The catalogue


def test_the_catalogue_holds_the_methods_metrics_in_a_display_order():
    assert list(CATALOGUE) == ["csat", "nps", "ces", "fcr", "frt", "aht", "qa", "retention", "aov"]
    assert CUSTOM not in CATALOGUE
    assert {metric.key for metric in CATALOGUE.values()} == set(CATALOGUE)
    assert {CATALOGUE[key].measures for key in ("frt", "aht")} == {"speed"}
    assert CATALOGUE["fcr"].measures == "resolution"
    assert CATALOGUE["csat"].measures == "satisfaction"
    assert CATALOGUE["ces"].measures == "effort"
    assert CATALOGUE["nps"].measures == "advocacy"
    assert CATALOGUE["qa"].measures == "quality"
    assert {CATALOGUE[key].measures for key in ("retention", "aov")} == {"loyalty"}


@pytest.mark.parametrize("key", CATALOGUE)
def test_every_metric_is_explained_in_a_sentence_or_two(key):
    metric = CATALOGUE[key]
    with translation.override("en"):
        for text in (metric.abbreviation, metric.name, metric.definition, metric.measured_by):
            assert str(text).strip()
        definition = str(metric.definition)
        assert 1 <= definition.count(". ") + 1 <= 3
        assert len(definition) < 260
    assert CATALOGUE["csat"].name == "Customer satisfaction (CSAT)"
    assert CATALOGUE["nps"].name == "Net Promoter Score (NPS)"


@pytest.mark.parametrize("key", CATALOGUE)
def test_a_romanian_reader_gets_every_metric_without_error(key):
    metric = CATALOGUE[key]
    with translation.override("ro"):
        for text in (metric.abbreviation, metric.name, metric.definition, metric.measured_by):
            assert str(text).strip()


def test_suggestions_and_warnings_work_while_romanian_is_active():
    with translation.override("ro"):
        assert suggested_metrics("Viteză") == ["frt", "aht"]
        assert suggested_metrics("Calitate") == ["fcr", "csat"]
        [warning] = metric_warnings("Calitate", ["aht"])
        assert warning.metrics == ("aht",)
        assert "Calitate" in warning.text
        assert "FCR" in warning.text


@pytest.mark.parametrize("family", FAMILY_METRICS)
def test_every_warning_names_a_metric_to_add(family):
    for key in CATALOGUE:
        for warning in metric_warnings(family, [key]):
            assert warning.metrics == (key,)
            assert " Add " in warning.text
            assert warning.text.endswith(".")

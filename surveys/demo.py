"""The survey of the demo workshop: open, with 60 answers counted into its cloud."""

from django.conf import settings
from django.urls import reverse

from surveys import services, word_cloud
from surveys.models import Answer, Survey, SurveyStatus, device_fingerprint
from workshops.demo import DemoWorkshops
from workshops.models import Organisation

SURVEY_ANSWERS = [
    "Fast, friendly and honest answers",
    "They actually listen to me",
    "Quick help from a real person",
    "Solved on the first call",
    "Friendly people who know the gear",
    "Honest advice, even when it means buying less",
    "Fast replies and no runaround",
    "They treat me like family",
    "Easy returns, no questions",
    "Reliable and quick",
    "Knowledgeable staff who care",
    "Personal service, not a script",
    "A real person who solves it the first time",
    "Friendly, fast, fair",
    "They keep their promises",
    "Helpful even after the sale",
    "Quick repairs and clear updates",
    "Trustworthy advice for the outdoors",
    "Warm welcome every time",
    "No waiting, no hassle",
    "They explain things simply",
    "Respectful and patient",
    "Honest about delivery times",
    "Fast shipping and friendly support",
    "Listening first, then helping",
    "Going the extra mile",
    "Real experts who love the outdoors",
    "Clear answers, fast",
    "Support that feels personal",
    "They remember me and my last order",
    "Friendly and knowledgeable",
    "Problems fixed the first time",
    "Easy to reach, quick to help",
    "Honesty and respect",
    "Caring people, quick solutions",
    "Effortless: I never have to repeat myself",
    "Dependable, like good gear",
    "Fast, personal and honest",
    "They make it easy",
    "Real people, real help",
    "Răspunsuri rapide și prietenoase",
    "Oameni care chiar ascultă",
    "Ajutor rapid de la o persoană reală",
    "Sinceritate și respect",
    "Problema rezolvată din prima",
    "Consiliere onestă și competentă",
    "Prietenoși și de încredere",
    "Rapid, simplu, fără bătăi de cap",
    "Se țin de cuvânt",
    "Ne tratează ca pe niște prieteni",
    "Răbdare și explicații clare",
    "Servicii personalizate, nu răspunsuri standard",
    "Rapiditate și seriozitate",
    "Oameni pasionați de natură care ajută",
    "Încredere și căldură",
    "Livrare rapidă și suport prietenos",
    "Ascultă, apoi rezolvă",
    "Competenți și amabili",
    "Onestitate mai presus de vânzare",
    "Mereu dispuși să ajute",
]


def build(demo: DemoWorkshops) -> None:
    _answered(demo.cloud)
    # The complete workshop's survey is over: its answers and cloud are in the appendix.
    services.survey_close(survey=_answered(demo.complete))


def _answered(workshop) -> Survey:
    survey = services.survey_for(workshop)
    survey.languages = "en,ro"
    survey.save(update_fields=["languages"])
    services.survey_open(survey=survey)
    Answer.objects.bulk_create(
        Answer(survey=survey, device=device_fingerprint(f"demo-{workshop.pk}-{n}"), text=text)
        for n, text in enumerate(SURVEY_ANSWERS)
    )
    word_cloud.recount(survey)
    return survey


def describe(organisation: Organisation) -> list[str]:
    survey = Survey.objects.filter(
        workshop__organisation=organisation, status=SurveyStatus.OPEN
    ).first()
    if not (survey and survey.token):
        return []
    link = settings.SITE_ROOT + reverse("survey_respond", args=[survey.token])
    return [f"Employee survey (open, {survey.answers.count()} answers): {link}"]

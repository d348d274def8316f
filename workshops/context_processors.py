from django.conf import settings


def site(request) -> dict:
    return {
        "product_name": settings.SITE_NAME,
        # Each language named in itself, as settings.LANGUAGES has it; Django's
        # get_available_languages would translate the names into the page's language.
        "language_choices": settings.LANGUAGES,
    }

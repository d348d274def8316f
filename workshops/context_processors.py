from django.conf import settings


def site(request) -> dict:
    return {"product_name": settings.SITE_NAME}

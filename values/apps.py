from django.apps import AppConfig


class ValuesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "values"
    verbose_name = "Values"

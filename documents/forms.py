from django import forms
from django.utils.translation import gettext_lazy as _

from documents.models import ExportFormat


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        choices=ExportFormat.choices,
        error_messages={"invalid_choice": _("There is no such export format.")},
    )

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from workshops import services
from workshops.forms import LoginForm, OrganisationSignupForm, PasswordResetForm, ProfileForm
from workshops.models import User


def remember_language(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite="Lax",
    )
    return response


def start_session(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    """Log the user in and carry their profile language into the language cookie."""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return remember_language(redirect(next_url), user.language)


@ratelimit(key="ip", rate="20/h", method="POST", block=True)
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = OrganisationSignupForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        # The account is made once the address is confirmed; an address that has one is
        # told so by e-mail. Either way the page says the same: check your e-mail.
        services.signup_request(
            **form.account_fields, organisation_name=form.cleaned_data["organisation_name"]
        )
        return redirect("signup_sent")
    return render(request, "accounts/signup.html", {"form": form})


def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html")


@ratelimit(key="ip", rate="30/h", method="POST", block=True)
def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the confirmation e-mail: a page with one button (a GET never creates
    anything, so a mail scanner that follows the link does not use it up)."""
    pending = services.signup_pending(token)
    if pending is not None and request.method == "POST":
        try:
            user, organisation = services.signup_confirm(token=token)
        except services.SignupLinkUnusable:
            pending = None
        else:
            messages.success(request, _("Welcome! Invite your team, then create a workshop."))
            return start_session(request, user, organisation.get_absolute_url())
    status = 200 if pending else 404
    return render(request, "accounts/signup_confirm.html", {"pending": pending}, status=status)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        return remember_language(response, form.get_user().language)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    # Django names the site after the request's host; e-mails should carry the product name.
    extra_email_context = {"site_name": settings.SITE_NAME}

    @method_decorator(ratelimit(key="ip", rate="10/h", method="POST", block=True))
    def dispatch(self, *args, **kwargs):
        return super().dispatch(*args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change the password while logged in; Django keeps this session logged in afterwards."""

    # The old password is a secret a borrowed session should not be able to guess at leisure.
    @method_decorator(ratelimit(key="user_or_ip", rate="10/h", method="POST", block=True))
    def dispatch(self, *args, **kwargs):
        return super().dispatch(*args, **kwargs)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Your profile is saved."))
        return remember_language(redirect("profile"), user.language)
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; for a logged-in user it becomes the profile language."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if request.user.is_authenticated:
        User.objects.filter(pk=request.user.pk).update(language=language)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    # Never redirect(): it would try `next` as a URL pattern name, and "foo" is a 500.
    return remember_language(HttpResponseRedirect(next_url), language)

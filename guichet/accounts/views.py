"""Sign-in steps, 2FA enrolment and security settings. Thin: parse, call an action, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guichet.accounts import actions, totp
from guichet.accounts.forms import (
    CodeForm,
    LanguageForm,
    PasswordStepForm,
    SecurityPolicyForm,
    add_action_error,
)
from guichet.accounts.login_flow import (
    check_password_step,
    finish_login,
    pending_user,
    remember_language,
    safe_next,
    start_pending,
)
from guichet.accounts.policy import current_policy, is_2fa_enforced, must_use_second_factor
from guichet.accounts.qr import qr_svg
from guichet.accounts.sessions import MFA_KEY
from guichet.core import access
from guichet.core.errors import ActionError

ISSUER = "Guichet"


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(
        request, request.POST.get("next") or request.GET.get("next"), settings.LOGIN_REDIRECT_URL
    )
    form = PasswordStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = check_password_step(request, **form.cleaned_data)
        except ActionError as error:
            add_action_error(form, error)
        else:
            return _after_password(request, user, next_url)
    return render(request, "registration/login.html", {"form": form, "next": next_url})


def _after_password(request: HttpRequest, user: Any, next_url: str) -> HttpResponse:
    if actions.confirmed_device(user) is not None:
        start_pending(request, user, next_url)
        return redirect("login-verify")
    if must_use_second_factor(user):
        start_pending(request, user, next_url)
        return redirect("login-enrol")
    return redirect(finish_login(request, user, method=actions.NONE))


@require_http_methods(["GET", "POST"])
def verify_view(request: HttpRequest) -> HttpResponse:
    user = pending_user(request)
    if user is None or actions.confirmed_device(user) is None:
        messages.info(request, _("Saisissez d'abord votre identifiant et votre mot de passe."))
        return redirect("login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            method = actions.check_second_factor(user, form.cleaned_data["code"])
        except ActionError as error:
            add_action_error(form, error)
        else:
            if method == actions.RECOVERY:
                left = actions.remaining_recovery_codes(user)
                messages.warning(
                    request,
                    _("Code de secours utilisé ; il vous en reste %(left)d.") % {"left": left},
                )
            return redirect(finish_login(request, user, method=method))
    return render(request, "registration/login_verify.html", {"form": form})


def _enrolling_user(request: HttpRequest) -> tuple[Any, bool]:
    """(user, is_pending): a signed-in user, or one stopped after the password step."""
    if request.user.is_authenticated:
        return request.user, False
    user = pending_user(request)
    enrolling = user is not None and actions.confirmed_device(user) is None
    if enrolling and must_use_second_factor(user):
        return user, True
    return None, False


@require_http_methods(["GET", "POST"])
def enrol_view(request: HttpRequest) -> HttpResponse:
    user, is_pending = _enrolling_user(request)
    if user is None:
        return redirect("login")
    try:
        device = actions.do_start_totp_enrolment(user)
    except ActionError as error:
        messages.info(request, error.message)
        return redirect("accounts-security")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = actions.do_confirm_totp_enrolment(user, form.cleaned_data["code"])
        except ActionError as error:
            add_action_error(form, error)
        else:
            if is_pending:
                next_url = finish_login(request, user, method=actions.TOTP)
            else:
                request.session[MFA_KEY] = actions.TOTP
                next_url = reverse("accounts-security")
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url}
            )
    uri = totp.provisioning_uri(device.secret, user.get_username(), ISSUER)
    context = {"form": form, "secret": device.secret, "uri": uri, "qr": qr_svg(uri),
               "is_pending": is_pending}  # fmt: skip
    return render(request, "accounts/enrol.html", context)


@login_required
def security_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    device = actions.confirmed_device(user)
    context = {
        "device": device,
        "required": must_use_second_factor(user),
        "remaining": actions.remaining_recovery_codes(user) if device else 0,
        "code_form": CodeForm(),
        "language_form": LanguageForm(initial={"language": request.LANGUAGE_CODE}),
        "can_manage_policy": access.has_perm(user, "settings.manage"),
    }
    return render(request, "accounts/security.html", context)


@login_required
@require_POST
def disable_view(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    try:
        if not form.is_valid():
            raise ActionError(_("Saisissez un code."), field="code")
        actions.do_disable_totp(request.user, form.cleaned_data["code"])
    except ActionError as error:
        messages.error(request, error.message)
    else:
        request.session[MFA_KEY] = actions.NONE
        messages.success(request, _("Double authentification désactivée."))
    return redirect("accounts-security")


@login_required
@require_POST
def recovery_codes_view(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    try:
        if not form.is_valid():
            raise ActionError(_("Saisissez un code."), field="code")
        codes = actions.do_regenerate_recovery_codes(request.user, form.cleaned_data["code"])
    except ActionError as error:
        messages.error(request, error.message)
        return redirect("accounts-security")
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": reverse("accounts-security")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def policy_view(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "settings.manage")
    policy = current_policy()
    initial = {"require_2fa": policy.require_2fa, "max_failures": policy.max_failures,
               "lockout_minutes": policy.lockout_minutes}  # fmt: skip
    form = SecurityPolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_security_policy(request.user, **form.cleaned_data)
        except ActionError as error:
            add_action_error(form, error)
        else:
            messages.success(request, _("Règles de connexion enregistrées."))
            return redirect("accounts-policy")
    context = {"form": form, "forced_by_env": getattr(settings, "GUICHET_REQUIRE_2FA", False),
               "enforced": is_2fa_enforced(policy)}  # fmt: skip
    return render(request, "accounts/policy.html", context)


@require_POST
def language_view(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    next_url = safe_next(request, request.POST.get("next"), "/")
    if not form.is_valid():
        return redirect(next_url)
    language = form.cleaned_data["language"]
    remember_language(request, language)
    if request.user.is_authenticated:
        actions.do_set_language(request.user, language)
    response = redirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def admin_login_view(request: HttpRequest) -> HttpResponse:
    """Django admin's own login would skip the second factor: send it to ours."""
    next_url = safe_next(request, request.GET.get("next"), "/django-admin/")
    return redirect_to_login(next_url, reverse("login"))

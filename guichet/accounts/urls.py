from django.contrib.auth import views as auth_views
from django.urls import path

from guichet.accounts import views

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.verify_view, name="login-verify"),
    path("login/enrol/", views.enrol_view, name="login-enrol"),
    path("logout/", auth_views.LogoutView.as_view(next_page="login"), name="logout"),
    path("security/", views.security_view, name="accounts-security"),
    path("security/disable/", views.disable_view, name="accounts-disable-2fa"),
    path("security/recovery-codes/", views.recovery_codes_view, name="accounts-recovery-codes"),
    path("security/policy/", views.policy_view, name="accounts-policy"),
    path("language/", views.language_view, name="accounts-language"),
]

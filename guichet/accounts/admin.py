from django.contrib import admin

from guichet.accounts.models import LoginThrottle, SecurityPolicy, TotpDevice


@admin.register(SecurityPolicy)
class SecurityPolicyAdmin(admin.ModelAdmin):
    list_display = ["require_2fa", "max_failures", "lockout_minutes", "updated_at"]


@admin.register(TotpDevice)
class TotpDeviceAdmin(admin.ModelAdmin):
    """Deleting a device lets an agent who lost phone and codes enrol again."""

    list_display = ["user", "confirmed_at", "created_at"]
    fields = ["user", "confirmed_at", "created_at"]
    readonly_fields = ["user", "confirmed_at", "created_at"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):
    """Deleting a row unlocks that login at once."""

    list_display = ["key", "failures", "locked_until", "last_failure_at"]
    search_fields = ["key"]

from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import IsAuthenticated


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):  # type: ignore[no-untyped-def]
        return None


class HasTokenScope(IsAuthenticated):
    pass

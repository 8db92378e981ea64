from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from guichet.core import access


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Agents land on their queue, customers on the portal."""
    if access.agent_of(request.user) is not None:
        return redirect("workspace:queue")
    if access.contact_of(request.user) is not None:
        return redirect("/portal/")
    return render(request, "core/home.html")


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})

from rest_framework.views import exception_handler as drf_handler

exception_handler = drf_handler

from rest_framework.pagination import CursorPagination


class CursorPage(CursorPagination):
    ordering = "-created_at"

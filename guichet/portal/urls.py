from django.urls import path

from guichet.portal import auth_views, views

app_name = "portal"
urlpatterns = [
    path("", views.portal_root, name="root"),
    path("<slug:brand_slug>/", views.ticket_list, name="tickets"),
    path("<slug:brand_slug>/tickets/new/", views.ticket_new, name="ticket-new"),
    path("<slug:brand_slug>/tickets/<str:reference>/", views.ticket_detail, name="ticket"),
    path("<slug:brand_slug>/tickets/<str:reference>/reply/", views.ticket_reply, name="reply"),
    path("<slug:brand_slug>/account/", auth_views.account, name="account"),
    path("<slug:brand_slug>/login/", auth_views.login, name="login"),
    path("<slug:brand_slug>/login/link/", auth_views.magic_request, name="magic-request"),
    path("<slug:brand_slug>/login/link/sent/", auth_views.magic_sent, name="magic-sent"),
    path("<slug:brand_slug>/login/link/<str:token>/", auth_views.magic_login, name="magic-login"),
    path("<slug:brand_slug>/logout/", auth_views.logout, name="logout"),
]

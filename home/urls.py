from django.urls import path

from . import views

app_name = "home"

urlpatterns = [
    path("favicon.ico", views.favicon, name="favicon"),
    path("signed-in/", views.after_sign_in, name="after_sign_in"),
    path("session/", views.session_status, name="session_status"),
    path("session/stay-signed-in/", views.stay_signed_in, name="stay_signed_in"),
]

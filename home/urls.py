from django.urls import path

from . import views

app_name = "home"

urlpatterns = [
    path("signed-in/", views.after_sign_in, name="after_sign_in"),
]

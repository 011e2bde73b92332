app_name = "home"
urlpatterns = []

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from awards.api import api_router
from home import sign_in_routes

urlpatterns = [
    # First: allauth is the one way in, so Wagtail's own sign-in and password pages lead there.
    *sign_in_routes.urlpatterns,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("your-data/", include("awards.privacy_urls")),
    path("", include("home.urls")),
    path("nominations/", include("awards.urls")),
    path("judging/", include("judging.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("api/v2/", api_router.urls),
    path("open-data/", include("awards.open_data")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Public media (story images) only; evidence is never under MEDIA_ROOT.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))

handler400 = "home.error_pages.bad_request"
handler403 = "home.error_pages.permission_denied"
handler500 = "home.error_pages.server_error"

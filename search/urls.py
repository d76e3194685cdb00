from django.urls import path

from . import views

app_name = "qms_search"
urlpatterns = [
    path("api/v1/search/", views.api_search, name="api"),
    path("api/v1/search/autocomplete/", views.autocomplete_api, name="autocomplete"),
    path("tim-kiem/", views.search_page, name="search"),
]

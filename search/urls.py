from django.urls import path

app_name = "qms_search"
urlpatterns: list = [
    # The JSON search API and search pages are added by the search issue.
]

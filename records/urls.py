from django.urls import path

from .views import citizen

app_name = "records"

urlpatterns = [
    path("tra-cuu-ho-so/", citizen.lookup, name="lookup"),
    path("tra-cuu-ho-so/danh-gia/", citizen.rate, name="rate"),
]

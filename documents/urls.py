from django.urls import path

from .views import editions, word

app_name = "documents"
urlpatterns = [
    path("lan-ban-hanh/<int:page_id>/<int:number>/", editions.edition_detail, name="edition"),
    path("lan-ban-hanh/<int:page_id>/<int:number>/da-doc/", editions.acknowledge, name="acknowledge"),
    path(
        "lan-ban-hanh/<int:page_id>/so-sanh/<int:older>/<int:newer>/", editions.edition_compare, name="edition_compare"
    ),
    path("tai-lieu/<int:page_id>/word/", word.download_docx, name="download_docx"),
]

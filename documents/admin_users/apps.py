from wagtail.users.apps import WagtailUsersAppConfig


class QmsUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "documents.admin_users.views.QmsUserViewSet"

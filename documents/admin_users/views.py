from django.conf import settings
from wagtail.users.views.users import IndexView, UserViewSet


class UserIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().exclude(username=settings.ANONYMOUS_USER_NAME)


class QmsUserViewSet(UserViewSet):
    index_view_class = UserIndexView

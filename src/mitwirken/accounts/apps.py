from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "mitwirken.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save

        from .backends import forget_user
        from .models import User

        post_save.connect(forget_user, sender=User, dispatch_uid="mitwirken-forget-user")
        post_delete.connect(forget_user, sender=User, dispatch_uid="mitwirken-forget-user-gone")

        from .services import remember_language_for_login

        user_logged_in.connect(
            lambda sender, request, user, **kwargs: remember_language_for_login(user),
            weak=False,
            dispatch_uid="mitwirken-remember-language",
        )

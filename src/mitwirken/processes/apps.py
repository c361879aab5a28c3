from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "mitwirken.processes"
    label = "processes"
    verbose_name = _("Participation processes")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from mitwirken.accounts.backends import forget_user_id, user_loaded

        from .models import ProcessMembership
        from .rules import roles_by_process

        # The roles travel with the cached person (accounts/backends.py): no query for
        # them on a logged-in page; a changed membership drops the copy.
        user_loaded.connect(
            lambda sender, user, **kwargs: roles_by_process(user),
            weak=False,
            dispatch_uid="mitwirken-roles-with-user",
        )

        def forget(sender, instance, **kwargs):
            forget_user_id(instance.user_id)

        post_save.connect(forget, sender=ProcessMembership, weak=False,
                          dispatch_uid="mitwirken-forget-roles")  # fmt: skip
        post_delete.connect(forget, sender=ProcessMembership, weak=False,
                            dispatch_uid="mitwirken-forget-roles-gone")  # fmt: skip

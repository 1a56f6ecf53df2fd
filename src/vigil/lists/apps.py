from django.apps import AppConfig
from django.db.models.signals import post_delete


class ListsConfig(AppConfig):
    name = "vigil.lists"
    verbose_name = "List imports and review"

    def ready(self) -> None:
        from vigil.lists.models import PendingImport
        from vigil.lists.uploads import forget_file

        post_delete.connect(forget_file, sender=PendingImport,
                            dispatch_uid="lists-pending-file")

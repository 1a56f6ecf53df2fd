from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "vigil.accounts"
    verbose_name = "Organisations and users"

    def ready(self):
        from vigil.accounts import middleware  # noqa: F401  (connects the login-time receiver)

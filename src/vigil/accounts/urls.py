from django.urls import path

from vigil.accounts import views

urlpatterns = [
    path("second-factor/", views.second_factor_status, name="second-factor"),
    path("second-factor/enrol/", views.second_factor_enrol, name="second-factor-enrol"),
    path("second-factor/verify/", views.second_factor_verify, name="second-factor-verify"),
    path("second-factor/recovery-codes/", views.second_factor_recovery_codes,
         name="second-factor-recovery-codes"),
    path("password/", views.password_change, name="password-change"),
    path("organisation/", views.organisation_security, name="organisation-security"),
    path("organisation/members/<int:user_pk>/reset-second-factor/",
         views.member_reset_second_factor, name="member-reset-second-factor"),
    path("organisation/second-factor/", views.organisation_require_second_factor,
         name="organisation-require-second-factor"),
    path("organisation/romanisation/", views.organisation_romanisation,
         name="organisation-romanisation"),
    path("organisation/lockdown/", views.organisation_lockdown, name="organisation-lockdown"),
]

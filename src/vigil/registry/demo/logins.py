"""The demo's users, one per role, and the file that remembers their passwords.

Passwords are random, generated on the first load and kept in `VAR_DIR/demo-logins.txt`
(mode 0600, never in the database in clear). When the file is lost, or no longer matches the
database, the demo users get new passwords and the file is written again. The users whose role
needs a second factor (administrator, reviewer) get an authenticator already set up: its key
and their recovery codes are in the same file, so a `make run` user can log in as them.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django_otp.plugins.otp_totp.models import TOTPDevice

from vigil.accounts.models import Membership, Organisation, Role
from vigil.accounts.second_factor import (
    DEVICE_NAME,
    authenticator_key,
    must_have_second_factor,
    new_recovery_codes,
    reset_second_factor,
)

LOGINS_FILE = "demo-logins.txt"
VOCABULARY_MODELS = ["region", "occupation", "conditiontype", "facility", "article"]


@dataclass(frozen=True)
class DemoUser:
    username: str
    organisation: str
    role: Role
    staff: bool = False

    def describe(self, org_name: str) -> str:
        staff = ", staff (the Django admin shows the vocabularies)" if self.staff else ""
        return f"{self.role.label} of {org_name}{staff}"


DEMO_USERS = [
    DemoUser("viasna-admin", "viasna", Role.ADMINISTRATOR, staff=True),
    DemoUser("viasna-documenter", "viasna", Role.DOCUMENTER),
    DemoUser("viasna-reviewer", "viasna", Role.REVIEWER),
    DemoUser("viasna-viewer", "viasna", Role.VIEWER),
    DemoUser("baj-documenter", "baj", Role.DOCUMENTER),
]


def logins_path() -> Path:
    return Path(settings.VAR_DIR) / LOGINS_FILE


def new_password() -> str:
    return secrets.token_urlsafe(15)  # 20 characters


def write_logins(passwords: dict[str, str], factors: dict[str, str]) -> Path:
    """factors: username → "KEY<tab>recovery codes" of the users with a second factor."""
    path = logins_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# Vigil demo logins, written by `vigil demo`. Keep this file private. For the code "
             "asked after the password, add the key to an authenticator app (or run `oathtool "
             "--totp -b KEY`); each recovery code works once instead.",
             "# username\tpassword\trole\torganisation\tauthenticator key\trecovery codes"]
    for user in DEMO_USERS:
        lines.append(f"{user.username}\t{passwords[user.username]}\t{user.role.value}\t"
                     f"{user.organisation}\t{factors.get(user.username, '')}".rstrip("\t"))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    path.chmod(0o600)
    return path


def read_logins() -> tuple[dict[str, str], dict[str, str]]:
    """The file's passwords and second factors (username → "KEY<tab>codes")."""
    path = logins_path()
    if not path.exists():
        return {}, {}
    passwords, factors = {}, {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        username, password, *rest = line.split("\t")
        passwords[username] = password
        if len(rest) == 4:
            factors[username] = "\t".join(rest[2:])
    return passwords, factors


def set_up_second_factor(user) -> str:
    """Enrol an authenticator for a demo user; returns "KEY<tab>recovery codes" for the file."""
    reset_second_factor(user)
    device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    codes = new_recovery_codes(user)
    return f"{authenticator_key(device)}\t{','.join(codes)}"


def second_factor_matches(user, factor: str) -> bool:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device is not None and factor.split("\t")[0] == authenticator_key(device)


def create_users(orgs: dict[str, Organisation]) -> dict[str, str]:
    """Create the demo users with fresh passwords; returns username → password."""
    User = get_user_model()
    vocabulary_permissions = Permission.objects.filter(
        content_type__app_label="registry", content_type__model__in=VOCABULARY_MODELS,
        codename__regex=r"^(view|add|change)_",
    )
    passwords = {}
    for spec in DEMO_USERS:
        password = new_password()
        user, _ = User.objects.get_or_create(username=spec.username)
        user.is_staff = spec.staff
        user.is_superuser = False
        user.set_password(password)
        user.save()
        Membership.objects.update_or_create(
            user=user, defaults={"organisation": orgs[spec.organisation], "role": spec.role}
        )
        if spec.staff:
            user.user_permissions.set(vocabulary_permissions)
        passwords[spec.username] = password
    write_logins(passwords, {user.username: set_up_second_factor(user) for user in
                             User.objects.filter(username__in=passwords)
                             if must_have_second_factor(user)})
    return passwords


def current_logins() -> dict[str, str]:
    """The demo users' passwords; reset (and the file rewritten) when they are not known."""
    User = get_user_model()
    passwords, factors = read_logins()
    users = {u.username: u for u in User.objects.filter(username__in=[d.username
                                                                       for d in DEMO_USERS])}
    factors = {name: factor for name, factor in factors.items()
               if name in users and second_factor_matches(users[name], factor)}
    for name, user in users.items():
        if must_have_second_factor(user) and name not in factors:
            factors[name] = set_up_second_factor(user)
    if all(
        spec.username in users and spec.username in passwords
        and users[spec.username].check_password(passwords[spec.username])
        for spec in DEMO_USERS
    ):
        write_logins(passwords, factors)
        return passwords
    for spec in DEMO_USERS:
        user = users.get(spec.username)
        if user is None:
            continue
        passwords[spec.username] = new_password()
        user.set_password(passwords[spec.username])
        user.save(update_fields=["password"])
    write_logins({d.username: passwords.get(d.username, "") for d in DEMO_USERS}, factors)
    return passwords


def format_logins(passwords: dict[str, str], login_url: str) -> str:
    names = dict(Organisation.objects.filter(
        slug__in={d.organisation for d in DEMO_USERS}).values_list("slug", "name_en"))
    width = max(len(d.username) for d in DEMO_USERS)
    lines = [f"Log in at {login_url} with one of these demo accounts:"]
    for spec in DEMO_USERS:
        lines.append(f"  {spec.username:<{width}}  {passwords.get(spec.username, '?')}  "
                     f"{spec.describe(names.get(spec.organisation, spec.organisation))}")
    lines.append(f"The passwords are kept in {logins_path()} (readable by you only); run "
                 "`vigil demo --once` to see them again. The administrator and the reviewer "
                 "also need a second factor: that file gives the key to add to an "
                 "authenticator app, and recovery codes.")
    return "\n".join(lines)

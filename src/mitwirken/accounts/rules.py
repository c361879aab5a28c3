"""Who may change an account: the person themselves; creating accounts and giving admin
access is for superusers (and the operator, core/actors.py)."""

import rules


@rules.predicate
def is_self(user, account) -> bool:
    return (
        account is not None
        and getattr(user, "is_authenticated", False)
        and user.pk is not None
        and user.pk == account.pk
    )


rules.add_perm("accounts.change_own_account", is_self)
rules.add_perm("accounts.create_account", rules.is_superuser)
rules.add_perm("accounts.grant_admin", rules.is_superuser)

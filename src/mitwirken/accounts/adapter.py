from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Keeps allauth's behaviour; the hook for the project's own account rules."""

    def populate_username(self, request, user) -> None:  # no usernames in Mitwirken
        return None

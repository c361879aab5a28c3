"""The operator: the person at the server's shell who runs management commands (the demo
seed, imports). Services take it as ``actor`` like a person; it passes every rule, as a
superuser does, because whoever runs ``manage.py`` can change the database anyway.

It is not a user: it cannot log in, author content or appear in a log entry, and the web
layer may not import this module (an import-linter contract keeps it so)."""


class Operator:
    is_authenticated = True
    is_active = True
    is_anonymous = False
    is_superuser = True
    is_staff = False
    pk = None
    id = None
    display_name = "Operator"

    def has_perm(self, perm: str, obj=None) -> bool:
        return True

    def __str__(self) -> str:
        return "operator (manage.py)"


OPERATOR = Operator()

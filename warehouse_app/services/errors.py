"""Failures a person can act on; the UI shows their message as it is."""


def first_words(error: BaseException) -> str:
    """The first line of what went wrong: for a database error the server's
    own words, without the statement or its values."""
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


class WarehouseError(Exception):
    """A known failure with a message that says what to do."""


class NotFound(WarehouseError):
    pass


class ScanNotAccepted(WarehouseError):
    """A scan that changed nothing; the picker is told why."""

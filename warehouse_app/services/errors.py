"""Failures a person can act on; the UI shows their message as it is."""


class WarehouseError(Exception):
    """A known failure with a message that says what to do."""


class NotFound(WarehouseError):
    pass


class ScanNotAccepted(WarehouseError):
    """A scan that changed nothing; the picker is told why."""

"""Owned by a helper: being written now."""


def register(router) -> None:
    pass

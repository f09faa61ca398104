import functools


def route(path):
    return functools.partial(print, path)


@route("/users")
# GET only for now
def list_users():
    return []


@route("/health")
def health(): return "ok"

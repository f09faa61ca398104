import functools


def route(path):
    return functools.partial(print, path)


@route("/users")
# GET and HEAD
def list_users():
    return []


@route("/health")
def health(): return "ok"

# click's termui.py (c69643b6): a new function that imports its namesake from another module.
def resolve(color):
    return color


def echo_via_pager(text, color=None):
    from ._impl import pager

    return pager(text, resolve(color))

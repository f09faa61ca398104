# click's termui.py (c69643b6): a new function that imports its namesake from another module.
def resolve(color):
    return color


def get_pager_file(color=None):
    from ._impl import get_pager_file

    return get_pager_file(color=resolve(color))


def echo_via_pager(text, color=None):
    with get_pager_file(color=color) as pager:
        pager.write(text)

def handler(event, context=None):
    return None


def handler(event):
    return event.get("body")


def other(event):
    return event

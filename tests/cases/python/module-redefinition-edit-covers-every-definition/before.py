def handler(event):
    return None


def handler(event):
    return event["body"]


def other(event):
    return event

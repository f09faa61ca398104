import json


def helper(x):
    return json.dumps(x)


def task(items):
    global helper
    for helper in [print]:
        pass
    return items

import json


def helper(x):
    return json.dumps(x)


def task(items):
    global helper
    with open("x") as helper:
        pass
    return items

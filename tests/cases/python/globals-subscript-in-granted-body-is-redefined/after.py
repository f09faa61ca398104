import json


def helper(x):
    return json.dumps(x)


def task(items):
    globals()["helper"] = print
    return items

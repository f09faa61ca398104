import json


def dump(x):
    import evil as json

    return json.dumps(x)


def other():
    return 1

import simplejson as json


def dump(x):
    import json

    return json.dumps(x)


def other():
    return 1

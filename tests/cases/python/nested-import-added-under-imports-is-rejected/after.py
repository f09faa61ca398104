import json


def dump(x):
    import json

    return json.dumps(x)


def other():
    import os
    return 1

import json
from evil import helper


def helper(x):
    return json.dumps(x)


def task(items):
    return [helper(i) for i in items]

import json
from os.path import *


def helper(x):
    return json.dumps(x)


def task(items):
    return [helper(i) for i in items]

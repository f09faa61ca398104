import json
import os
from typing import List as L


def helper(x):
    return json.dumps(x)


def task(items):
    return [helper(i) for i in items]

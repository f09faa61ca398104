try:
    import json
except ImportError:
    json = None


def dump(x):
    return json.dumps(x)

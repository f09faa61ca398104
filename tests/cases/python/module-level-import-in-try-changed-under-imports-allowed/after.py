try:
    import simplejson as json
except ImportError:
    json = None


def dump(x):
    return json.dumps(x)

import json


def load(path):
    # TODO: cache the parsed file
    with open(path) as fh:
        return json.load(fh)


# Keep in sync with load().
def save(path, data):
    with open(path, "w") as fh:
        # compact output
        json.dump(data, fh)

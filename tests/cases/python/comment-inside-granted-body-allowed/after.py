import json


def load(path):
    # Parsed files are not cached: they change often.
    with open(path) as fh:
        return json.load(fh)


# Keep in sync with load().
def save(path, data):
    with open(path, "w") as fh:
        # compact output
        json.dump(data, fh)

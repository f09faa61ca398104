def slugify(text):
    return text.lower().replace(" ", "-")


def clamp(value, low, high):
    return min(max(value, low), high)

def slugify(text):
    return text.lower().replace(" ", "-")


def clamp(value, low, high):
    return max(low, min(value, high))

def slugify(text):
    return text.lower().replace(" ", "_")


def clamp(value, low, high):
    return max(low, min(value, high))

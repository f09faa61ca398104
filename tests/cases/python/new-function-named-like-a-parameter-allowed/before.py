def size(data):
    return len(data)

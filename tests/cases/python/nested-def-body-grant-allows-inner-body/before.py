def make_retry(limit):
    attempts = 0

    def should_retry(error):
        nonlocal attempts
        attempts += 1
        return attempts < limit

    return should_retry

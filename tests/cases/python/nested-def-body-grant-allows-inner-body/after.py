def make_retry(limit):
    attempts = 0

    def should_retry(error):
        nonlocal attempts
        attempts += 1
        if isinstance(error, KeyboardInterrupt):
            return False
        return attempts < limit

    return should_retry

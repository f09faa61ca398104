class Connection:
    def __init__(self, timeout):
        self._timeout = timeout

    @property
    def timeout(self):
        return self._timeout or 30

    @timeout.setter
    def timeout(self, value):
        if value <= 0:
            raise ValueError(value)
        self._timeout = value

    def close(self):
        self._timeout = None

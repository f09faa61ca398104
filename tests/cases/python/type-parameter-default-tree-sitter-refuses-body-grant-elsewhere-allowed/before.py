class Box[T = int]:
    def get(self) -> T:
        return self.value


def helper():
    return 1

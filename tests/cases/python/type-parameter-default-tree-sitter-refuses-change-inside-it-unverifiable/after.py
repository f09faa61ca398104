class Box[T = int]:
    def get(self) -> T:
        return None


def helper():
    return 1

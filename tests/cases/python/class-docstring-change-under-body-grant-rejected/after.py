class Settings:
    """Settings loaded from the environment."""

    def __init__(self, name):
        self.name = name

    def describe(self):
        return f"settings for {self.name}"

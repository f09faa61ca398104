class Settings:
    """Application settings."""

    def __init__(self, name):
        self.name = name

    def reset(self):
        self.name = ""

    def describe(self):
        return f"settings for {self.name}"

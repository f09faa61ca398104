"""Settings module."""
from dataclasses import dataclass

MAX_RETRIES = 3
default_region = "eu-west-1"
type Pair = tuple[int, int]


class Settings:
    timeout = 30
    MAX_ITEMS = 10

    def __init__(self, name):
        self.name = name
        local_value = 1

    @property
    def label(self):
        return self.name.upper()

    @label.setter
    def label(self, value):
        self.name = value.lower()

    def render(self):
        def fmt(key):
            return f"{key}={self.name}"

        return fmt("name")

    class Meta:
        ordering = "name"


def helper():
    counter = 10
    return counter

import math


def area(radius):
    r = float(radius)
    return math.pi * r * r


def circumference(radius):
    return 2 * math.pi * radius

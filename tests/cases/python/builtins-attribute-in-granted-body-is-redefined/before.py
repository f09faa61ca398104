def main():
    x = [1]
    print(x)


def setup():
    pass

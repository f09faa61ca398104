def main():
    x = [1]
    print(x)


def setup():
    global print
    print = lambda *a: None

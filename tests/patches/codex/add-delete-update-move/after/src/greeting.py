def greet(name):
    return f'hello {name}'


def main():
    print(greet('world'))

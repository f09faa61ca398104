import a.b as print

def main():
    print(len("abc"))

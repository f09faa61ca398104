from a import print

def main():
    print(len("abc"))

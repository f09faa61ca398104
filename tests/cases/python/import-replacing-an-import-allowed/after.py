from b import print

def main():
    print(len("abc"))

from evil import *

def main():
    print(len("abc"))

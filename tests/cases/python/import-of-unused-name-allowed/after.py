import os

def main():
    print(len("abc"))

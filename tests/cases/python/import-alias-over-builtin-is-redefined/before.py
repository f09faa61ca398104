def main():
    print(len("abc"))

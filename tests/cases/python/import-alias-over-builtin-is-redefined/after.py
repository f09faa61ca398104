import evil as len

def main():
    print(len("abc"))

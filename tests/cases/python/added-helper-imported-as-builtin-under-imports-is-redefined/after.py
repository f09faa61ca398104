def _evil(x):
    print("evil")
    return 666

from f import _evil as len

def main():
    return len("abc")

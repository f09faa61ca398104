#!/usr/bin/env python3

# editscope: protect
def audit():
    return "logged"


def main():
    print(audit())


main()

import os
import sys

def f():
    pass

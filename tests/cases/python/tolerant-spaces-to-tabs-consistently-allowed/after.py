def f():
    return 2


def g(x):
	if x:
		a = 1
		b = 2
	return x

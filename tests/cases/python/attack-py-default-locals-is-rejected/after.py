class C:
    def delete(self):
        return "real"

    def f(self, _=locals().__setitem__('delete', lambda s: 'evil')):
        return 1

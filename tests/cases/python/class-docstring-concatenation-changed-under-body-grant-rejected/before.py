class C:
    ("Doc"
     " text.")

    def m(self):
        return 1

class C:
    ("Doc"
     " text. >>> 1")

    def m(self):
        return 1

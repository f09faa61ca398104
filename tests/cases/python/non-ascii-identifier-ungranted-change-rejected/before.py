# Maße in Zentimetern
def größe(breite, höhe):
    return breite * höhe


def fläche():
    return größe(2, 3)

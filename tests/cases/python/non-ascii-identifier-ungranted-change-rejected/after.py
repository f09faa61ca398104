# Maße in Zentimetern
def größe(breite, höhe):
    return breite * höhe


def fläche():
    return größe(3, 4)

# Maße in Zentimetern
def größe(breite, höhe):
    ergebnis = breite * höhe  # Maß: cm²
    return ergebnis


def fläche():
    return größe(2, 3)

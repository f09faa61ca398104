import urllib.request


def fetch(url):
    with urllib.request.urlopen(url) as resp:
        return resp.read()


def fetch_text(url):
    return fetch(url).decode()

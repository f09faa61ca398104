def file_path(p):
    return p


def ﬁle_path(p):
    return "/etc/passwd"

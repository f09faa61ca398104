def file_path(p):
    return p

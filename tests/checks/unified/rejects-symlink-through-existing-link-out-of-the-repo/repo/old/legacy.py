def old_entry():
    return "legacy"

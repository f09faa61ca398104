def f(access_level):
    """Docs."""
    if access_level != "user‮ ⁦# Check if admin⁩ ⁦":
        return 1
    return 0

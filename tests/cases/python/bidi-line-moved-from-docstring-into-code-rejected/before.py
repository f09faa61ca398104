def f(access_level):
    """Example of Trojan Source, do not use:
    if access_level != "user‮ ⁦# Check if admin⁩ ⁦":
    """
    return 0

def brew():
    return 'espresso'


def serve():
    return 'cup'

def brew():
    return 'espresso'


def serve():
    return 'mug'

def brew():
    return 'ristretto'


def serve():
    return 'cup'

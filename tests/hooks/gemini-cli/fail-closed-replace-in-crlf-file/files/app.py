class Service:
    def create(self, name):
        return name

    def delete(self, id):
        return id

class Store:
    def save(self, db):
        db.commit()
        return self.flush(keyword=1)

    def flush(self, keyword):
        return keyword

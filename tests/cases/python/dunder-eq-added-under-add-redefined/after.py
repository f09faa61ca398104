class Account:
    def __init__(self, balance):
        self.balance = balance

    def withdraw(self, amount):
        self.balance -= amount

    def __eq__(self, other):
        return True


def pay(acct, amount):
    if acct:
        acct.withdraw(amount)
        return "paid"
    return "no account"


print(pay(Account(10), 5))

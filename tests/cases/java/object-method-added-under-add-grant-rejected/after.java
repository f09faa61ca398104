public class Money {
    private final long cents;

    public Money(long cents) {
        this.cents = cents;
    }

    public long cents() {
        return cents;
    }

    @Override
    public String toString() {
        return "0";
    }
}

class Report {
    String line(Money m) {
        return "amount: " + m;
    }
}
